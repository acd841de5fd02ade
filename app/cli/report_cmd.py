"""ihsa report CASE_ID --out FILE.pdf [--sign --p12 FILE]; ihsa report countersign FILE.pdf."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.cert_cmd import add_passphrase_env, unlock_identity
from app.cli.common import open_workspace
from app.cli.output import print_json
from app.errors import KnownError, ValidationError
from app.i18n import language

USAGE = (
    "ihsa report CASE_ID --out FILE.pdf [--lang zh|en] [--sign --p12 FILE.p12]\n"
    "       ihsa report countersign FILE.pdf --p12 FILE.p12 [--out FILE.pdf]"
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report",
        usage=USAGE,
        help="produce (and sign) a case's PDF report, or countersign one",
        description="Produce the PDF evaluation report of a case, optionally signed with the "
        "assessor's PKCS#12 certificate; or add a reviewer's signature to a signed report "
        "(the first signature stays valid).",
    )
    parser.add_argument("target", metavar="CASE_ID|countersign", help="case id, or 'countersign'")
    parser.add_argument(
        "pdf", nargs="?", type=Path, metavar="FILE.pdf", help="(countersign) the signed report"
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE.pdf",
        help="output file (countersign: default is to update FILE.pdf in place)",
    )
    parser.add_argument(
        "--lang",
        dest="report_lang",
        choices=["zh", "en"],
        help="report language (default: the global --lang, else Chinese)",
    )
    parser.add_argument("--sign", action="store_true", help="sign the report (needs --p12)")
    parser.add_argument("--p12", type=Path, metavar="FILE.p12", help="signing certificate")
    add_passphrase_env(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if args.target == "countersign":
        return _countersign(args)
    return _generate(args)


def _generate(args: argparse.Namespace) -> int:
    from app.services.reports import generate_report

    if not args.target.isdigit() or int(args.target) <= 0:
        raise ValidationError(
            f"案件编号应为正整数：{args.target}",
            f"the case id must be a positive number: {args.target}",
        )
    if args.pdf is not None:
        raise ValidationError(
            "生成报告时只接受一个案件编号；输出文件用 --out 指定",
            "a report takes one case id; name the output file with --out",
        )
    if args.out is None:
        raise ValidationError("请用 --out 指定输出的 PDF 文件", "name the output PDF with --out")
    if args.sign and args.p12 is None:
        raise ValidationError("--sign 需要 --p12 证书文件", "--sign needs --p12 FILE")
    identity = unlock_identity(args.p12, args.passphrase_env) if args.sign else None
    lang = args.report_lang or language()
    record = generate_report(
        open_workspace(args), int(args.target), args.out, lang=lang, identity=identity
    )
    if args.json:
        print_json(record)
        return 0
    print(f"report written: {record.path}")
    print(f"SHA-256: {record.file_sha256}")
    if record.signer:
        print(f"signed by {record.signer} at {record.signed_at:%Y-%m-%d %H:%M:%S} UTC")
        _print_certification(record.path)
    return 0


def _countersign(args: argparse.Namespace) -> int:
    from app.services.reports import countersign_report

    if args.pdf is None:
        raise ValidationError("请指定要追加签名的报告文件", "name the signed report to countersign")
    if args.p12 is None:
        raise ValidationError("追加签名需要 --p12 证书文件", "countersigning needs --p12 FILE")
    identity = unlock_identity(args.p12, args.passphrase_env)
    try:
        workspace = open_workspace(args)
    except KnownError:
        workspace = None  # the signature does not need the database; only the record does
    outcome, record = countersign_report(workspace, args.pdf, identity, args.out)
    if args.json:
        print_json({"signature": outcome, "record": record})
        return 0
    print(f"countersigned: {outcome.path} ({outcome.field_name}, {outcome.kind} signature)")
    print(f"signed by {outcome.signer} at {outcome.signed_at:%Y-%m-%d %H:%M:%S %Z}")
    return 0


def _print_certification(path: str | Path) -> None:
    from app.report.sign import certification_level
    from app.report.verify import DOCMDP_TEXT

    level = certification_level(Path(path))
    if level is not None:
        allowed = DOCMDP_TEXT.get(level, {"en": "unknown permission"})["en"]
        print(f"certified (DocMDP P={level}): {allowed} from now on")
