"""The pack worker revision downgrades and upgrades again without losing a value."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect, text

from campaign import migrations
from campaign.db import get_engine
from campaign.models import Pack, PackClassification, PackFormat, PackStatus

REVISION, BEFORE = "20261207_pack_worker", "20261207_session_version"
BEAT = datetime(2026, 12, 7, 9, 0, 5, tzinfo=UTC)


def test_a_downgrade_keeps_the_packs_and_an_upgrade_brings_their_workers_back(app, session):
    pack = Pack(
        title="Briefing",
        audience="Ofcom",
        classification=PackClassification.EXTERNAL,
        format=PackFormat.PDF,
        status=PackStatus.RUNNING,
        progress=30,
        worker_host="web-1",
        worker_pid=4242,
        worker_start="boot:123",
        heartbeat_at=BEAT,
    )
    session.add(pack)
    session.commit()
    pack_id = pack.id
    session.close()
    with app.app_context():
        engine = get_engine()
        head = migrations.current_revision(engine)
        migrations.downgrade(engine, BEFORE)
        columns = {c["name"] for c in inspect(engine).get_columns("packs")}
        assert not columns & {"worker_host", "worker_pid", "worker_start", "heartbeat_at"}
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT title, status, progress FROM packs WHERE id = :id"), {"id": pack_id}
            ).one()
        assert tuple(row) == ("Briefing", "running", 30)
        assert not [t for t in inspect(engine).get_table_names() if t.startswith("_alembic_tmp")]
        migrations.upgrade(engine, REVISION)
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == head
    session.expire_all()
    back = session.get(Pack, pack_id)
    assert (back.worker_host, back.worker_pid, back.worker_start) == ("web-1", 4242, "boot:123")
    assert back.heartbeat_at == BEAT and back.title == "Briefing"
