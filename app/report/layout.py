"""Page geometry shared by the renderer and the signer.

The last page of every report is a signature page with fixed signature slots;
the renderer draws their frames and the signer puts the visible signatures into
them, so both must agree on these coordinates (PDF points, origin bottom-left).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

SLOT_WIDTH = 82 * mm
SLOT_HEIGHT = 38 * mm
SLOT_BOTTOM = 138 * mm
SLOT_GAP = CONTENT_WIDTH - 2 * SLOT_WIDTH
# The signature page's text must end above the slots and their captions.
SIGNATURE_TEXT_BOTTOM = SLOT_BOTTOM + SLOT_HEIGHT + 14 * mm


@dataclass(frozen=True)
class SignatureSlot:
    field_name: str
    label_key: str  # key into app.report.texts.LABELS
    box: tuple[int, int, int, int]  # x1, y1, x2, y2 in whole points (pyHanko wants ints)


def _box(x1: float, y1: float, x2: float, y2: float) -> tuple[int, int, int, int]:
    return round(x1), round(y1), round(x2), round(y2)


SIGNATURE_SLOTS: tuple[SignatureSlot, ...] = (
    SignatureSlot(
        "IHSA-Signature-1",
        "slot_assessor",
        _box(MARGIN_LEFT, SLOT_BOTTOM, MARGIN_LEFT + SLOT_WIDTH, SLOT_BOTTOM + SLOT_HEIGHT),
    ),
    SignatureSlot(
        "IHSA-Signature-2",
        "slot_reviewer",
        _box(
            MARGIN_LEFT + SLOT_WIDTH + SLOT_GAP,
            SLOT_BOTTOM,
            PAGE_WIDTH - MARGIN_RIGHT,
            SLOT_BOTTOM + SLOT_HEIGHT,
        ),
    ),
)
