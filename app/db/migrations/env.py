"""Alembic environment: runs on the engine handed over by app.db.migrate."""

from __future__ import annotations

from alembic import context

from app.db import rows  # noqa: F401  (registers every table on the metadata)
from app.db.base import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
