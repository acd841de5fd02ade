"""ihsa case export|import|inspect: hand a case over as a signed bundle file (DESIGN §10)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.cert_cmd import add_passphrase_env, unlock_identity
from app.cli.common import add_json_flag, open_workspace, positive_int
from app.cli.output import print_json
from app.errors import ValidationError
from app.handover.manifest import SUFFIX
from app.handover.results import BundleSummary, ImportResult
from app.i18n import pick


def add_case_actions(actions: argparse._SubParsersAction) -> None:
    """Add export, import and inspect under ``ihsa case``."""
    export = actions.add_parser(
        "export",
        help=f"write a case as a signed hand-over bundle ({SUFFIX})",
        description="Write the case — answers, APK analyses, evidence files, reports, "
        "rectifications, its rule pack and audit events — into one bundle file, signed "
        "with your PKCS#12 certificate (detached CMS signature over the manifest).",
    )
    export.add_argument("case_id", type=positive_int)
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="bundle to write")
    export.add_argument("--cert", type=Path, metavar="P12", help="signing certificate (.p12)")
    export.add_argument(
        "--unsigned",
        action="store_true",
        help="write an unsigned bundle (marked as such; importers must allow it explicitly)",
    )
    add_passphrase_env(export)
    add_json_flag(export)
    export.set_defaults(func=_export)

    imported = actions.add_parser(
        "import",
        help="verify a hand-over bundle and merge its case",
        description="Verify the bundle (signature, every file's SHA-256) and merge its case "
        "without duplicates. A case already here is replaced only when the bundle continues "
        "the local copy; an older or diverged bundle is refused unless --replace.",
    )
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument(
        "--dry-run", action="store_true", help="verify and show what would happen; change nothing"
    )
    imported.add_argument(
        "--replace",
        action="store_true",
        help="replace the local case even if it is newer or changed (kept in the hand-over log)",
    )
    imported.add_argument(
        "--allow-unsigned", action="store_true", help="accept a bundle that carries no signature"
    )
    add_json_flag(imported)
    imported.set_defaults(func=_import)

    inspect = actions.add_parser(
        "inspect",
        help="verify a hand-over bundle and show what it holds, without importing",
        description="Check the bundle's signature and every file, and show its case and signer.",
    )
    inspect.add_argument("file", type=Path, metavar="FILE")
    add_json_flag(inspect)
    inspect.set_defaults(func=_inspect)


def _export(args: argparse.Namespace) -> int:
    if (args.cert is None) == (not args.unsigned):
        raise ValidationError(
            "请用 --cert 证书文件签名交接包，或用 --unsigned 明确生成未签名的交接包（二选一）",
            "sign the bundle with --cert FILE.p12, or ask for an unsigned one with --unsigned "
            "(one of the two)",
        )
    identity = unlock_identity(args.cert, args.passphrase_env) if args.cert else None
    result = open_workspace(args).handover.export_case(args.case_id, args.out, identity=identity)
    if args.json:
        print_json(result)
        return 0
    print(f"bundle written: {result.path} ({result.size} bytes)")
    print(f"SHA-256: {result.file_sha256}")
    print(f"{result.files} evidence file(s), {result.evidence_bytes} bytes")
    if result.signer:
        print(f"signed by {result.signer} (certificate SHA-256 {result.signer_fingerprint})")
    else:
        print("UNSIGNED: the importer must allow unsigned bundles explicitly")
    return 0


def _inspect(args: argparse.Namespace) -> int:
    from app.handover.verify import verify_bundle

    summary = BundleSummary.of(verify_bundle(args.file))
    if args.json:
        print_json(summary)
        return 0
    print("bundle verified: signature and every file check out")
    _print_summary(summary)
    return 0


def _import(args: argparse.Namespace) -> int:
    result = open_workspace(args).handover.import_bundle(
        args.file,
        replace=args.replace,
        dry_run=args.dry_run,
        allow_unsigned=args.allow_unsigned,
    )
    refused = result.blocked is not None or (result.conflict is not None and not args.replace)
    if args.json:
        print_json(result)
        return 1 if refused else 0
    _print_summary(result.bundle)
    _print_result(result)
    if refused:
        reason = result.blocked or result.conflict
        assert reason is not None
        print(f"ihsa: {pick(reason)}", file=sys.stderr)
        return 1
    return 0


def _print_summary(summary: BundleSummary) -> None:
    signer = summary.signer
    if signer is None:
        print("signature:    NONE — unsigned bundle, origin and integrity not confirmed")
    else:
        trust = "self-signed" if signer.self_signed else "issued by an authority"
        print(
            f"signed by:    {signer.subject}"
            + (f" ({signer.organisation})" if signer.organisation else "")
        )
        print(f"certificate:  SHA-256 {signer.fingerprint} ({trust}; no trust list is checked)")
    print(f"exported:     {summary.exported_at:%Y-%m-%d %H:%M} UTC by {summary.exported_by}")
    print(f"organisation: {summary.organisation_name} ({summary.credit_code})")
    if summary.package:
        print(f"application:  {summary.application_name} ({summary.package})")
    score = "-" if summary.score is None else f"{summary.score:.1f} {summary.grade or ''}"
    print(
        f"case:         {summary.case_uid} {summary.case_type}, {summary.status}, "
        f"assessor {summary.assessor}, score {score}"
    )
    counts = summary.counts
    print(
        f"contents:     {counts['answers']} answers, {counts['evidence']} evidence "
        f"({counts['files']} files, {counts['bytes']} bytes), {counts['apk_analyses']} APK "
        f"analyses, {counts['reports']} reports, {counts['rectifications']} rectifications, "
        f"{counts['audit_events']} audit events; rule pack {summary.rule_pack}"
    )


def _print_result(result: ImportResult) -> None:
    prefix = "would be " if result.dry_run else ""
    refused = result.blocked is not None or result.conflict is not None
    case_id = f" (id {result.case_id})" if result.case_id is not None else ""
    if result.dry_run or not refused:
        print(f"case:         {prefix}{result.case}{case_id}")
    print(f"organisation: {prefix}{result.organisation}")
    print(f"application:  {prefix}{result.application}")
    print(f"rule pack:    {prefix}{result.rule_pack}")
    print(f"files:        {result.files_added} {prefix}added, {result.files_present} already here")
    written = ", ".join(f"{count} {kind}" for kind, count in result.records.items() if count)
    print(f"records:      {prefix}written: {written or 'none'}")
    print(
        f"audit events: {result.audit_events_added} {prefix}added, "
        f"{result.audit_events_present} already here"
    )
    for note in result.notes:
        print(f"note:         {pick(note)}")
