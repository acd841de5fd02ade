"""Alembic environment: runs on the engine handed over by app.db.migrate."""

from __future__ import annotations

from alembic import context

from app.db import rows  # noqa: F401  (registers every table on the metadata)
from app.db.base import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    # SQLite: a batch migration copies a table, drops the original and renames the copy.
    # With foreign keys on, dropping a parent table deletes (ON DELETE CASCADE) or orphans
    # the rows that refer to it, so they are off while migrating (set outside any
    # transaction, where SQLite honours it) and every reference is checked afterwards.
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left broken references: {broken[:5]}")
        connection.commit()
    finally:
        if sqlite:  # the pooled connection must not stay without foreign keys
            connection.rollback()
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
