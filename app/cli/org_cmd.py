"""ihsa org add|list."""

from __future__ import annotations

import argparse

from app.cli.common import add_json_flag, open_workspace
from app.cli.output import print_json, print_table
from app.domain.models import Contact
from app.errors import ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("org", help="organisations (hospitals)", description="organisations")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="register an organisation")
    add.add_argument("--name", required=True, help="organisation name")
    add.add_argument("--credit-code", required=True, help="统一社会信用代码 (18 characters)")
    add.add_argument("--level", default="", help="hospital level, e.g. 三级甲等")
    add.add_argument("--address", default="")
    add.add_argument(
        "--contact",
        action="append",
        default=[],
        metavar="NAME,ROLE,PHONE,EMAIL",
        help="a contact person (repeatable); fields after NAME may be empty",
    )
    add_json_flag(add)
    add.set_defaults(func=_add)

    listing = actions.add_parser("list", help="list organisations")
    add_json_flag(listing)
    listing.set_defaults(func=_list)


def _parse_contact(text: str) -> Contact:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 4 or not parts[0]:
        raise ValidationError(
            f"联系人格式应为 姓名,职务,电话,邮箱：{text}",
            f"a contact is written NAME,ROLE,PHONE,EMAIL: {text}",
        )
    parts += [""] * (4 - len(parts))
    return Contact(*parts)


def _add(args: argparse.Namespace) -> int:
    contacts = [_parse_contact(c) for c in args.contact]
    org = open_workspace(args).organisations.add(
        args.name, args.credit_code, level=args.level, address=args.address, contacts=contacts
    )
    if args.json:
        print_json(org)
    else:
        print(f"organisation {org.id} registered: {org.name} ({org.credit_code})")
    return 0


def _list(args: argparse.Namespace) -> int:
    orgs = open_workspace(args).organisations.list()
    if args.json:
        print_json(orgs)
    else:
        print_table(
            ["id", "name", "credit code", "level", "contacts"],
            [(o.id, o.name, o.credit_code, o.level, len(o.contacts)) for o in orgs],
        )
    return 0
