"""ihsa app add|list (status, show and history: app.cli.registry_cmd)."""

from __future__ import annotations

import argparse

from app.cli import registry_cmd
from app.cli.common import add_json_flag, open_workspace, positive_int
from app.cli.output import print_json, print_table
from app.domain.enums import Platform
from app.services.applications import ApplicationInput


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("app", help="applications of organisations", description="applications")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="register an application")
    add.add_argument("--org", type=positive_int, required=True, help="organisation id")
    add.add_argument("--name", required=True)
    add.add_argument("--package", required=True, help="package name, e.g. cn.hospital.app")
    add.add_argument("--platform", choices=[p.value for p in Platform], default="android")
    add.add_argument(
        "--cert",
        action="append",
        default=[],
        metavar="SHA256",
        help="official signing-certificate SHA-256 fingerprint (repeatable)",
    )
    add.add_argument("--version-code", type=positive_int, help="official versionCode")
    add.add_argument("--version-name", default="", help="official versionName")
    add.add_argument("--apk-sha256", default="", help="SHA-256 of the official APK")
    add.add_argument("--channel", action="append", default=[], help="distribution channel")
    add.add_argument("--auth-code", default="", help="authorization code issued at registration")
    add_json_flag(add)
    add.set_defaults(func=_add)

    listing = actions.add_parser("list", help="list applications")
    listing.add_argument("--org", type=positive_int, help="only this organisation's applications")
    add_json_flag(listing)
    listing.set_defaults(func=_list)

    registry_cmd.add_app_actions(actions)


def _add(args: argparse.Namespace) -> int:
    app = open_workspace(args).applications.add(
        ApplicationInput(
            organisation_id=args.org,
            name=args.name,
            package=args.package,
            platform=Platform(args.platform),
            official_cert_sha256=args.cert,
            official_version_code=args.version_code,
            official_version_name=args.version_name,
            official_apk_sha256=args.apk_sha256,
            channels=args.channel,
            authorization_code=args.auth_code,
        )
    )
    if args.json:
        print_json(app)
    else:
        print(f"application {app.id} registered: {app.name} ({app.package})")
    return 0


def _list(args: argparse.Namespace) -> int:
    apps = open_workspace(args).applications.list(args.org)
    if args.json:
        print_json(apps)
    else:
        print_table(
            ["id", "org", "name", "package", "version", "certs", "status"],
            [
                (
                    a.id,
                    a.organisation_id,
                    a.name,
                    a.package,
                    f"{a.official_version_name} ({a.official_version_code or '-'})",
                    len(a.official_cert_sha256),
                    a.status.value,
                )
                for a in apps
            ],
        )
    return 0
