"""Generation in the background: never blocking a request, started only after the commit, at
most PACK_WORKERS at once, and stopped cleanly."""

from __future__ import annotations

import time

import pytest
from sqlmodel import Session

from campaign.db import get_engine, get_session
from campaign.models import AskStatistic, Pack, PackFormat, PackStatus
from campaign.packs import generation, services
from campaign.packs.options import PackOptions
from tests.packs.test_views import builder_data


@pytest.fixture
def small(make):
    make.organisation(name="Ofcom", key="ofcom")
    ask = make.ask(title="Strengthen the codes", slug="strengthen-codes")
    figure = make.statistic(label="Offences recorded", key="offences", value=33226)
    make.link(AskStatistic(ask_id=ask.id, statistic_id=figure.id))
    return ask


def poll(client, pack_id: int, until, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        data = client.get(f"/packs/{pack_id}/status").get_json()
        if until(data):
            return data
        assert time.monotonic() < deadline, data
        time.sleep(0.02)


def submit_pack(client) -> int:
    response = client.post("/packs/new", data=builder_data("strengthen-codes", generate="1"))
    assert response.status_code == 302, response.status_code
    return int(response.location.rsplit("/", 1)[1])


def test_generating_blocks_neither_the_request_nor_anyone_else(
    client, small, held_render, wait_for_pack
):
    started = time.monotonic()
    pack_id = submit_pack(client)
    assert time.monotonic() - started < 10  # the request returned with the renderer held

    running = poll(client, pack_id, lambda d: d["progress"] == 30)
    assert running["status"] == "running" and running["stage"] == "Laying out the PDF"
    assert running["download_url"] is None
    # Other pages are served meanwhile, and the pack's page shows its progress.
    assert client.get("/packs/").status_code == 200
    assert 'value="30"' in client.get(f"/packs/{pack_id}").get_data(as_text=True)

    held_render.set()
    assert wait_for_pack(client, pack_id)["status"] == "done"


def test_at_most_pack_workers_packs_are_generated_at_once(make_app, small, held_render):
    app = make_app(PACK_WORKERS=1)
    client = app.test_client()
    try:
        first, second = submit_pack(client), submit_pack(client)
        poll(client, first, lambda d: d["status"] == "running")
        assert client.get(f"/packs/{second}/status").get_json()["status"] == "queued"
        held_render.set()
        for pack_id in (first, second):
            poll(client, pack_id, lambda d: d["status"] == "done")
    finally:
        held_render.set()
        generation.shutdown(app)


def test_the_job_is_handed_over_only_when_the_request_commits(app, small, monkeypatch):
    submitted = []
    monkeypatch.setattr(generation, "submit", lambda _app, pack_id: submitted.append(pack_id))
    options = PackOptions(
        title="Briefing", ask_slugs=("strengthen-codes",), audience="Peers", made_by="Ann"
    )
    with app.app_context():
        db = get_session()
        pack = services.request_pack(session=db, options=options)
        generation.submit_after_commit(db, pack.id)
        db.rollback()  # a refused request: nothing is kept, nothing is started
        assert submitted == []
        pack = services.request_pack(session=db, options=options)
        generation.submit_after_commit(db, pack.id)
        assert submitted == []
        db.commit()
        assert submitted == [pack.id]


def test_the_job_takes_an_id_and_opens_its_own_session(app, session, small):
    options = PackOptions(
        title="Briefing",
        ask_slugs=("strengthen-codes",),
        audience="Peers",
        format=PackFormat.HTML,
    )
    pack = services.request_pack(session=session, options=options)
    session.commit()
    generation.run(app, pack.id)  # no app context, no session: it makes its own
    session.refresh(pack)
    assert pack.status is PackStatus.DONE and b"Offences recorded" in pack.content


def test_shutdown_finishes_the_packs_in_hand_and_takes_no_more(app, client, small):
    pack_id = submit_pack(client)
    generation.shutdown(app)  # waits for the pack in hand
    with app.app_context(), Session(get_engine()) as check:
        assert check.get(Pack, pack_id).status is PackStatus.DONE
    # After shutdown a new pack is kept but stays queued (shown interrupted in time).
    late = submit_pack(client)
    assert client.get(f"/packs/{late}/status").get_json()["status"] == "queued"


def test_pack_workers_is_a_setting(make_app):
    app = make_app(PACK_WORKERS=3)
    assert app.extensions[generation.EXTENSION_KEY]._max_workers == 3
