"""Report use cases: build, render and sign a case's report; countersign; verify.

Every function is Qt-free and takes ``progress``/``cancel`` where it can run long,
so the GUI calls them from a worker. Each generated or countersigned file is
recorded in the ``reports`` table (file hash, digest, signer, signing time).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.db.rows import ReportRow
from app.errors import IntegrityError, StorageError
from app.jobs import CancelToken, ProgressSink, no_progress
from app.report.digest import answers_digest
from app.report.model import ReportData
from app.report.sign import SignOutcome, sign_pdf
from app.report.verify import VerificationResult, verify_pdf, with_current_digest
from app.security import access, audit
from app.security.keystore import SigningIdentity

if TYPE_CHECKING:
    from app.services.workspace import Workspace


@dataclass(frozen=True)
class ReportRecord:
    id: int
    case_id: int
    path: str
    file_sha256: str
    lang: str
    digest: str
    signer: str
    signed_at: datetime | None
    created_at: datetime


def build_report_data(
    workspace: Workspace, case_id: int, lang: str = "zh", *, now: datetime | None = None
) -> ReportData:
    """Gather everything the report of ``case_id`` shows (one read of the case)."""
    from app.errors import ValidationError
    from app.report.assemble import assemble

    case = workspace.cases.get(case_id)
    organisation = workspace.organisations.get(case.organisation_id)
    application = workspace.applications.get(case.application_id) if case.application_id else None
    pack = workspace.assessment.pack(case_id)
    answers = workspace.cases.answers(case_id)
    evidence = workspace.evidence.list(case_id)
    analyses = workspace.cases.apk_analyses(case_id)
    try:
        scored = workspace.assessment.score(case_id)
    except ValidationError as err:
        if err.code != "nothing_applicable":
            raise
        scored = None
    return assemble(
        lang=lang,
        case=case,
        organisation=organisation,
        application=application,
        pack=pack,
        scored=scored,
        answers=answers,
        evidence=evidence,
        apk_result=analyses[0] if analyses else None,
        generated_at=now or datetime.now(UTC),
    )


def generate_report(
    workspace: Workspace,
    case_id: int,
    out_path: Path,
    *,
    lang: str = "zh",
    identity: SigningIdentity | None = None,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> ReportRecord:
    """Render the case's report to ``out_path``, signed when ``identity`` is given."""
    from app.report.render import render_report

    access.require_report_author(workspace, case_id, signed=identity is not None)
    cancel = cancel or CancelToken()
    out_path = Path(out_path)
    progress(0.0, "data")
    if identity is not None:
        _require_evidence_intact(workspace, case_id)
    data = build_report_data(workspace, case_id, lang)
    cancel.raise_if_cancelled()
    if identity is None:
        render_report(data, out_path, _scaled(progress, 0.05, 0.95), cancel)
        outcome = None
    else:
        unsigned = _temp_beside(out_path)
        try:
            render_report(data, unsigned, _scaled(progress, 0.05, 0.75), cancel)
            outcome = sign_pdf(
                unsigned, identity, out_path, progress=_scaled(progress, 0.75, 0.95), cancel=cancel
            )
        finally:
            unsigned.unlink(missing_ok=True)
    record = _record(workspace, case_id, out_path, data.lang, data.digest, outcome)
    progress(1.0, "done")
    return record


def countersign_report(
    workspace: Workspace | None,
    pdf_path: Path,
    identity: SigningIdentity,
    out_path: Path | None = None,
    *,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> tuple[SignOutcome, ReportRecord | None]:
    """Add a signature to a signed report; recorded when its case is in this database."""
    if workspace is not None:
        access.require_countersigner(workspace, Path(pdf_path))
    outcome = sign_pdf(Path(pdf_path), identity, out_path, progress=progress, cancel=cancel)
    record = None
    if workspace is not None:
        result = verify_pdf(outcome.path)
        if result.case_id is not None and _case_exists(workspace, result.case_id):
            lang = _info_lang(outcome.path)
            record = _record(
                workspace, result.case_id, outcome.path, lang, result.printed_digest, outcome
            )
    return outcome, record


def verify_report(
    workspace: Workspace | None,
    pdf_path: Path,
    *,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> VerificationResult:
    """Verify signatures and, when the case is in this database, the answer digest."""
    result = verify_pdf(Path(pdf_path), progress, cancel)
    if workspace is None or result.case_id is None:
        return result
    return with_current_digest(result, current_digest(workspace, result.case_id))


def current_digest(workspace: Workspace, case_id: int) -> str | None:
    """The digest of the case as stored now; None when this database lacks the case."""
    if not _case_exists(workspace, case_id):
        return None
    answers = workspace.cases.answers(case_id)
    evidence = workspace.evidence.list(case_id)
    return answers_digest(answers, [e.sha256 for e in evidence])


def list_reports(workspace: Workspace, case_id: int) -> list[ReportRecord]:
    with workspace.session() as session:
        rows = session.scalars(
            select(ReportRow).where(ReportRow.case_id == case_id).order_by(ReportRow.id)
        )
        return [_to_record(row) for row in rows]


def _require_evidence_intact(workspace: Workspace, case_id: int) -> None:
    problems = workspace.evidence.verify(case_id)
    if problems:
        evidence, message = problems[0]
        raise IntegrityError(
            f"证据文件校验失败，拒绝签名：{evidence.original_name}（{message}）",
            f"an evidence file fails its hash check, not signing: {evidence.original_name} "
            f"({message})",
        )


def _record(
    workspace: Workspace,
    case_id: int,
    path: Path,
    lang: str,
    digest: str,
    outcome: SignOutcome | None,
) -> ReportRecord:
    file_hash = _file_sha256(path)
    with workspace.session() as session:
        row = ReportRow(
            case_id=case_id,
            file_sha256=file_hash,
            path=str(Path(path).resolve()),
            lang=lang,
            digest=digest,
            signer=outcome.signer if outcome else "",
            signed_at=outcome.signed_at.astimezone(UTC) if outcome else None,
        )
        session.add(row)
        session.flush()
        audit.note(
            session,
            "report_signed" if outcome else "report_generated",
            entity="reports",
            entity_id=row.id,
            details={"case_id": case_id, "file_sha256": file_hash, "signer": row.signer},
        )
        return _to_record(row)


def _to_record(row: ReportRow) -> ReportRecord:
    return ReportRecord(
        id=row.id,
        case_id=row.case_id,
        path=row.path,
        file_sha256=row.file_sha256,
        lang=row.lang,
        digest=row.digest,
        signer=row.signer,
        signed_at=row.signed_at,
        created_at=row.created_at,
    )


def _case_exists(workspace: Workspace, case_id: int) -> bool:
    from app.errors import NotFoundError

    try:
        workspace.cases.get(case_id)
    except NotFoundError:
        return False
    return True


def _info_lang(path: Path) -> str:
    from app.report.sign import report_info

    return report_info(path.read_bytes(), path).get("lang") or "zh"


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as err:
        raise StorageError(
            f"无法读取 {path}：{err.strerror}", f"cannot read {path}: {err.strerror}"
        ) from err
    return digest.hexdigest()


def _temp_beside(path: Path) -> Path:
    try:
        handle, name = tempfile.mkstemp(prefix=".ihsa-unsigned-", suffix=".pdf", dir=path.parent)
    except OSError as err:
        raise StorageError(
            f"无法在 {path.parent} 中写入文件：{err.strerror}",
            f"cannot write files in {path.parent}: {err.strerror}",
        ) from err
    os.close(handle)
    return Path(name)


def _scaled(progress: ProgressSink, start: float, end: float) -> ProgressSink:
    def sink(fraction: float, stage: str = "") -> None:
        progress(start + (end - start) * fraction, stage)

    return sink
