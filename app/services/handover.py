"""Offline hand-over of a case as a signed bundle file (DESIGN §10).

Export writes one ZIP: a manifest (case, organisation, application, answers,
analyses, evidence metadata, reports, rectifications, the pinned rule pack and
the case's audit events), its detached CMS signature, and the evidence files.

Import verifies everything first (structure, signature, every file's SHA-256),
then merges in one unit of work, matching what exists here by its stable key:
organisations by 统一社会信用代码, applications by organisation + package +
platform, evidence by SHA-256, rule packs by hash, the case by its uid.

A case that already exists here is replaced only when the bundle continues the
local copy (the local content is one the bundle's history went through);
a bundle older than the local copy, or one that diverged from it, is refused
unless ``replace`` is given, and the replaced content is kept in the hand-over log.

Who may: anyone signed in exports and imports; overwriting a local copy with
``replace`` is a reviewer's or an administrator's decision. An approved (or
archived) case carries its grade's handling: the import applies it to this
office's register (application status, rectifications, re-assessment date),
idempotently, so importing such a case is for reviewers and administrators,
who keep the register. Inspecting and dry runs write nothing and need no role.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app import __version__
from app.db.base import utcnow
from app.db.blobs import blob_chunks, check_shareable_size, has_blob, put_blob
from app.db.rows import (
    AnswerRow,
    ApkAnalysisRow,
    ApplicationRow,
    AuditEventRow,
    CaseHandoverRow,
    CaseRow,
    EvidenceRow,
    ImportedAuditEventRow,
    OrganisationRow,
    RectificationRow,
    ReportRow,
    RulePackRow,
)
from app.domain.enums import AppStatus, CaseStatus, CaseType, Role
from app.domain.models import Contact
from app.errors import ConflictError, IntegrityError, KnownError, ValidationError
from app.handover import fields as f
from app.handover.container import CHUNK_BYTES, BundleReader, BundleWriter
from app.handover.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    CaseContent,
    Manifest,
    Signer,
    evidence_entry,
)
from app.handover.results import (
    ADDED,
    CREATED,
    MATCHED,
    NONE,
    PRESENT,
    REPLACED,
    UNCHANGED,
    BundleSummary,
    ExportResult,
    ImportResult,
    Text,
)
from app.handover.signature import sign_manifest
from app.handover.verify import VerifiedBundle, read_manifest, verify_bundle
from app.jobs import CancelToken, ProgressSink, no_progress
from app.registry.lifecycle import STATUS_TEXT
from app.rules import RulePack, score
from app.security import access
from app.security.evidence_store import os_error
from app.security.keystore import SigningIdentity
from app.services import packs
from app.services.applications import ApplicationInput
from app.services.applications import _validated as validated_application
from app.services.cases import STATUS_NAMES, _reload, pack_of
from app.services.handling import Handling, apply_grade_handling
from app.services.organisations import _contact_row
from app.services.organisations import _validated as validated_organisation

if TYPE_CHECKING:
    from app.services.workspace import Workspace

# Room left on the disk after an import, beyond the files it stores.
DISK_MARGIN_BYTES = 64 << 20
_CHILD_ROWS = (AnswerRow, EvidenceRow, ApkAnalysisRow, ReportRow, RectificationRow)
# A case in these states was approved: its grade's handling goes with it.
_DECIDED = (CaseStatus.APPROVED.value, CaseStatus.ARCHIVED.value)


class HandoverService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    # ------------------------------------------------------------------ export

    def export_case(
        self,
        case_id: int,
        out_path: Path,
        *,
        identity: SigningIdentity | None,
        overwrite: bool = False,
        progress: ProgressSink = no_progress,
        cancel: CancelToken | None = None,
    ) -> ExportResult:
        """Write the case's bundle to ``out_path``, signed with ``identity`` unless None.

        The file appears under its name only when complete; the export is recorded
        in the hand-over log (what later imports compare against).
        """
        actor = access.require(self._ws, *access.ANY_ROLE).username
        cancel = cancel or CancelToken()
        out_path = Path(out_path)
        if out_path.exists() and not overwrite:
            raise ValidationError(
                f"文件已存在，不会覆盖：{out_path}", f"file exists, not overwriting: {out_path}"
            )
        if not out_path.parent.is_dir():
            raise ValidationError(
                f"目标文件夹不存在：{out_path.parent}",
                f"the folder does not exist: {out_path.parent}",
            )
        progress(0.0, "read")
        with self._ws.session() as session:
            case = _reload(session, case_id)
            pack_of(session, case)  # a case from before pinning gets its pack pinned
            content = case_content(session, case)
            snapshot = session.get(RulePackRow, case.pack_sha256)
            assert snapshot is not None  # pinned just above
            manifest = Manifest(
                bundle_id=str(uuid.uuid4()),
                exported_at=utcnow(),
                exported_by=actor,
                program_version=__version__,
                signer=None
                if identity is None
                else Signer(identity.fingerprint, identity.subject_name),
                content=content,
                history=tuple(known_digests(session, case.id, exclude=content.digest())),
                rule_pack=snapshot.content,
                audit_events=case_audit_events(session, case.id),
            )
        for sha256 in content.files():
            self._check_available(sha256)
        data = manifest.to_bytes()
        signature = sign_manifest(data, identity) if identity is not None else None
        size = self._write_bundle(out_path, data, signature, content.files(), progress, cancel)
        file_sha256 = _file_sha256(out_path)
        digest = content.digest()
        try:
            with self._ws.session() as session:
                session.add(
                    CaseHandoverRow(
                        case_id=case_id,
                        direction="export",
                        outcome="exported",
                        bundle_id=manifest.bundle_id,
                        manifest_sha256=hashlib.sha256(data).hexdigest(),
                        content_digest=digest,
                        signer=identity.subject_name if identity else "",
                        signer_fingerprint=identity.fingerprint if identity else "",
                        actor=actor,
                        file_name=f.file_name_only(str(out_path))[:255],
                        details={"history": list(manifest.history), "file_sha256": file_sha256},
                    )
                )
        except BaseException:
            out_path.unlink(missing_ok=True)  # an unrecorded bundle would confuse its return
            raise
        progress(1.0, "done")
        return ExportResult(
            path=out_path,
            case_id=case_id,
            bundle_id=manifest.bundle_id,
            file_sha256=file_sha256,
            size=size,
            signer=identity.subject_name if identity else "",
            signer_fingerprint=identity.fingerprint if identity else "",
            content_digest=digest,
            files=len(content.files()),
            evidence_bytes=sum(content.files().values()),
            audit_events=len(manifest.audit_events),
        )

    def _write_bundle(
        self,
        out_path: Path,
        manifest: bytes,
        signature: bytes | None,
        files: dict[str, int],
        progress: ProgressSink,
        cancel: CancelToken,
    ) -> int:
        total = sum(files.values())
        done = 0
        try:
            fd, name = tempfile.mkstemp(prefix=".ihsa-export-", dir=out_path.parent)
        except OSError as err:
            raise os_error(err, str(out_path)) from err
        temporary = Path(name)
        try:
            with os.fdopen(fd, "wb") as handle:
                writer = BundleWriter(handle)
                writer.add_bytes(MANIFEST_NAME, manifest, compress=True)
                if signature is not None:
                    writer.add_bytes(SIGNATURE_NAME, signature, compress=False)
                for sha256, size in sorted(files.items()):
                    cancel.raise_if_cancelled()
                    digest = hashlib.sha256()

                    def counted(chunks: Iterator[bytes], digest: Any = digest) -> Iterator[bytes]:
                        nonlocal done
                        for chunk in chunks:
                            digest.update(chunk)
                            done += len(chunk)
                            progress(done / total if total else 1.0, "write")
                            cancel.raise_if_cancelled()
                            yield chunk

                    written = writer.add_stream(
                        evidence_entry(sha256), size, counted(self._file_chunks(sha256))
                    )
                    if written != size or digest.hexdigest() != sha256:
                        raise IntegrityError(
                            f"证据文件已被篡改或损坏（哈希不符）：{sha256}",
                            f"evidence file was altered or corrupted (hash mismatch): {sha256}",
                        )
                writer.close()
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, out_path)
        except OSError as err:
            raise os_error(err, str(out_path)) from err
        finally:
            temporary.unlink(missing_ok=True)
        return out_path.stat().st_size

    # ----------------------------------------------------------------- inspect

    def inspect(
        self,
        path: Path,
        *,
        progress: ProgressSink = no_progress,
        cancel: CancelToken | None = None,
    ) -> BundleSummary:
        """Verify a bundle completely (signature and every file) without importing it."""
        return BundleSummary.of(verify_bundle(path, progress=progress, cancel=cancel))

    # ------------------------------------------------------------------ import

    def import_bundle(
        self,
        path: Path,
        *,
        replace: bool = False,
        dry_run: bool = False,
        allow_unsigned: bool = False,
        progress: ProgressSink = no_progress,
        cancel: CancelToken | None = None,
    ) -> ImportResult:
        """Verify the bundle, then merge its case (nothing is written on a dry run).

        Every refusal — damaged, tampered, unsigned without ``allow_unsigned``, a
        conflict without ``replace`` — happens before the database is written.
        A dry run writes nothing, so anyone may make one.
        """
        actor = "" if dry_run else self._require_importer(replace)
        cancel = cancel or CancelToken()
        path = Path(path)
        with BundleReader(path) as reader:
            _data, manifest, signer = read_manifest(reader)
        if not dry_run and carries_handling(manifest.content):
            access.require(self._ws, *access.REGISTER_EDITORS)
        if signer is None and not allow_unsigned and not dry_run:
            raise IntegrityError(
                "交接包未签名：无法确认其来源和完整性；确需导入请明确允许未签名的交接包",
                "the bundle is not signed, so its origin and integrity cannot be confirmed; "
                "import it only by explicitly allowing unsigned bundles",
                code="unsigned",
            )
        pack = _checked_pack(manifest)
        if dry_run:
            bundle = verify_bundle(path, progress=progress, cancel=cancel)
            with self._ws.session() as session:
                plan = _plan(session, bundle, pack, replace=replace, lock=False)
                present = self._present_files(bundle.manifest.content.files())
                return plan.result(bundle, dry_run=True, files_present=present)
        files = manifest.content.files()
        present = self._present_files(files)
        self._check_room({k: v for k, v in files.items() if k not in present})
        staging = self._staging_folder()
        try:
            bundle = verify_bundle(
                path, staging=staging, only_check=present, progress=progress, cancel=cancel
            )
            progress(1.0, "merge")
            with self._ws.session() as session:
                plan = _plan(session, bundle, pack, replace=replace, lock=True)
                if plan.blocked is not None:
                    raise ConflictError(plan.blocked["zh"], plan.blocked["en"])
                if plan.conflict is not None and not replace:
                    raise ConflictError(plan.conflict["zh"], plan.conflict["en"])
                cancel.raise_if_cancelled()
                plan.apply(session, bundle, pack, actor=actor)
                if self._ws.evidence_in_database:
                    self._upload(session, bundle)
                self._store_files(bundle)
                cancel.raise_if_cancelled()
            return plan.result(bundle, dry_run=False, files_present=present)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _require_importer(self, replace: bool) -> str:
        """Anyone signed in imports; overwriting a local copy needs a reviewer or admin."""
        if replace:
            return access.require(self._ws, Role.REVIEWER, Role.ADMIN).username
        return access.require(self._ws, *access.ANY_ROLE).username

    # --------------------------------------------------------------- evidence

    def _check_available(self, sha256: str) -> None:
        if self._ws.store.path_for(sha256).is_file():
            return
        if self._ws.evidence_in_database:
            with self._ws.session() as session:
                if has_blob(session, sha256):
                    return
        raise IntegrityError(
            f"证据文件缺失，无法导出：{sha256}（请先运行 ihsa evidence verify）",
            f"an evidence file is missing, so the case cannot be exported: {sha256} "
            "(run ihsa evidence verify first)",
        )

    def _file_chunks(self, sha256: str) -> Iterator[bytes]:
        """The stored bytes of a file (this workstation's copy, else the server's)."""
        path = self._ws.store.path_for(sha256)
        if path.is_file():
            with path.open("rb") as source:
                while chunk := source.read(CHUNK_BYTES):
                    yield chunk
            return
        with self._ws.session() as session:
            yield from blob_chunks(session, sha256)

    def _present_files(self, files: dict[str, int]) -> set[str]:
        """Files this workstation already holds intact (a damaged copy is replaced)."""
        present = set()
        for sha256 in files:
            try:
                self._ws.store.verify(sha256)
            except KnownError:
                continue
            present.add(sha256)
        return present

    def _check_room(self, needed: dict[str, int]) -> None:
        root = self._ws.store.root
        try:
            root.mkdir(parents=True, exist_ok=True)
            free = shutil.disk_usage(root).free
        except OSError as err:
            raise os_error(err, "证据库 / evidence store") from err
        want = sum(needed.values())
        if want + DISK_MARGIN_BYTES > free:
            raise KnownError(
                f"磁盘空间不足：交接包的证据需要 {want / 2**20:.1f} MB，"
                f"证据库所在磁盘仅剩 {free / 2**20:.1f} MB",
                f"not enough disk space: the bundle's evidence needs {want / 2**20:.1f} MB, "
                f"the evidence store's disk has {free / 2**20:.1f} MB free",
                code="storage",
            )

    def _staging_folder(self) -> Path:
        """A private folder inside the store: verified files move into place atomically."""
        try:
            return Path(tempfile.mkdtemp(prefix=".handover-", dir=self._ws.store.root))
        except OSError as err:
            raise os_error(err, "证据库 / evidence store") from err

    def _upload(self, session: Session, bundle: VerifiedBundle) -> None:
        """On a server, the database keeps every evidence file for the other stations."""
        for sha256, size in sorted(bundle.manifest.content.files().items()):
            if has_blob(session, sha256):
                continue
            check_shareable_size(size, sha256[:16])
            source = bundle.staged.get(sha256) or self._ws.store.path_for(sha256)
            put_blob(session, sha256, source)

    def _store_files(self, bundle: VerifiedBundle) -> None:
        for sha256, staged in bundle.staged.items():
            target = self._ws.store.path_for(sha256)
            try:
                target.parent.mkdir(exist_ok=True)
                os.replace(staged, target)
            except OSError as err:
                raise os_error(err, "证据库 / evidence store") from err


# ---------------------------------------------------------------------- reading


def case_content(session: Session, case: CaseRow) -> CaseContent:
    """The case as a bundle carries it, read from the database."""
    organisation = case.organisation
    application = case.application

    def rows(kind: Any, spec: f.Spec) -> list[dict[str, Any]]:
        found = session.scalars(select(kind).where(kind.case_id == case.id))
        return [f.record_of(row, spec) for row in found]

    reports = rows(ReportRow, f.REPORT)
    for report in reports:
        report["path"] = f.file_name_only(report["path"])
    return CaseContent(
        case=f.record_of(case, f.CASE),
        updated_at=case.updated_at,
        organisation={
            **f.record_of(organisation, f.ORGANISATION),
            "contacts": [f.record_of(c, f.CONTACT) for c in organisation.contacts],
        },
        application=None if application is None else f.record_of(application, f.APPLICATION),
        answers=rows(AnswerRow, f.ANSWER),
        evidence=rows(EvidenceRow, f.EVIDENCE),
        apk_analyses=rows(ApkAnalysisRow, f.APK_ANALYSIS),
        reports=reports,
        rectifications=rows(RectificationRow, f.RECTIFICATION),
    )


def known_digests(session: Session, case_id: int, *, exclude: str = "") -> list[str]:
    """Every content digest the case is known to have had at a hand-over, oldest first."""
    rows = session.scalars(
        select(CaseHandoverRow)
        .where(CaseHandoverRow.case_id == case_id)
        .order_by(CaseHandoverRow.id)
    )
    seen: list[str] = []
    for row in rows:
        for digest in [*row.details.get("history", []), row.content_digest]:
            if digest not in seen and digest != exclude:
                seen.append(digest)
    return seen


def case_audit_events(session: Session, case_id: int) -> list[dict[str, Any]]:
    """The case's audit events: this database's own and those that arrived with it."""
    own = session.scalars(
        select(AuditEventRow).where(AuditEventRow.details["case_id"].as_integer() == case_id)
    )
    arrived = session.scalars(
        select(ImportedAuditEventRow).where(ImportedAuditEventRow.case_id == case_id)
    )
    events = {row.hash: f.record_of(row, f.AUDIT_EVENT) for row in [*own, *arrived]}
    return list(events.values())


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _checked_pack(manifest: Manifest) -> RulePack:
    """The bundle's rule pack, which must be the case's and must re-score it exactly."""
    case = manifest.content.case
    try:
        pack = RulePack.from_snapshot(manifest.rule_pack)
    except KnownError as err:
        raise ValidationError(
            f"交接包中的规则库快照无效：{err.message('zh')}",
            f"the bundle's rule pack snapshot is invalid: {err.message('en')}",
        ) from err
    if pack.hash != case["pack_sha256"]:
        raise IntegrityError(
            "交接包中的规则库不是案件所固定的规则库",
            "the bundle's rule pack is not the case's pinned pack",
        )
    if case["score"] is not None:
        answers = {
            a["item_id"]: {"result": a["result"], "justification": a["justification"]}
            for a in manifest.content.answers
        }
        scored = score(pack, answers)
        if (float(scored.score), scored.grade.value, scored.provisional) != (
            case["score"],
            case["grade"],
            case["provisional"],
        ):
            raise IntegrityError(
                f"交接包中的得分 {case['score']}（{case['grade']}）与其答案不符"
                f"（按其规则库计算为 {scored.score}（{scored.grade.value}））",
                f"the bundle's score {case['score']} ({case['grade']}) does not follow from "
                f"its answers (its rule pack gives {scored.score} ({scored.grade.value}))",
            )
    return pack


# ------------------------------------------------------------------- merging


def _text(zh: str, en: str) -> Text:
    return {"zh": zh, "en": en}


@dataclass
class _Plan:
    """What importing a verified bundle does here, decided before anything is written."""

    organisation: OrganisationRow | None
    application: ApplicationRow | None
    case: CaseRow | None
    outcome: str
    pack_present: bool
    local_digest: str = ""
    conflict: Text | None = None
    blocked: Text | None = None
    notes: list[Text] = field(default_factory=list)
    new_events: list[dict[str, Any]] = field(default_factory=list)
    events_present: int = 0
    records: dict[str, int] = field(default_factory=dict)
    case_id: int | None = None

    def result(
        self, bundle: VerifiedBundle, *, dry_run: bool, files_present: set[str]
    ) -> ImportResult:
        files = bundle.manifest.content.files()
        content = bundle.manifest.content
        writes = self.outcome != UNCHANGED
        counts = {
            "answers": len(content.answers),
            "evidence": len(content.evidence),
            "apk_analyses": len(content.apk_analyses),
            "reports": len(content.reports),
            "rectifications": len(content.rectifications),
        }
        return ImportResult(
            bundle=BundleSummary.of(bundle),
            dry_run=dry_run,
            case_id=self.case_id
            if self.case_id is not None
            else (self.case.id if self.case else None),
            case=self.outcome,
            organisation=MATCHED if self.organisation is not None else CREATED,
            application=NONE
            if content.application is None
            else (MATCHED if self.application is not None else CREATED),
            rule_pack=PRESENT if self.pack_present else ADDED,
            files_added=len(set(files) - files_present),
            files_present=len(set(files) & files_present),
            records=counts if writes else dict.fromkeys(counts, 0),
            audit_events_added=len(self.new_events),
            audit_events_present=self.events_present,
            conflict=self.conflict,
            blocked=self.blocked,
            notes=tuple(self.notes),
        )

    def apply(
        self, session: Session, bundle: VerifiedBundle, pack: RulePack, *, actor: str
    ) -> None:
        manifest = bundle.manifest
        content = manifest.content
        organisation = self.organisation or _new_organisation(session, content.organisation)
        application = self.application
        if application is None and content.application is not None:
            application = _new_application(session, organisation.id, content.application)
        if not self.pack_present:
            packs.pin(session, pack)
        case_values = {
            **content.case,
            "organisation_id": organisation.id,
            "application_id": application.id if application else None,
            "updated_at": content.updated_at,
        }
        previous: dict[str, Any] | None = None
        if self.case is None:
            case = CaseRow(**case_values)
            session.add(case)
            session.flush()
            case_id = case.id
        else:
            case_id = self.case.id
            if self.outcome == REPLACED:
                local = case_content(session, self.case)
                previous = {"content_digest": self.local_digest, **local.sections()}
                # A core UPDATE: updated_at is the bundle's, not "now" (no onupdate).
                session.execute(update(CaseRow).where(CaseRow.id == case_id).values(**case_values))
                for kind in _CHILD_ROWS:
                    session.execute(delete(kind).where(kind.case_id == case_id))
        self.case_id = case_id
        if self.outcome != UNCHANGED:
            _add_children(session, case_id, content)
            history = list(manifest.history)
            if self.conflict is not None and self.local_digest not in history:
                history.append(self.local_digest)  # the local version was deliberately replaced
            signer = bundle.signer
            session.add(
                CaseHandoverRow(
                    case_id=case_id,
                    direction="import",
                    outcome=self.outcome,
                    bundle_id=manifest.bundle_id,
                    manifest_sha256=bundle.manifest_sha256,
                    content_digest=bundle.content_digest,
                    signer=signer.subject if signer else "",
                    signer_fingerprint=signer.fingerprint if signer else "",
                    actor=actor,
                    file_name=bundle.path.name[:255],
                    details={
                        "history": history,
                        "exported_by": manifest.exported_by,
                        "exported_at": manifest.exported_at.isoformat(),
                        "forced": self.conflict is not None,
                        "replaced": previous,
                    },
                )
            )
        for event in self.new_events:
            session.add(
                ImportedAuditEventRow(case_id=case_id, bundle_id=manifest.bundle_id, **event)
            )
        session.flush()
        if self.outcome != UNCHANGED and carries_handling(content):
            decided = session.get(CaseRow, case_id, populate_existing=True)
            assert decided is not None
            done = apply_grade_handling(session, decided, actor, date.today())
            self.notes.append(_handling_note(done))
            session.flush()


def _plan(
    session: Session, bundle: VerifiedBundle, pack: RulePack, *, replace: bool, lock: bool
) -> _Plan:
    content = bundle.manifest.content
    organisation = _match_organisation(session, content.organisation)
    application = None
    if organisation is not None and content.application is not None:
        application = session.scalar(
            select(ApplicationRow).where(
                ApplicationRow.organisation_id == organisation.id,
                ApplicationRow.package == content.application["package"],
                ApplicationRow.platform == content.application["platform"],
            )
        )
    query = select(CaseRow).where(CaseRow.uid == content.case["uid"])
    case = session.scalar(query.with_for_update() if lock else query)
    plan = _Plan(
        organisation=organisation,
        application=application,
        case=case,
        outcome=CREATED,
        pack_present=session.get(RulePackRow, pack.hash) is not None,
    )
    plan.notes += _registry_notes(organisation, application, content)
    if bundle.signer is None:
        plan.notes.append(
            _text(
                "交接包未签名：其来源和完整性无法确认",
                "the bundle is unsigned: its origin and integrity cannot be confirmed",
            )
        )
    if case is not None:
        _decide(session, plan, case, bundle)
    _plan_events(session, plan, bundle.manifest.audit_events)
    if plan.outcome != UNCHANGED and carries_handling(content):
        grade = content.case["grade"]
        plan.notes.append(
            _text(
                f"案件已批准（评级 {grade}）：导入时将在本机登记中执行其处置（应用状态、整改项、"
                "复评日期；已执行的不重复），须由复核员或管理员导入",
                f"the case is approved (grade {grade}): importing applies its handling to "
                "the register here (application status, rectifications, re-assessment date; "
                "nothing done before is repeated), so a reviewer or administrator must import it",
            )
        )
    return plan


def carries_handling(content: CaseContent) -> bool:
    """An approved or archived, graded case that is not a self-assessment."""
    case = content.case
    return (
        case["status"] in _DECIDED
        and case["grade"] is not None
        and case["case_type"] != CaseType.SELF_ASSESSMENT.value
    )


def _handling_note(done: Handling) -> Text:
    """What applying the imported case's grade handling changed here."""
    zh: list[str] = []
    en: list[str] = []
    if done.status_change is not None:
        status = STATUS_TEXT[AppStatus(done.status_change)]
        zh.append(f"应用状态改为「{status['zh']}」")
        en.append(f"the application is now {status['en']}")
    if done.rectifications_created:
        zh.append(f"新建整改项 {done.rectifications_created} 个")
        en.append(f"{done.rectifications_created} rectification(s) opened")
    if done.reassessment_due is not None:
        zh.append(f"下次复评日期 {done.reassessment_due.isoformat()}")
        en.append(f"next re-assessment due {done.reassessment_due.isoformat()}")
    grade = done.grade.value if done.grade else "?"
    if not zh:
        return _text(
            f"评级 {grade} 的处置此前已在本机执行，未再改动",
            f"the handling of grade {grade} was already applied here; nothing changed",
        )
    return _text(
        f"已执行评级 {grade} 的处置：" + "；".join(zh),
        f"applied the handling of grade {grade}: " + "; ".join(en),
    )


def _decide(session: Session, plan: _Plan, case: CaseRow, bundle: VerifiedBundle) -> None:
    """Unchanged, replaced, or a conflict: the rule an office can check by hand."""
    local = case_content(session, case)
    plan.local_digest = local.digest()
    if plan.local_digest == bundle.content_digest:
        plan.outcome = UNCHANGED
        return
    plan.outcome = REPLACED
    if case.lock_owner:
        plan.blocked = _text(
            f"案件（本机编号 {case.id}）正在编辑中（{case.lock_owner}），请先关闭它再导入",
            f"the case (here id {case.id}) is open for editing ({case.lock_owner}); close it "
            "before importing",
        )
    previous_signers = {
        row.signer_fingerprint: row.signer
        for row in session.scalars(
            select(CaseHandoverRow).where(CaseHandoverRow.case_id == case.id)
        )
        if row.signer_fingerprint
    }
    signer = bundle.signer
    if signer is not None and previous_signers and signer.fingerprint not in previous_signers:
        names = "、".join(sorted(set(previous_signers.values())))
        plan.notes.append(
            _text(
                f"签名证书与此前交接该案件时不同（此前：{names}；本次：{signer.label}）",
                f"signed with a different certificate than earlier hand-overs of this case "
                f"(before: {names}; now: {signer.label})",
            )
        )
    if plan.local_digest in bundle.manifest.history:
        return  # the bundle continues the local copy: nothing here would be lost
    when = f"{case.updated_at:%Y-%m-%d %H:%M}" if case.updated_at else "?"
    if bundle.content_digest in known_digests(session, case.id):
        plan.conflict = _text(
            f"交接包中的案件版本比本机旧（本机编号 {case.id}，本机最后修改 {when} UTC）；"
            "导入会撤销本机之后的修改。如确需使用旧版本，请选择替换",
            f"the bundle holds an older version of the case than this one (here id {case.id}, "
            f"last changed {when} UTC); importing would undo later changes. Choose replace "
            "to go back to it anyway",
        )
        return
    status = STATUS_NAMES[CaseStatus(case.status)]
    plan.conflict = _text(
        f"本机的案件（编号 {case.id}，状态「{status}」，最后修改 {when} UTC）在交接后另有修改，"
        "与交接包中的版本不一致；导入会覆盖本机的修改。如确需覆盖，请选择替换（本机版本将保存在交接记录中）",
        f"the case here (id {case.id}, {case.status}, last changed {when} UTC) was changed "
        "since it was handed over and differs from the bundle; importing would overwrite "
        "those changes. Choose replace to overwrite them (the local version is kept in "
        "the hand-over log)",
    )


def _plan_events(session: Session, plan: _Plan, events: list[dict[str, Any]]) -> None:
    """New audit events only: those already in the local chain or kept before are skipped."""
    hashes = [e["hash"] for e in events]
    known: set[str] = set()
    for start in range(0, len(hashes), 500):
        batch = hashes[start : start + 500]
        known.update(
            session.scalars(select(AuditEventRow.hash).where(AuditEventRow.hash.in_(batch)))
        )
        if plan.case is not None:
            known.update(
                session.scalars(
                    select(ImportedAuditEventRow.hash).where(
                        ImportedAuditEventRow.case_id == plan.case.id,
                        ImportedAuditEventRow.hash.in_(batch),
                    )
                )
            )
    seen: set[str] = set()
    for event in events:
        if event["hash"] in known or event["hash"] in seen:
            plan.events_present += 1
            continue
        seen.add(event["hash"])
        plan.new_events.append(event)


def _match_organisation(session: Session, data: dict[str, Any]) -> OrganisationRow | None:
    _name, code = validated_organisation(data["name"], data["credit_code"])
    if code != data["credit_code"]:
        raise ValidationError(
            f"交接包中的统一社会信用代码格式不规范：{data['credit_code']}",
            f"the bundle's credit code is not in its normal form: {data['credit_code']}",
        )
    return session.scalar(select(OrganisationRow).where(OrganisationRow.credit_code == code))


def _registry_notes(
    organisation: OrganisationRow | None,
    application: ApplicationRow | None,
    content: CaseContent,
) -> list[Text]:
    """Where the local registry differs from the bundle: the local entry is kept."""
    notes = []
    if organisation is not None and organisation.name != content.organisation["name"]:
        notes.append(
            _text(
                f"机构按统一社会信用代码匹配到本机的「{organisation.name}」"
                f"（交接包中为「{content.organisation['name']}」），保留本机登记",
                f"the organisation matched '{organisation.name}' here by its credit code "
                f"(the bundle says '{content.organisation['name']}'); the local entry is kept",
            )
        )
    bundle_application = content.application or {}
    if application is None and bundle_application:
        status = bundle_application["status"]
        code = bundle_application["authorization_code"]
        if status != AppStatus.REGISTERED.value or code:
            shown = STATUS_TEXT[AppStatus(status)]
            notes.append(
                _text(
                    f"应用在本机新登记为「已登记」：交接包中的状态「{shown['zh']}」"
                    + (f"和授权码 {code} " if code else "")
                    + "不沿用（授权码由本机签发，状态只在本机按记录的理由变更）",
                    f"the application is entered here as registered: the bundle's status "
                    f"({shown['en']})"
                    + (f" and authorization code {code}" if code else "")
                    + " are not taken over (this office issues codes, and its status follows "
                    "changes here only with a recorded reason)",
                )
            )
    if application is not None and application.name != bundle_application.get("name"):
        notes.append(
            _text(
                f"应用按包名匹配到本机的「{application.name}」"
                f"（交接包中为「{bundle_application.get('name')}」），保留本机登记",
                f"the application matched '{application.name}' here by its package "
                f"(the bundle says '{bundle_application.get('name')}'); the local entry is kept",
            )
        )
    return notes


def _new_organisation(session: Session, data: dict[str, Any]) -> OrganisationRow:
    name, code = validated_organisation(data["name"], data["credit_code"])
    row = OrganisationRow(
        name=name,
        credit_code=code,
        level=data["level"].strip(),
        address=data["address"].strip(),
        contacts=[_contact_row(Contact(**c)) for c in data["contacts"]],
    )
    session.add(row)
    session.flush()
    return row


def _new_application(
    session: Session, organisation_id: int, data: dict[str, Any]
) -> ApplicationRow:
    """A new register entry, as registered and without a code: this office issues its
    codes and moves its status (with a recorded reason), not the sending workstation."""
    local = {**data, "status": AppStatus.REGISTERED, "authorization_code": ""}
    values = validated_application(ApplicationInput(organisation_id=organisation_id, **local))
    row = ApplicationRow(**values)
    session.add(row)
    session.flush()
    return row


def _add_children(session: Session, case_id: int, content: CaseContent) -> None:
    for kind, records in (
        (AnswerRow, content.answers),
        (EvidenceRow, content.evidence),
        (ApkAnalysisRow, content.apk_analyses),
        (ReportRow, content.reports),
        (RectificationRow, content.rectifications),
    ):
        for record in records:
            session.add(kind(case_id=case_id, **record))
