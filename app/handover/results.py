"""What export, inspection and import tell the user (plain data, JSON-ready)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from app.handover.signature import SignerInfo
from app.handover.verify import VerifiedBundle

Text = Mapping[str, str]  # {"zh": ..., "en": ...}

CREATED = "created"
MATCHED = "matched"
REPLACED = "replaced"
UNCHANGED = "unchanged"
ADDED = "added"
PRESENT = "present"
NONE = "none"


@dataclass(frozen=True)
class BundleSummary:
    """A verified bundle at a glance: who made and signed it, and which case it holds."""

    path: Path
    bundle_id: str
    exported_at: datetime
    exported_by: str
    program_version: str
    signer: SignerInfo | None  # None: unsigned
    manifest_sha256: str
    content_digest: str
    case_uid: str
    case_type: str
    status: str
    assessor: str
    reviewer: str
    assessment_date: date | None
    score: float | None
    grade: str | None
    organisation_name: str
    credit_code: str
    application_name: str
    package: str
    rule_pack: str
    counts: Mapping[str, int]

    @property
    def signed(self) -> bool:
        return self.signer is not None

    @classmethod
    def of(cls, bundle: VerifiedBundle) -> BundleSummary:
        manifest = bundle.manifest
        content = manifest.content
        case = content.case
        application = content.application or {}
        return cls(
            path=bundle.path,
            bundle_id=manifest.bundle_id,
            exported_at=manifest.exported_at,
            exported_by=manifest.exported_by,
            program_version=manifest.program_version,
            signer=bundle.signer,
            manifest_sha256=bundle.manifest_sha256,
            content_digest=bundle.content_digest,
            case_uid=case["uid"],
            case_type=case["case_type"],
            status=case["status"],
            assessor=case["assessor"],
            reviewer=case["reviewer"],
            assessment_date=case["assessment_date"],
            score=case["score"],
            grade=case["grade"],
            organisation_name=content.organisation["name"],
            credit_code=content.organisation["credit_code"],
            application_name=application.get("name", ""),
            package=application.get("package", ""),
            rule_pack=f"{case['pack_id']} {case['pack_version']}",
            counts={
                "answers": len(content.answers),
                "evidence": len(content.evidence),
                "files": len(content.files()),
                "bytes": bundle.total_bytes,
                "apk_analyses": len(content.apk_analyses),
                "reports": len(content.reports),
                "rectifications": len(content.rectifications),
                "audit_events": len(manifest.audit_events),
            },
        )


@dataclass(frozen=True)
class ExportResult:
    path: Path
    case_id: int
    bundle_id: str
    file_sha256: str
    size: int
    signer: str  # "" when unsigned
    signer_fingerprint: str
    content_digest: str
    files: int
    evidence_bytes: int
    audit_events: int


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, on a dry run, would do)."""

    bundle: BundleSummary
    dry_run: bool
    case_id: int | None  # the local case (None: a dry run that would create it)
    case: str  # created / replaced / unchanged
    organisation: str  # created / matched
    application: str  # created / matched / none
    rule_pack: str  # added / present
    files_added: int
    files_present: int
    records: Mapping[str, int]  # rows written per kind
    audit_events_added: int
    audit_events_present: int
    conflict: Text | None = None  # why it is refused without --replace
    blocked: Text | None = None  # why it is refused even with --replace
    notes: tuple[Text, ...] = field(default_factory=tuple)

    @property
    def can_import(self) -> bool:
        return self.blocked is None
