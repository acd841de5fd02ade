"""Pinned rule packs: stored by hash with the case, rebuilt offline when reopened."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.db.rows import RulePackRow
from app.errors import IntegrityError
from app.rules import RulePack, default_pack, load_pack

# Snapshots are addressed by their content hash, so a rebuilt pack never goes stale.
_rebuilt: dict[str, RulePack] = {}


def current_pack(rules_dir: Path | None) -> RulePack:
    """The pack new cases are pinned to (the installed ``rules/`` unless overridden)."""
    return load_pack(rules_dir) if rules_dir is not None else default_pack()


def pin(session: Session, pack: RulePack) -> None:
    """Store the pack's snapshot once, addressed by its hash."""
    if session.get(RulePackRow, pack.hash) is None:
        session.add(
            RulePackRow(
                sha256=pack.hash, pack_id=pack.id, version=pack.version, content=pack.snapshot()
            )
        )
        session.flush()


def pinned(session: Session, sha256: str) -> RulePack:
    """The pack a case was assessed with, whatever ``rules/`` holds today."""
    if sha256 in _rebuilt:
        return _rebuilt[sha256]
    row = session.get(RulePackRow, sha256)
    if row is None:
        raise IntegrityError(
            f"案件所用规则库 {sha256[:12]} 的快照缺失",
            f"the snapshot of the case's rule pack {sha256[:12]} is missing",
        )
    pack = RulePack.from_snapshot(row.content)
    _rebuilt[sha256] = pack
    return pack
