"""Pinned packs, live scores, APK auto-answers and submission of a case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.domain.enums import AnswerSource, CaseStatus, CaseType, Result
from app.errors import IntegrityError, ValidationError
from app.paths import rules_dir
from app.rules import default_pack, load_pack, score
from app.services.cases import NewCase
from app.services.workspace import Workspace


def _new_case(ws: Workspace) -> int:
    org = ws.organisations.add("甲医院", "123301004700123455")
    return ws.cases.create(NewCase(org.id, CaseType.INITIAL, "张三")).id


def test_a_case_keeps_scoring_with_its_pinned_pack(tmp_path: Path) -> None:
    edited_rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), edited_rules)
    ws = Workspace.open(data_dir=tmp_path / "data", rules_dir=edited_rules)
    case_id = _new_case(ws)
    original = load_pack(edited_rules)
    assert ws.cases.get(case_id).pack.sha256 == original.hash
    ws.cases.set_answer(case_id, "IH-AUTH-01", Result.FAIL)
    before = ws.assessment.score(case_id)

    # The installed rules change (a new release re-weights domains) ...
    pack_yaml = edited_rules / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text(encoding="utf-8").replace('"1.0.0"', '"1.1.0"'))
    scoring = edited_rules / "scoring.yaml"
    scoring.write_text(scoring.read_text(encoding="utf-8").replace("high: 3", "high: 5"))
    assert load_pack(edited_rules).hash != original.hash
    shutil.rmtree(edited_rules)  # ... or disappear altogether: the case still scores.

    reopened = Workspace.open(data_dir=tmp_path / "data", rules_dir=None)
    assert reopened.assessment.pack(case_id).hash == original.hash
    assert reopened.assessment.score(case_id).score == before.score


def test_every_answer_updates_the_stored_score(workspace: Workspace) -> None:
    case_id = _new_case(workspace)
    pack = default_pack()
    for item in pack.items:
        workspace.cases.set_answer(case_id, item.id, Result.PASS)
    case = workspace.cases.get(case_id)
    assert case.score == 100.0 and case.grade.value == "A" and not case.provisional
    veto = next(i for i in pack.items if i.veto)
    workspace.cases.set_answer(case_id, veto.id, Result.FAIL)
    case = workspace.cases.get(case_id)
    expected = score(pack, {i.id: "pass" for i in pack.items} | {veto.id: "fail"})
    assert case.score == float(expected.score) and case.grade.value == "C"


def _analysis(statuses: dict[str, str]) -> dict:
    return {
        "file": {"name": "hospital.apk", "sha256": "ab" * 32, "size": 1000},
        "package": "cn.example.app",
        "rule_status": statuses,
        "findings": [
            {
                "rule_id": rule_id,
                "severity": "high",
                "title": {"zh": f"{rule_id} 问题", "en": f"{rule_id} issue"},
                "evidence": ["AndroidManifest.xml: android:debuggable=true"],
            }
            for rule_id, status in statuses.items()
            if status == "fired"
        ],
    }


def test_apk_results_prefill_items_but_never_overwrite_the_assessor(
    workspace: Workspace,
) -> None:
    case_id = _new_case(workspace)
    pack = default_pack()
    debuggable_items = pack.items_for_apk_rule("APK-MAN-DEBUGGABLE")
    cert_items = pack.items_for_apk_rule("APK-CONS-CERT-MISMATCH")
    assert debuggable_items and cert_items
    workspace.cases.set_answer(case_id, cert_items[0], Result.PASS, note="现场核对证书一致")
    statuses = {rule: "clear" for item in pack.items for rule in item.apk_rules}
    statuses |= {"APK-MAN-DEBUGGABLE": "fired", "APK-CONS-CERT-MISMATCH": "fired"}
    workspace.cases.record_apk_analysis(case_id, _analysis(statuses))
    applied = workspace.assessment.apply_apk_result(case_id, _analysis(statuses))

    answers = {a.item_id: a for a in workspace.cases.answers(case_id)}
    auto = answers[debuggable_items[0]]
    assert auto.result == Result.FAIL and auto.source == AnswerSource.APK_AUTO
    assert "APK-MAN-DEBUGGABLE" in auto.note and "debuggable=true" in auto.note
    manual = answers[cert_items[0]]
    assert manual.result == Result.PASS and manual.source == AnswerSource.MANUAL
    assert manual.auto_result == Result.FAIL
    assert applied.kept == (cert_items[0],) and auto.item_id in applied.applied
    assert workspace.cases.apk_analyses(case_id)[0]["package"] == "cn.example.app"

    # The assessor overrides the automatic answer, with a written reason.
    with pytest.raises(ValidationError):
        workspace.cases.set_answer(case_id, auto.item_id, Result.PASS, source=AnswerSource.OVERRIDE)
    workspace.cases.set_answer(
        case_id,
        auto.item_id,
        Result.PASS,
        source=AnswerSource.OVERRIDE,
        override_reason="样本为测试渠道包，正式包已复核",
    )
    # A later analysis records its result but keeps the override.
    workspace.assessment.apply_apk_result(case_id, _analysis(statuses))
    kept = {a.item_id: a for a in workspace.cases.answers(case_id)}[auto.item_id]
    assert kept.result == Result.PASS and kept.source == AnswerSource.OVERRIDE


def test_unknown_rule_status_leaves_items_for_the_assessor(workspace: Workspace) -> None:
    case_id = _new_case(workspace)
    statuses = {rule: "unknown" for item in default_pack().items for rule in item.apk_rules}
    workspace.cases.record_apk_analysis(case_id, _analysis(statuses))
    applied = workspace.assessment.apply_apk_result(case_id, _analysis(statuses))
    assert applied.applied == () and workspace.cases.answers(case_id) == []
    assert set(applied.undecided) == {i.id for i in default_pack().items if i.apk_rules}


def test_submission_needs_complete_answers_and_intact_evidence(
    workspace: Workspace, tmp_path: Path
) -> None:
    case_id = _new_case(workspace)
    items = default_pack().items
    for item in items[:-1]:
        workspace.cases.set_answer(case_id, item.id, Result.PASS)
    workspace.cases.set_answer(case_id, items[-1].id, Result.NA)
    with pytest.raises(ValidationError) as info:
        workspace.assessment.submit(case_id)
    assert items[-1].id in info.value.message("en")
    assert [p.item_id for p in workspace.assessment.finish_problems(case_id)] == [items[-1].id]
    workspace.cases.set_answer(case_id, items[-1].id, Result.NA, justification="无移动端")

    evidence_file = tmp_path / "policy.pdf"
    evidence_file.write_bytes(b"%PDF policy")
    evidence = workspace.evidence.add(case_id, evidence_file)
    workspace.store.path_for(evidence.sha256).write_bytes(b"%PDF forged")
    with pytest.raises(IntegrityError):
        workspace.assessment.submit(case_id)
    assert workspace.cases.get(case_id).status == CaseStatus.IN_PROGRESS

    workspace.store.path_for(evidence.sha256).write_bytes(b"%PDF policy")
    case = workspace.assessment.submit(case_id)
    assert case.status == CaseStatus.SUBMITTED and not case.provisional
    assert case.submitted_at is not None


def test_importing_answers_is_all_or_nothing(workspace: Workspace) -> None:
    case_id = _new_case(workspace)
    with pytest.raises(ValidationError) as info:
        workspace.assessment.import_answers(
            case_id, {"IH-AUTH-01": "pass", "IH-NOPE-1": "pass", "IH-AUTH-02": "great"}
        )
    assert "IH-NOPE-1" in info.value.message("en") and "great" in info.value.message("en")
    assert workspace.cases.answers(case_id) == []
    count = workspace.assessment.import_answers(
        case_id,
        {"IH-AUTH-01": "fail", "IH-AUTH-02": {"result": "na", "justification": "无", "note": "n"}},
    )
    answers = {a.item_id: a for a in workspace.cases.answers(case_id)}
    assert count == 2 and answers["IH-AUTH-01"].result == Result.FAIL
    assert answers["IH-AUTH-02"].justification == "无" and answers["IH-AUTH-02"].note == "n"
    assert workspace.cases.get(case_id).provisional
