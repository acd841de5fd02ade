"""Per-application indicators: trend, re-assessment, code validity, counterfeit/outdated builds."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.enums import CaseType, Grade
from app.domain.models import Application, Organisation
from app.registry import regulator_key
from app.services.cases import NewCase
from app.services.workspace import Workspace
from tests.registry.support import approved_case

Registered = tuple[Organisation, Application]


def _analysis(sha: str, cert: str, version: str, tampered: bool = False) -> dict:
    return {
        "file": {"name": f"{sha[:4]}.apk", "sha256": sha * 32},
        "package": "cn.example.registry",
        "version_code": 100,
        "consistency": {
            "package": "match",
            "cert": cert,
            "tampered": tampered,
            "version": version,
            "verdict_zh": "判定",
            "verdict_en": "verdict",
        },
    }


def test_indicators_of_a_registered_app_without_history(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    indicators = workspace.registry.indicators(app.id)
    assert indicators.last_assessment is None and indicators.trend == ()
    assert indicators.code is None and indicators.code_state == "none"
    assert indicators.status_since == app.created_at
    assert indicators.build_alerts == () and indicators.reassessment_due is None


def test_trend_reassessment_and_code_state(
    workspace: Workspace, registered: Registered, regulator: regulator_key.UnlockedKey
) -> None:
    _org, app = registered
    year_ago = date.today() - timedelta(days=400)
    approved_case(workspace, app, Grade.A, assessment_date=year_ago)
    approved_case(workspace, app, Grade.B, CaseType.PERIODIC)
    indicators = workspace.registry.indicators(app.id)
    assert [p.grade for p in indicators.trend] == [Grade.A, Grade.B]
    assert indicators.last_assessment == indicators.trend[-1]
    assert indicators.reassessment_due == year_ago + timedelta(days=365)
    assert indicators.reassessment_overdue
    code = workspace.registry.issue_code(app.id, regulator, valid_days=10)
    assert workspace.registry.indicators(app.id).code_state == "valid"
    later = workspace.registry.indicators(app.id, code.valid_until + timedelta(days=1))
    assert later.code_state == "expired" and later.code == code


def test_counterfeit_tampered_and_outdated_builds_are_counted_once(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    case = workspace.cases.create(
        NewCase(
            organisation_id=app.organisation_id,
            application_id=app.id,
            case_type=CaseType.SPOT_CHECK,
            assessor="张检查",
        )
    )
    workspace.cases.record_apk_analysis(case.id, _analysis("aa", "mismatch", "current"))
    workspace.cases.record_apk_analysis(case.id, _analysis("aa", "mismatch", "current"))
    workspace.cases.record_apk_analysis(case.id, _analysis("bb", "match", "outdated"))
    workspace.cases.record_apk_analysis(case.id, _analysis("cc", "match", "current"))
    # A channel sweep, stored without a case, is matched by package name.
    workspace.cases.record_apk_analysis(None, _analysis("dd", "mismatch", "current", True))
    other = _analysis("ee", "mismatch", "current")
    other["package"] = "cn.unrelated"
    workspace.cases.record_apk_analysis(None, other)
    alerts = workspace.registry.indicators(app.id).build_alerts
    assert sorted((a.kind, a.file_sha256[:2]) for a in alerts) == [
        ("counterfeit", "aa"),
        ("outdated", "bb"),
        ("tampered", "dd"),
    ]
