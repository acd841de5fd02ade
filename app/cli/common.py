"""Helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.errors import ValidationError
from app.services.workspace import Workspace


def open_workspace(args: argparse.Namespace) -> Workspace:
    """The workspace, signed in as ``--user`` when given (see app.cli.signin)."""
    data_dir = Path(args.data_dir) if getattr(args, "data_dir", None) else None
    workspace = Workspace.open(getattr(args, "db", None), data_dir)
    if getattr(args, "user", None):
        from app.cli.signin import sign_in

        sign_in(workspace, args.user)
    return workspace


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def require(condition: bool, zh: str, en: str) -> None:
    if not condition:
        raise ValidationError(zh, en)
