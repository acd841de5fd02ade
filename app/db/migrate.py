"""Bring a database to the newest schema with the migrations shipped in the package."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass
class EvidenceBackfill:
    """What 0002 copied into a server's database from this workstation's evidence store."""

    stored: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # rows whose file is not here


def alembic_config(engine: Engine | None = None, evidence_root: Path | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    if evidence_root is not None:
        cfg.attributes["evidence_root"] = str(evidence_root)
        cfg.attributes["evidence_backfill"] = {"stored": [], "missing": []}
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, evidence_root: Path | None = None) -> EvidenceBackfill:
    """Create a new database or upgrade an existing one to head (idempotent).

    ``evidence_root`` is this workstation's evidence store, whose files a server's
    database takes in when it first gets the evidence table.
    """
    if current_revision(engine) == head_revision():
        return EvidenceBackfill()
    cfg = alembic_config(engine, evidence_root)
    command.upgrade(cfg, "head")
    copied = cfg.attributes.get("evidence_backfill") or {}
    return EvidenceBackfill(list(copied.get("stored", [])), list(copied.get("missing", [])))
