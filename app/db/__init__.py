"""Persistence: SQLAlchemy 2 typed ORM, engine factory and Alembic migrations."""
