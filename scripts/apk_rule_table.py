"""Print the APK rule catalogue as the Markdown table of docs/apk-analysis.md.

Usage: python scripts/apk_rule_table.py   (paste between the RULES markers;
tests/apk/test_docs.py fails when the document and the catalogue differ)
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.apk.catalog import analyzer_data, checklist_items  # noqa: E402


def rule_table() -> str:
    links = checklist_items()
    lines = [
        "| rule | severity | kind | 标题 | title | checklist items |",
        "|---|---|---|---|---|---|",
    ]
    for rule in analyzer_data().rules.values():
        items = ", ".join(links.get(rule.id, [])) or "—"
        lines.append(
            f"| `{rule.id}` | {rule.severity} | {rule.kind} | {rule.title['zh']} "
            f"| {rule.title['en']} | {items} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(rule_table())
