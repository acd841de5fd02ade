"""ihsa verify FILE.pdf [--json]: signatures, whole-file coverage and the case digest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import open_workspace
from app.cli.output import print_json
from app.errors import KnownError
from app.i18n import language, pick
from app.report.verify import (
    DIGEST_MATCH,
    DIGEST_MISMATCH,
    DOCMDP_TEXT,
    SIGNATURE_CERTIFICATION,
    SignatureReport,
    VerificationResult,
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "verify",
        help="verify a signed report (exit 1 when anything fails)",
        description="Check every signature of a report (signer, time, intact, valid, trusted, "
        "coverage, certification and the changes it allows) and, when its case is in the "
        "database, recompute the answer and evidence digest. Exit status 1 when any check fails.",
    )
    parser.add_argument("pdf", type=Path, metavar="FILE.pdf")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from app.services.reports import verify_report

    try:
        workspace = open_workspace(args)
    except KnownError as err:
        print(f"ihsa: {err.message()} (digest not checked)", file=sys.stderr)
        workspace = None
    result = verify_report(workspace, args.pdf)
    if args.json:
        print_json({**_as_dict(result), "ok": result.ok})
    else:
        _print(result)
    return 0 if result.ok else 1


def _as_dict(result: VerificationResult) -> dict[str, object]:
    from app.cli.output import to_jsonable

    data = to_jsonable(result)
    assert isinstance(data, dict)
    data["problems"] = [{k: v for k, v in p.items()} for p in result.problems]
    return data


def _print(result: VerificationResult) -> None:
    lang = language()

    def t(zh: str, en: str) -> str:
        return zh if lang == "zh" else en

    def yes(value: bool) -> str:
        return t("是", "yes") if value else t("否", "no")

    print(f"{t('文件', 'file')}: {result.path}")
    print(f"SHA-256: {result.file_sha256}")
    if result.case_id is not None:
        print(f"{t('案件编号', 'case')}: {result.case_id}")
    for number, sig in enumerate(result.signatures, 1):
        when = sig.signing_time.strftime("%Y-%m-%d %H:%M:%S %Z") if sig.signing_time else "?"
        verdict = t("通过", "OK") if sig.ok else t("失败", "FAILED")
        print(f"\n{t('签名', 'signature')} {number} ({sig.field_name}): {verdict}")
        org = f" ({sig.organisation})" if sig.organisation else ""
        print(f"  {t('签名人', 'signer')}: {sig.signer}{org}")
        print(f"  {t('时间', 'time')}: {when}")
        print(f"  {t('类型', 'type')}: {_kind(sig, lang)}")
        print(
            f"  {t('完整', 'intact')}: {yes(sig.intact)}   {t('有效', 'valid')}: {yes(sig.valid)}"
        )
        if sig.covers_whole_file:
            coverage = t("整个文件", "the whole file")
        elif sig.ok:
            coverage = t(
                "签名时的版本（其后仅追加了签名）", "its revision (only signatures added since)"
            )
        else:
            coverage = t("不是整个文件", "not the whole file")
        print(f"  {t('覆盖范围', 'covers')}: {coverage}")
        if sig.certificate_sha256:
            if sig.trusted:
                trust = t("受信任", "trusted")
            elif sig.self_signed:
                trust = t("不受信任（自签名证书）", "untrusted (self-signed certificate)")
            else:
                trust = t("不受信任（颁发者未知）", "untrusted (unknown issuer)")
            print(f"  {t('证书', 'certificate')}: {trust}, SHA-256 {sig.certificate_sha256}")
        for problem in sig.problems:
            print(f"  ! {pick(problem, lang)}")
    print()
    if result.digest_status == DIGEST_MATCH:
        print(t("答案与证据摘要与数据库一致", "answer and evidence digest matches the database"))
    elif result.digest_status != DIGEST_MISMATCH:
        print(
            t(
                "未核对答案摘要（数据库中无此案件）",
                "digest not checked (case not in this database)",
            )
        )
    for problem in result.problems:
        print(f"! {pick(problem, lang)}")
    if result.ok:
        print(t("核验通过", "verification passed"))
    else:
        print(t("核验失败", "verification FAILED"), file=sys.stderr)


def _kind(sig: SignatureReport, lang: str) -> str:
    if sig.kind != SIGNATURE_CERTIFICATION:
        return "批准签名" if lang == "zh" else "approval signature"
    level = f"DocMDP P={sig.docmdp_permission}"
    allowed = DOCMDP_TEXT.get(sig.docmdp_permission or 0)
    if lang == "zh":
        return f"认证签名（{level}，{allowed['zh']}）" if allowed else f"认证签名（{level}）"
    detail = f"{level}, {allowed['en']}" if allowed else level
    return f"certification signature ({detail})"
