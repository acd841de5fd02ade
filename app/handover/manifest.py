"""The manifest of a case bundle: what it holds, written and read back exactly.

The manifest is the signed part of a bundle: it names every evidence file by
SHA-256 and size, so signing it covers the files too. A case's *content digest*
(its answers, evidence, analyses, reports and rectifications, not the moment it
was last touched) tells two copies of a case apart without trusting any clock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.handover import fields as f
from app.handover.fields import invalid

FORMAT = "ihsa-case-bundle"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.p7s"
EVIDENCE_PREFIX = "evidence/"
SUFFIX = ".ihsa-case"

_TOP_KEYS = {
    "format",
    "format_version",
    "bundle_id",
    "exported_at",
    "exported_by",
    "program_version",
    "signed",
    "signer",
    "case",
    "history",
    "organisation",
    "application",
    "rule_pack",
    "answers",
    "evidence",
    "apk_analyses",
    "reports",
    "rectifications",
    "audit_events",
    "files",
}
_SIGNER: f.Spec = {"fingerprint": f.SHA256, "subject": f.TEXT}
_FILE: f.Spec = {"path": f.TEXT, "sha256": f.SHA256, "size": f.INT}


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def evidence_entry(sha256: str) -> str:
    return EVIDENCE_PREFIX + sha256


@dataclass(frozen=True)
class CaseContent:
    """A case as it travels: the case row's content and everything attached to it."""

    case: dict[str, Any]
    updated_at: datetime
    organisation: dict[str, Any]  # ORGANISATION fields plus "contacts"
    application: dict[str, Any] | None
    answers: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    apk_analyses: list[dict[str, Any]]
    reports: list[dict[str, Any]]
    rectifications: list[dict[str, Any]]

    def sections(self) -> dict[str, list[dict[str, Any]]]:
        """The attached records as JSON values, each list in a canonical order."""
        return {
            "answers": _sorted(self.answers, f.ANSWER),
            "evidence": _sorted(self.evidence, f.EVIDENCE),
            "apk_analyses": _sorted(self.apk_analyses, f.APK_ANALYSIS),
            "reports": _sorted(self.reports, f.REPORT),
            "rectifications": _sorted(self.rectifications, f.RECTIFICATION),
        }

    def digest(self) -> str:
        """SHA-256 over the content (the case's organisation and app by their keys)."""
        application = self.application
        body = {
            "case": f.dump(self.case, f.CASE),
            "organisation": self.organisation["credit_code"],
            "application": [application["package"], application["platform"]]
            if application
            else None,
            **self.sections(),
        }
        return hashlib.sha256(canonical_json(body)).hexdigest()

    def files(self) -> dict[str, int]:
        """Each evidence file once: SHA-256 → size."""
        return {e["sha256"]: e["size"] for e in self.evidence}


@dataclass(frozen=True)
class Signer:
    """Who the manifest says signed it (the signature itself must agree)."""

    fingerprint: str
    subject: str


@dataclass(frozen=True)
class Manifest:
    bundle_id: str
    exported_at: datetime
    exported_by: str
    program_version: str
    signer: Signer | None  # None: an unsigned bundle
    content: CaseContent
    history: tuple[str, ...]  # content digests the case had at earlier hand-overs
    rule_pack: dict[str, Any]  # the pinned pack's snapshot
    audit_events: list[dict[str, Any]]

    def to_bytes(self) -> bytes:
        content = self.content
        organisation = {
            **f.dump(content.organisation, f.ORGANISATION),
            "contacts": [f.dump(c, f.CONTACT) for c in content.organisation["contacts"]],
        }
        body = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "bundle_id": self.bundle_id,
            "exported_at": self.exported_at.isoformat(),
            "exported_by": self.exported_by,
            "program_version": self.program_version,
            "signed": self.signer is not None,
            "signer": None
            if self.signer is None
            else {"fingerprint": self.signer.fingerprint, "subject": self.signer.subject},
            "case": {
                **f.dump(content.case, f.CASE),
                **f.dump({"updated_at": content.updated_at}, f.CASE_TOUCHED),
            },
            "history": list(self.history),
            "organisation": organisation,
            "application": None
            if content.application is None
            else f.dump(content.application, f.APPLICATION),
            "rule_pack": self.rule_pack,
            **content.sections(),
            "audit_events": _sorted(self.audit_events, f.AUDIT_EVENT),
            "files": [
                {"path": evidence_entry(sha256), "sha256": sha256, "size": size}
                for sha256, size in sorted(content.files().items())
            ],
        }
        return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def parse_manifest(data: bytes) -> Manifest:
    """Read and check a manifest; any problem is one ValidationError naming the field."""
    body = _load(data)
    if body.get("format") != FORMAT:
        raise invalid("format", "不是 IHSA 案件交接包", "is not an IHSA case bundle")
    version = body.get("format_version")
    if version != FORMAT_VERSION:
        raise invalid(
            "format_version",
            f"为 {version}，本程序只能读取第 {FORMAT_VERSION} 版（请升级程序）",
            f"is {version}; this program reads version {FORMAT_VERSION} (upgrade it)",
        )
    unknown = sorted(set(body) - _TOP_KEYS)
    if unknown:
        raise invalid(unknown[0], "是未知字段", "is an unknown field")
    case_fields = {k: v for k, v in _object(body, "case").items() if k != "updated_at"}
    touched = f.parse(
        {"updated_at": _object(body, "case").get("updated_at")}, f.CASE_TOUCHED, "case"
    )
    organisation_data = dict(_object(body, "organisation"))
    contacts = organisation_data.pop("contacts", [])
    content = CaseContent(
        case=f.parse(case_fields, f.CASE, "case"),
        updated_at=touched["updated_at"],
        organisation={
            **f.parse(organisation_data, f.ORGANISATION, "organisation"),
            "contacts": f.parse_list(contacts, f.CONTACT, "organisation.contacts"),
        },
        application=None
        if body.get("application") is None
        else f.parse(body["application"], f.APPLICATION, "application"),
        answers=f.parse_list(body.get("answers"), f.ANSWER, "answers"),
        evidence=f.parse_list(body.get("evidence"), f.EVIDENCE, "evidence"),
        apk_analyses=f.parse_list(body.get("apk_analyses"), f.APK_ANALYSIS, "apk_analyses"),
        reports=f.parse_list(body.get("reports"), f.REPORT, "reports"),
        rectifications=f.parse_list(body.get("rectifications"), f.RECTIFICATION, "rectifications"),
    )
    _check_files(body.get("files"), content)
    _check_unique(content)
    signed = f.BOOL.read(body.get("signed"), "signed")
    signer_data = body.get("signer")
    if signed != (signer_data is not None):
        raise invalid("signer", "与 signed 不一致", "disagrees with 'signed'")
    signer = None
    if signer_data is not None:
        signer = Signer(**f.parse(signer_data, _SIGNER, "signer"))
    history = f.TEXT_LIST.read(body.get("history"), "history")
    for index, digest in enumerate(history):
        f.SHA256.read(digest, f"history[{index}]")
    return Manifest(
        bundle_id=f.UID.read(body.get("bundle_id"), "bundle_id"),
        exported_at=f.DATETIME.read(body.get("exported_at"), "exported_at"),
        exported_by=f.TEXT.read(body.get("exported_by"), "exported_by"),
        program_version=f.TEXT.read(body.get("program_version"), "program_version"),
        signer=signer,
        content=content,
        history=tuple(history),
        rule_pack=f.OBJECT.read(body.get("rule_pack"), "rule_pack"),
        audit_events=f.parse_list(body.get("audit_events"), f.AUDIT_EVENT, "audit_events"),
    )


def _load(data: bytes) -> dict[str, Any]:
    def refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise invalid(key, "重复出现", "appears twice")
            result[key] = value
        return result

    def refuse_constant(name: str) -> None:
        raise invalid(name, "不是有效数字", "is not a valid number")

    try:
        body = json.loads(
            data.decode("utf-8"),
            object_pairs_hook=refuse_duplicates,
            parse_constant=refuse_constant,
        )
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise invalid("manifest.json", "不是有效的 JSON", "is not valid JSON") from None
    if not isinstance(body, dict):
        raise invalid("manifest.json", "应为对象", "must be an object")
    return body


def _object(body: Mapping[str, Any], key: str) -> dict[str, Any]:
    return f.OBJECT.read(body.get(key), key)


def _check_files(value: Any, content: CaseContent) -> None:
    """The file list must name exactly the evidence files, with the same sizes."""
    listed = f.parse_list(value, _FILE, "files")
    wanted = content.files()
    sizes: dict[str, int] = {}
    for index, entry in enumerate(listed):
        where = f"files[{index}]"
        if entry["path"] != evidence_entry(entry["sha256"]):
            raise invalid(where, f"路径不符：{entry['path']}", f"has a wrong path: {entry['path']}")
        if entry["sha256"] in sizes:
            raise invalid(where, "重复列出", "is listed twice")
        if entry["size"] < 0:
            raise invalid(where, "大小为负", "has a negative size")
        sizes[entry["sha256"]] = entry["size"]
    for sha256, size in wanted.items():
        if sizes.get(sha256) != size:
            raise invalid(
                "files",
                f"与证据记录不符：{sha256[:12]}",
                f"disagrees with the evidence {sha256[:12]}",
            )
    if set(sizes) != set(wanted):
        raise invalid("files", "列出了未被引用的文件", "lists a file no evidence refers to")
    for item in content.evidence:
        if wanted[item["sha256"]] != item["size"]:
            raise invalid("evidence", "同一文件大小不一致", "gives one file two sizes")


def _check_unique(content: CaseContent) -> None:
    """One answer per item and one attachment per file and item, as the database keeps them."""
    items = [a["item_id"] for a in content.answers]
    if len(set(items)) != len(items):
        raise invalid("answers", "同一条目有多个答案", "answer one item twice")
    attachments = [(e["sha256"], e["item_id"]) for e in content.evidence]
    if len(set(attachments)) != len(attachments):
        raise invalid("evidence", "同一文件重复挂在同一条目上", "attach one file to one item twice")


def _sorted(records: list[dict[str, Any]], spec: f.Spec) -> list[dict[str, Any]]:
    dumped = [f.dump(r, spec) for r in records]
    return sorted(dumped, key=canonical_json)
