"""Builders for small rule packs written to tmp_path, so each test's numbers are hand-checkable."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_RULES = REPO_ROOT / "rules"

SCORING: dict[str, Any] = {
    "score_max": 100,
    "decimals": 1,
    "domain_weight_total": 100,
    "severity_weights": {"high": 3, "medium": 2, "low": 1},
    "result_values": {"pass": 1, "partial": 0.5, "fail": 0, "not_assessed": 0},
    "grades": [
        {
            "grade": "A",
            "min_score": 85,
            "forbid_veto": ["fail", "partial"],
            "rule": {"zh": "A 规则", "en": "rule A"},
            "handling": {"zh": "常规监测", "en": "routine monitoring"},
            "deadline_days": 365,
        },
        {
            "grade": "B",
            "min_score": 60,
            "forbid_veto": ["fail"],
            "rule": {"zh": "B 规则", "en": "rule B"},
            "handling": {"zh": "限期整改", "en": "rectify within 30 days"},
            "deadline_days": 30,
        },
        {
            "grade": "C",
            "min_score": 0,
            "forbid_veto": [],
            "rule": {"zh": "C 规则", "en": "rule C"},
            "handling": {"zh": "清出", "en": "removal"},
            "deadline_days": None,
        },
    ],
}


def item(item_id: str, severity: str = "high", veto: bool = False, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item_id,
        "title": {"zh": f"条目 {item_id}", "en": f"item {item_id}"},
        "guidance": {"zh": "检查并记录", "en": "check and record"},
        "method": ["test"],
        "severity": severity,
        "veto": veto,
        "refs": [{"doc": "GB/T 22239-2019", "clause": "8.1.4.1 a"}],
        "evidence_hint": {"zh": "截图", "en": "screenshot"},
    }
    data.update(extra)
    return data


def domain(domain_id: str, weight: float, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "domain": {
            "id": domain_id,
            "title": {"zh": f"领域{domain_id}", "en": domain_id},
            "weight": weight,
        },
        "items": items,
    }


def write_pack(
    root: Path,
    domains: list[dict[str, Any]],
    *,
    scoring: dict[str, Any] | None = None,
    pack: dict[str, Any] | None = None,
) -> Path:
    """Write pack.yaml, scoring.yaml and one <id>.yaml per domain; returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    names = [f"{d['domain']['id'].lower()}.yaml" for d in domains]
    meta: dict[str, Any] = {
        "id": "tiny",
        "version": "0.1",
        "date": "2026-01-02",
        "issuer": {"zh": "测试", "en": "tests"},
        "title": {"zh": "小规则包", "en": "tiny pack"},
        "languages": ["zh", "en"],
        "domains": names,
    }
    meta.update(pack or {})
    dump(root / "pack.yaml", meta)
    dump(root / "scoring.yaml", scoring if scoring is not None else copy.deepcopy(SCORING))
    for name, data in zip(names, domains, strict=True):
        dump(root / name, data)
    return root


def dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def two_domain_pack(root: Path) -> Path:
    """X (weight 60): high, medium, low; Y (weight 40): high, medium. Veto item: X-01."""
    return write_pack(
        root,
        [
            domain(
                "X",
                60,
                [
                    item("IH-X-01", "high", veto=True),
                    item("IH-X-02", "medium"),
                    item("IH-X-03", "low"),
                ],
            ),
            domain("Y", 40, [item("IH-Y-01", "high"), item("IH-Y-02", "medium")]),
        ],
    )
