from datetime import UTC, date, datetime

from campaign.models import AskEvidence, AskStatistic, Sensitivity, Source
from tests.sources.support import all_rows, fresh

FOI = {
    "title": "Online grooming crimes: FOI returns 2022/23",
    "publisher": "NSPCC",
    "published_on": "2023-08-14",
    "url": "https://www.nspcc.org.uk/about-us/news-opinion/2023/grooming/",
    "kind": "foi_return",
    "method": "FOI requests to all 43 police forces in England and Wales.",
    "coverage": "35 forces provided usable data for 2022/23.",
}


def test_create_source_with_provenance(client, session):
    response = client.post("/sources/new", data=FOI)
    assert response.status_code == 302
    source = all_rows(session, Source)[0]
    assert source.key == "online-grooming-crimes-foi-returns-2022-23"
    assert source.published_on == date(2023, 8, 14)
    assert source.kind == "foi_return"
    page = client.get(response.location).get_data(as_text=True)
    for text in ("FOI return", "NSPCC", "14 August 2023", FOI["url"], "all 43 police forces"):
        assert text in page
    assert "35 forces provided usable data" in page


def test_missing_title_is_refused_beside_the_field(client, session):
    response = client.post("/sources/new", data={**FOI, "title": "  "})
    assert response.status_code == 422
    assert 'id="title-error"' in response.get_data(as_text=True)
    assert all_rows(session, Source) == []


def test_only_web_addresses_are_accepted(client, session):
    for bad in ("javascript://example.com/%0aalert(1)", "www.example", "ftp://example.com/x"):
        response = client.post("/sources/new", data={**FOI, "url": bad})
        assert response.status_code == 422, bad
        assert 'id="url-error"' in response.get_data(as_text=True)
    assert all_rows(session, Source) == []
    assert client.post("/sources/new", data={**FOI, "url": ""}).status_code == 302
    assert all_rows(session, Source)[0].url is None


def test_edit_keeps_the_key(client, session, make):
    source = make.source(title="Old title", key="old-title")
    response = client.post(
        f"/sources/{source.id}/edit", data={**FOI, "title": "New title", "method": ""}
    )
    assert response.status_code == 302
    saved = fresh(session).get(Source, source.id)
    assert (saved.title, saved.key, saved.method) == ("New title", "old-title", "")


def test_edit_form_shows_current_values(client, make):
    source = make.source(title="Ofcom report", published_on=date(2024, 5, 8), kind="report")
    page = client.get(f"/sources/{source.id}/edit").get_data(as_text=True)
    assert 'value="Ofcom report"' in page and 'value="2024-05-08"' in page


def test_list_filters_sorts_searches_and_paginates(make_app, make):
    app = make_app(PER_PAGE=2)
    make.source(title="Alpha", publisher="Ofcom", kind="report")
    make.source(title="Bravo", publisher="NSPCC", kind="foi_return")
    make.source(title="Charlie", publisher="NSPCC", kind="report")
    make.source(title="Delta", publisher="Home Office", kind="report")
    client = app.test_client()
    text = client.get("/sources/?kind=report&sort=-title").get_data(as_text=True)
    assert text.index("Delta") < text.index("Charlie")
    assert "Alpha" not in text and "Bravo" not in text and "Page 1 of 2" in text
    assert "Alpha" in client.get("/sources/?kind=report&sort=-title&page=2").get_data(as_text=True)
    by_publisher = client.get("/sources/?publisher=NSPCC").get_data(as_text=True)
    assert "Bravo" in by_publisher and "Charlie" in by_publisher and "Alpha" not in by_publisher
    bogus = client.get("/sources/?kind=bogus")
    assert bogus.status_code == 200 and "No sources match" in bogus.get_data(as_text=True)
    searched = client.get("/sources/?q=home off").get_data(as_text=True)
    assert "Delta" in searched and "Alpha" not in searched


def test_undated_sources_sort_as_oldest_on_every_database(client, make):
    make.source(title="Undated")
    make.source(title="Newer", published_on=date(2024, 1, 1))
    make.source(title="Older", published_on=date(2020, 1, 1))
    text = client.get("/sources/?sort=-published").get_data(as_text=True)
    assert text.index("Newer") < text.index("Older") < text.index("Undated")


def test_source_page_lists_what_cites_it_and_where_it_is_used(app, client, make):
    source = make.source(title="FOI 2023")
    other = make.source(title="Other source")
    ask = make.ask(title="Meta must scan for grooming")
    stat = make.statistic(label="Grooming crimes", value=33226, source_id=source.id)
    make.statistic(
        label="Archived figure", source_id=source.id, archived_at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    make.statistic(label="Elsewhere", source_id=other.id)
    item = make.evidence(
        title="Mother's account", source_id=source.id, sensitivity=Sensitivity.RESTRICTED
    )
    make.link(AskStatistic(ask_id=ask.id, statistic_id=stat.id, note="headline"))
    make.link(AskEvidence(ask_id=ask.id, evidence_id=item.id))
    page = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert f'href="/statistics/{stat.id}"' in page and "33,226" in page
    assert f'href="/evidence/{item.id}"' in page and "Restricted" in page
    assert "Archived figure" not in page and "Elsewhere" not in page
    assert page.count("Meta must scan for grooming") == 2  # used in, for each row
    assert item.text not in page


def test_archive_hides_and_restore_brings_back(client, make):
    source = make.source(title="Ofcom statement")
    assert "Ofcom statement" in client.get("/sources/").get_data(as_text=True)
    archived = client.post(f"/sources/{source.id}/archive", follow_redirects=True)
    assert "Archived on" in archived.get_data(as_text=True)
    assert "Ofcom statement" not in client.get("/sources/").get_data(as_text=True)
    assert "Ofcom statement" in client.get("/sources/?archived=1").get_data(as_text=True)
    client.post(f"/sources/{source.id}/restore")
    assert "Ofcom statement" in client.get("/sources/").get_data(as_text=True)


def test_text_fields_are_escaped(client, session):
    script = "<script>alert(1)</script>"
    client.post(
        "/sources/new", data={**FOI, "title": f"T {script}", "method": script, "coverage": script}
    )
    source = all_rows(session, Source)[0]
    for url in ("/sources/", f"/sources/{source.id}"):
        page = client.get(url).get_data(as_text=True)
        assert script not in page and "&lt;script&gt;" in page
