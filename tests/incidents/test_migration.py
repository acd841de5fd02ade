"""Migration 0006_incidents keeps incidents and notices recorded before it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from app.db.engine import make_engine
from app.db.migrate import alembic_config, current_revision, head_revision
from app.domain.enums import IncidentCategory, IncidentStatus, RecipientKind
from app.services.workspace import Workspace


def test_upgrade_keeps_older_incidents_and_notices(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), "0002_evidence_blobs")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisations (id, name, credit_code, level, address, created_at) "
                "VALUES (1, '甲医院', '123301004700123455', '', '', '2025-03-01 08:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO contacts (id, organisation_id, name, role, phone, email) "
                "VALUES (1, 1, '王敏', '科长', '0571-1', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO incidents (id, organisation_id, title, description, severity, "
                "status, occurred_at) VALUES (1, 1, '旧事件', '', 'high', 'open', "
                "'2025-03-02 08:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO notifications (id, incident_id, contact_id, channel, body, sent_at) "
                "VALUES (1, 1, 1, 'letter', '通报', '2025-03-02 09:00:00')"
            )
        )
    engine.dispose()

    ws = Workspace.open(db_url, data_dir=tmp_path / "ws")
    try:
        assert current_revision(ws.engine) == head_revision()
        incident = ws.incidents.get(1)
        assert incident.category == IncidentCategory.OTHER
        assert incident.discovered_at == incident.occurred_at == incident.created_at
        assert incident.status == IncidentStatus.OPEN
        (notice,) = incident.notifications
        assert notice.recipient_name == "王敏" and notice.recipient_kind == RecipientKind.CONTACT
        assert notice.created_at == notice.sent_at
        # the contact can now be removed from the registration; the notice keeps its copy
        ws.organisations.update(1, name="甲医院", credit_code_text="123301004700123455")
        assert ws.incidents.get(1).notifications[0].recipient_name == "王敏"
    finally:
        ws.close()
