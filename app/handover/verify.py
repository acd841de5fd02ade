"""Verify a bundle completely before anything is written: structure, manifest,
signature, and every evidence file against its SHA-256 and size."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import IntegrityError, ValidationError
from app.handover.container import MAX_MANIFEST_BYTES, BundleReader
from app.handover.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    Manifest,
    evidence_entry,
    parse_manifest,
)
from app.handover.signature import (
    MAX_SIGNATURE_BYTES,
    SignerInfo,
    check_signature_size,
    verify_manifest,
)
from app.jobs import CancelToken, ProgressSink, no_progress
from app.security.evidence_store import os_error


@dataclass(frozen=True)
class VerifiedBundle:
    """A bundle whose signature and files all check out."""

    path: Path
    manifest: Manifest
    manifest_sha256: str
    signer: SignerInfo | None  # None: unsigned
    content_digest: str
    total_bytes: int  # of evidence
    staged: dict[str, Path] = field(default_factory=dict)  # SHA-256 → verified copy


def read_manifest(reader: BundleReader) -> tuple[bytes, Manifest, SignerInfo | None]:
    """The manifest and who signed it; a signature that does not hold is an error."""
    data = reader.read_small(MANIFEST_NAME, MAX_MANIFEST_BYTES)
    manifest = parse_manifest(data)
    claimed = manifest.signer
    if SIGNATURE_NAME not in reader.entries:
        if claimed is not None:
            raise IntegrityError(
                f"交接包的签名缺失（清单声明由 {claimed.subject} 签名，签名文件可能被删除）",
                f"the bundle's signature is missing (the manifest says {claimed.subject} "
                "signed it; the signature file may have been removed)",
            )
        return data, manifest, None
    check_signature_size(reader.entries[SIGNATURE_NAME].file_size)
    signature = reader.read_small(SIGNATURE_NAME, MAX_SIGNATURE_BYTES)
    signer = verify_manifest(data, signature)
    if claimed is None:
        raise IntegrityError(
            "交接包带有签名，但清单声明未签名（内容不一致）",
            "the bundle carries a signature but its manifest says it is unsigned",
        )
    if claimed.fingerprint != signer.fingerprint:
        raise IntegrityError(
            f"交接包实际由 {signer.label} 签名，而清单声明的签名人是 {claimed.subject}"
            f"（SHA-256 {claimed.fingerprint[:16]}…）：签名被替换",
            f"the bundle was signed by {signer.label}, but its manifest names "
            f"{claimed.subject} (SHA-256 {claimed.fingerprint[:16]}…): the signature "
            "was replaced",
        )
    return data, manifest, signer


def verify_bundle(
    path: Path,
    *,
    staging: Path | None = None,
    only_check: Collection[str] = (),
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
) -> VerifiedBundle:
    """Check everything in the bundle at ``path``.

    With ``staging`` (an empty folder), each evidence file is also copied there as
    it is checked, except those in ``only_check`` (already held here): the copies
    are what an import stores, so the bundle is read only once.
    """
    cancel = cancel or CancelToken()
    with BundleReader(path) as reader:
        data, manifest, signer = read_manifest(reader)
        files = manifest.content.files()
        expected = {evidence_entry(sha256) for sha256 in files}
        extra = sorted(reader.evidence_names() - expected)
        if extra:
            raise ValidationError(
                f"交接包含有清单未列出的文件：{extra[0]}",
                f"the bundle holds a file its manifest does not list: {extra[0]}",
            )
        missing = sorted(expected - reader.evidence_names())
        if missing:
            raise IntegrityError(
                f"交接包缺少证据文件：{missing[0]}",
                f"the bundle lacks the evidence file {missing[0]}",
            )
        total = sum(files.values())
        done = 0
        staged: dict[str, Path] = {}
        progress(0.0, "verify")
        for sha256, size in sorted(files.items()):
            cancel.raise_if_cancelled()
            target = staging / sha256 if staging is not None and sha256 not in only_check else None
            digest = hashlib.sha256()
            try:
                out = target.open("xb") if target is not None else None
                try:
                    for chunk in reader.stream(evidence_entry(sha256), size):
                        digest.update(chunk)
                        if out is not None:
                            out.write(chunk)
                        done += len(chunk)
                        progress(done / total if total else 1.0, "verify")
                        cancel.raise_if_cancelled()
                    if out is not None:
                        out.flush()
                        os.fsync(out.fileno())
                finally:
                    if out is not None:
                        out.close()
            except OSError as err:
                raise os_error(err, "证据库 / evidence store") from err
            if digest.hexdigest() != sha256:
                raise IntegrityError(
                    f"交接包中的证据文件 {sha256[:16]}… 与清单不符（已被修改或替换）",
                    f"the evidence file {sha256[:16]}… in the bundle does not match the "
                    "manifest (altered or swapped)",
                )
            if target is not None:
                staged[sha256] = target
        progress(1.0, "verify")
    return VerifiedBundle(
        path=Path(path),
        manifest=manifest,
        manifest_sha256=hashlib.sha256(data).hexdigest(),
        signer=signer,
        content_digest=manifest.content.digest(),
        total_bytes=total,
        staged=staged,
    )
