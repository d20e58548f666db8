"""A pack whose worker is gone shows as interrupted at once, and can be generated again at once:
the worker's process identity (host, pid, start identity) and its heartbeat, through the real
pages and real processes."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from campaign.db import get_engine
from campaign.models import AskStatistic, Pack, PackStatus
from campaign.packs import generation, services, workers
from campaign.packs.options import PackOptions
from tests.packs.test_generation import poll, submit_pack
from tests.packs.test_views import builder_settings, keep
from tests.responses.helpers import page_text

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def small(make):
    """Ofcom and an ask with a figure: enough to generate a pack."""
    make.organisation(name="Ofcom", key="ofcom")
    ask = make.ask(title="Strengthen the codes", slug="strengthen-codes")
    figure = make.statistic(label="Offences recorded", key="offences", value=33226)
    make.link(AskStatistic(ask_id=ask.id, statistic_id=figure.id))
    return ask


def dead_worker() -> workers.Worker:
    """The identity of a real process on this host, started and killed (and reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        identity = workers.Worker(
            host=workers.host_name(),
            pid=process.pid,
            start=workers.start_identity(process.pid),
        )
    finally:
        process.kill()
        process.wait(timeout=30)
    return identity


def status_of(client, pack_id: int) -> str:
    return client.get(f"/packs/{pack_id}/status").get_json()["status"]


def test_a_killed_process_is_gone_and_a_live_one_is_not():
    me = workers.this_process()
    assert me.host and me.pid == os.getpid()
    assert me.start, "Linux gives every process a start identity"
    assert not workers.is_gone(me.host, me.pid, me.start)
    gone = dead_worker()
    assert workers.is_gone(gone.host, gone.pid, gone.start)
    assert workers.is_gone(gone.host, gone.pid, "")  # no start identity: the pid alone
    # The pid now belongs to another process (pid reused after a restart): not the worker.
    assert workers.is_gone(me.host, me.pid, me.start + "0")
    assert workers.is_gone(me.host, me.pid, "another-boot:" + me.start.split(":")[1])
    # Nothing recorded, or a worker on another host: cannot be told from here.
    assert not workers.is_gone("", None, "")
    assert not workers.is_gone("elsewhere.example", gone.pid, gone.start)


@pytest.mark.parametrize("status", [PackStatus.RUNNING, PackStatus.QUEUED])
def test_a_pack_whose_worker_is_gone_is_interrupted_at_once_and_generated_again(
    client, session, small, wait_for_pack, status
):
    just_now = datetime.now(UTC)
    pack = keep(
        session,
        settings=builder_settings(),
        status=status,
        progress=30 if status is PackStatus.RUNNING else 0,
        stage="Laying out the web page",
        created_at=just_now,
        started_at=just_now,
        heartbeat_at=just_now if status is PackStatus.RUNNING else None,
        **dead_worker().columns(),
    )
    assert status_of(client, pack.id) == "interrupted"
    text = page_text(client.get(f"/packs/{pack.id}"))
    assert "Generation was interrupted: the process generating it has stopped" in text
    assert "Generate again" in text
    assert client.post(f"/packs/{pack.id}/retry").status_code == 302
    assert wait_for_pack(client, pack.id)["status"] == "done"
    session.refresh(pack)
    assert (pack.worker_host, pack.worker_pid) == (workers.host_name(), os.getpid())


def test_a_live_workers_pack_is_not_interrupted_nor_started_twice(client, session, small):
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        worker = workers.Worker(workers.host_name(), live.pid, workers.start_identity(live.pid))
        just_now = datetime.now(UTC)
        pack = keep(
            session,
            status=PackStatus.RUNNING,
            started_at=just_now,
            heartbeat_at=just_now,
            **worker.columns(),
        )
        assert status_of(client, pack.id) == "running"
        page = client.post(f"/packs/{pack.id}/retry", follow_redirects=True)
        assert "still being generated" in page_text(page)
        session.refresh(pack)
        assert pack.status is PackStatus.RUNNING and pack.worker_pid == live.pid
    finally:
        live.kill()
        live.wait(timeout=30)
    assert status_of(client, pack.id) == "interrupted"


def test_a_running_pack_whose_heartbeat_stopped_is_interrupted(make_app, session, small):
    """A worker on another host cannot be checked; its heartbeat says whether it is alive."""
    app = make_app(CLOCK=lambda: NOW, PACK_HEARTBEAT_SECONDS=15)
    client = app.test_client()
    elsewhere = {"worker_host": "elsewhere.example", "worker_pid": 4242, "worker_start": "b:1"}
    started = NOW - timedelta(minutes=2)  # well within PACK_TIMEOUT_SECONDS
    beating = keep(
        session, status=PackStatus.RUNNING, started_at=started, heartbeat_at=NOW, **elsewhere
    )
    quiet = keep(
        session,
        settings=builder_settings(),
        status=PackStatus.RUNNING,
        started_at=started,
        heartbeat_at=NOW - timedelta(seconds=46),  # three beats of 15 s missed
        **elsewhere,
    )
    assert status_of(client, beating.id) == "running"
    assert status_of(client, quiet.id) == "interrupted"
    assert "no sign of life for 45 seconds" in page_text(client.get(f"/packs/{quiet.id}"))
    client.post(f"/packs/{quiet.id}/retry")
    generation.shutdown(app)  # the packs in hand finish
    session.refresh(quiet)
    assert quiet.status is PackStatus.DONE and quiet.worker_host == workers.host_name()


HELD_WORKER = """
import sys, threading
from campaign import create_app
from campaign.packs import generation, services

def held(content, fmt):
    print("rendering", flush=True)
    threading.Event().wait()  # until killed

services.render = held
app = create_app({"SECRET_KEY": "test", "DATABASE_URL": sys.argv[1]})
generation.run(app, int(sys.argv[2]))
"""


def test_a_worker_process_killed_mid_pack_leaves_it_interrupted_at_once(
    client, session, small, database_url, wait_for_pack
):
    options = PackOptions(
        title="Briefing for Ofcom", ask_slugs=("strengthen-codes",), audience="Ofcom"
    )
    pack = services.request_pack(session=session, options=options)
    session.commit()
    worker = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(HELD_WORKER), database_url, str(pack.id)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([worker.stdout], [], [], 60)
        assert ready, "the worker never started rendering"
        assert worker.stdout.readline().strip() == "rendering"
        running = client.get(f"/packs/{pack.id}/status").get_json()
        assert running["status"] == "running" and running["progress"] == 30
        session.refresh(pack)
        assert pack.worker_pid == worker.pid and pack.heartbeat_at is not None
        assert "still being generated" in page_text(
            client.post(f"/packs/{pack.id}/retry", follow_redirects=True)
        )
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        worker.stdout.close()
    assert status_of(client, pack.id) == "interrupted"
    assert "Generate again" in page_text(client.get(f"/packs/{pack.id}"))
    client.post(f"/packs/{pack.id}/retry")
    assert wait_for_pack(client, pack.id)["status"] == "done"


def test_the_heartbeat_is_written_while_the_pack_is_generated(make_app, small, held_render):
    clock = [NOW]
    app = make_app(CLOCK=lambda: clock[0], PACK_HEARTBEAT_SECONDS=0.05)
    client = app.test_client()
    try:
        pack_id = submit_pack(client)
        poll(client, pack_id, lambda d: d["progress"] == 30)
        with app.app_context(), Session(get_engine()) as check:
            pack = check.get(Pack, pack_id)
            me = workers.this_process()
            assert (pack.worker_host, pack.worker_pid, pack.worker_start) == (
                me.host,
                me.pid,
                me.start,
            )
            assert pack.heartbeat_at == NOW  # written at each stage
        # Time moves on while the renderer works: the heartbeat follows it, so the pack is
        # not taken for interrupted.
        clock[0] = NOW + timedelta(seconds=30)
        deadline = time.monotonic() + 30
        while True:
            with app.app_context(), Session(get_engine()) as check:
                if check.get(Pack, pack_id).heartbeat_at == clock[0]:
                    break
            assert time.monotonic() < deadline, "the heartbeat was not written"
            time.sleep(0.02)
        assert status_of(client, pack_id) == "running"
        held_render.set()
        poll(client, pack_id, lambda d: d["status"] == "done")
    finally:
        held_render.set()
        generation.shutdown(app)


def test_a_worker_given_up_on_does_not_overwrite_the_pack(app, session, small, monkeypatch):
    """Once a pack has been given up as interrupted and claimed by another worker, the first
    worker's late result is not written over it."""
    options = PackOptions(
        title="Briefing for Ofcom", ask_slugs=("strengthen-codes",), audience="Ofcom"
    )
    pack = services.request_pack(session=session, options=options)
    session.commit()
    elsewhere = {"worker_host": "elsewhere.example", "worker_pid": 4242, "worker_start": "b:1"}
    real = services.render

    def render(content, fmt):  # meanwhile, another worker takes the pack over
        with Session(session.get_bind()) as other:
            other.get(Pack, pack.id).sqlmodel_update(elsewhere)
            other.commit()
        return real(content, fmt)

    monkeypatch.setattr(services, "render", render)
    with app.app_context():
        services.generate(session=session, pack_id=pack.id, now=NOW)
    session.refresh(pack)
    assert pack.status is PackStatus.RUNNING and pack.content is None
    assert (pack.worker_host, pack.progress) == ("elsewhere.example", 30)
