"""Approving a case applies its grade's handling to the application, exactly once."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.db.rows import CaseRow
from app.domain.enums import AppStatus, CaseStatus, CaseType, Grade
from app.domain.models import Application, Organisation
from app.registry import regulator_key
from app.registry.codes import Outcome
from app.services.handling import apply_grade_handling
from app.services.rectifications import RectificationQuery
from app.services.workspace import Workspace
from tests.registry.support import approved_case

Registered = tuple[Organisation, Application]


def _apk_result(*findings: tuple[str, str, list[str]]) -> dict:
    return {
        "file": {"name": "app.apk", "sha256": "cd" * 32},
        "package": "cn.example.registry",
        "version_code": 120,
        "findings": [
            {
                "rule_id": rule,
                "severity": severity,
                "title": {"zh": rule, "en": rule},
                "checklist_items": items,
            }
            for rule, severity, items in findings
        ],
    }


def test_grade_a_admits_and_sets_the_next_reassessment(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    assessed = date.today() - timedelta(days=3)
    approved_case(workspace, app, Grade.A, assessment_date=assessed)
    indicators = workspace.registry.indicators(app.id)
    assert indicators.application.status == AppStatus.ACTIVE
    assert indicators.reassessment_due == assessed + timedelta(days=365)
    assert workspace.rectifications.list() == []
    assert indicators.last_assessment is not None and indicators.last_assessment.grade == Grade.A


def test_grade_b_creates_dated_rectifications_from_items_and_serious_findings(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    apk = _apk_result(
        ("APK-TLS-TRUST-ALL", "critical", ["IH-TRN-13"]),
        ("APK-NET-CLEARTEXT", "high", ["IH-TRN-12"]),
        ("APK-PERM-DANGEROUS", "medium", []),
    )
    case = approved_case(workspace, app, Grade.B, apk_result=apk)
    rectifications = workspace.rectifications.list(RectificationQuery(case_id=case.id))
    keys = {r.source_key for r in rectifications}
    failed = {k for k in keys if k.startswith("item:")}
    assert len(failed) == 3  # one veto item partial, two items failed
    assert {"apk:APK-TLS-TRUST-ALL", "apk:APK-NET-CLEARTEXT"} <= keys
    assert "apk:APK-PERM-DANGEROUS" not in keys  # medium findings are not rectifications
    assert all(r.due_date == date.today() + timedelta(days=30) for r in rectifications)
    assert all(r.status == "open" and not r.overdue for r in rectifications)
    item = next(r for r in rectifications if r.source_key.startswith("item:"))
    assert item.title.startswith(item.item_id or "?") and item.title_en
    assert workspace.rectifications.history(item.id)[0].action == "create"


def test_a_finding_covered_by_a_failed_item_is_not_a_second_rectification(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    first = approved_case(workspace, app, Grade.B)
    failed_items = [
        r.item_id for r in workspace.rectifications.list(RectificationQuery(case_id=first.id))
    ]
    covered = failed_items[0]
    assert covered is not None
    apk = _apk_result(("APK-SIGN-DEBUG-CERT", "high", [covered]))
    second = approved_case(workspace, app, Grade.B, CaseType.PERIODIC, apk_result=apk)
    keys = {
        r.source_key for r in workspace.rectifications.list(RectificationQuery(case_id=second.id))
    }
    assert "apk:APK-SIGN-DEBUG-CERT" not in keys and f"item:{covered}" in keys


def test_handling_twice_duplicates_nothing(workspace: Workspace, registered: Registered) -> None:
    """A repeated approval (e.g. the same case imported again) finds its earlier work."""
    _org, app = registered
    case = approved_case(
        workspace, app, Grade.B, apk_result=_apk_result(("APK-NET-CLEARTEXT", "high", []))
    )
    before = workspace.rectifications.list()
    history = workspace.registry.history(app.id)
    with workspace.session() as session:
        row = session.scalar(select(CaseRow).where(CaseRow.id == case.id))
        assert row is not None
        again = apply_grade_handling(session, row, "赵复核", date.today())
    assert again.rectifications_created == 0 and again.status_change is None
    assert workspace.rectifications.list() == before
    assert workspace.registry.history(app.id) == history


def test_grade_c_removes_the_application_and_revokes_its_code(
    workspace: Workspace, registered: Registered, regulator: regulator_key.UnlockedKey
) -> None:
    _org, app = registered
    approved_case(workspace, app, Grade.A)
    code = workspace.registry.issue_code(app.id, regulator)
    failing = approved_case(workspace, app, Grade.C, CaseType.SPOT_CHECK)
    assert workspace.applications.get(app.id).status == AppStatus.REMOVED
    last = workspace.registry.history(app.id)[-1]
    assert last.case_id == failing.id and "grade C" in last.reason
    assert workspace.registry.verify_code(code.statement, regulator.public).outcome == (
        Outcome.REVOKED
    )
    assert workspace.registry.indicators(app.id).code_state == "revoked"


def test_self_assessments_never_change_the_registry(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    approved_case(workspace, app, Grade.C, CaseType.SELF_ASSESSMENT)
    assert workspace.applications.get(app.id).status == AppStatus.REGISTERED
    assert workspace.registry.history(app.id) == []
    assert workspace.registry.indicators(app.id).trend == ()


def test_a_suspended_application_stays_suspended_after_a_passing_case(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    workspace.registry.set_status(app.id, AppStatus.ACTIVE, "线下审核通过")
    workspace.registry.set_status(app.id, AppStatus.SUSPENDED, "发现仿冒版本待查")
    approved_case(workspace, app, Grade.A, CaseType.SPOT_CHECK)
    assert workspace.applications.get(app.id).status == AppStatus.SUSPENDED


def test_archiving_an_approved_case_adds_nothing(
    workspace: Workspace, registered: Registered
) -> None:
    _org, app = registered
    case = approved_case(workspace, app, Grade.B)
    before = workspace.rectifications.list()
    workspace.cases.set_status(case.id, CaseStatus.ARCHIVED)
    assert workspace.rectifications.list() == before
    assert len(workspace.registry.history(app.id)) == 1
