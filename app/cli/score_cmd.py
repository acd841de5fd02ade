"""``ihsa score``: score a set of answers against a rule pack.

The answers file is JSON: ``{"ITEM-ID": "pass"|"partial"|"fail"|"na"|"not_assessed"}``;
items it leaves out are not assessed. Unknown ids or values are refused with a
message naming each of them, and nothing is scored from an invalid pack.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app import paths
from app.cli.output import print_json, print_table
from app.errors import NotFoundError, ValidationError
from app.i18n import language, pick
from app.rules import PackValidationError, ScoreResult, load_pack, score


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("score", help="score answers with a rule pack")
    parser.add_argument(
        "--answers", required=True, type=Path, metavar="FILE", help="JSON object item id → result"
    )
    parser.add_argument(
        "--pack", type=Path, metavar="DIR", help="rule pack folder (default: bundled rules)"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=_score)


def read_answers(path: Path) -> dict[str, Any]:
    """The answers object of a JSON file; its values are checked against the pack later."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFoundError(f"答案文件不存在：{path}", f"answers file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(
            f"无法读取答案文件 {path}：{exc}", f"cannot read answers file {path}: {exc}"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"答案文件 {path} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）",
            f"answers file {path} is not valid JSON "
            f"(line {exc.lineno} column {exc.colno}: {exc.msg})",
        ) from None
    if not isinstance(data, dict):
        raise ValidationError(
            f"答案文件 {path} 应为 JSON 对象 {{条目id: 结果}}",
            f"answers file {path} must be a JSON object {{item id: result}}",
        )
    return data


def _score(args: argparse.Namespace) -> int:
    try:
        pack = load_pack(args.pack or paths.rules_dir())
    except PackValidationError as exc:
        for problem in exc.problems:
            print(problem.message())
        raise
    result = score(pack, read_answers(args.answers))
    if args.json:
        print_json(result.to_json())
    else:
        _print_summary(result, pack.id, pack.version)
    return 0


def _print_summary(result: ScoreResult, pack_id: str, version: str) -> None:
    zh = language() == "zh"
    print(
        f"{'规则包' if zh else 'rule pack'} {pack_id} {version} sha256={result.pack.sha256[:16]}…"
    )
    provisional = ""
    if result.provisional:
        count = len(result.not_assessed)
        provisional = (
            f"  [暂定：{count} 项未评估]" if zh else f"  [provisional: {count} not assessed]"
        )
    score_label, grade_label = ("得分", "等级") if zh else ("score", "grade")
    print(f"{score_label} {result.score}  {grade_label} {result.grade}{provisional}")
    rows = []
    for d in result.domains:
        if d.fraction is None or d.points is None or d.max_points is None:
            rows.append((d.domain_id, pick(d.title), "—", "不适用" if zh else "n/a (excluded)"))
            continue
        rows.append(
            (
                d.domain_id,
                pick(d.title),
                f"{float(d.fraction) * 100:.1f}%",
                f"{float(d.points):.2f} / {float(d.max_points):.2f}",
            )
        )
    headers = (
        ("领域", "名称", "符合率", "得分") if zh else ("domain", "title", "fraction", "points")
    )
    print_table(headers, rows)
    print(f"{'等级规则' if zh else 'grade rule'}: {pick(result.reason)}")
    if result.veto_failed:
        label = "否决项不符合" if zh else "veto items failed"
        print(f"{label}: {', '.join(result.veto_failed)}")
    if result.veto_partial:
        label = "否决项部分符合" if zh else "veto items partial"
        print(f"{label}: {', '.join(result.veto_partial)}")
    print(f"{'处置' if zh else 'handling'}: {pick(result.handling)}")
