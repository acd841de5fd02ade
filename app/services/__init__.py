"""Use cases: the only API the GUI and the CLI call.

Each public method is one unit of work (one session, committed or rolled back)
and takes and returns domain objects and ids, never ORM rows.
"""

from app.services.workspace import Workspace

__all__ = ["Workspace"]
