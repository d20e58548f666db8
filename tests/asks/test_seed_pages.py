"""Every ask in the seed campaign renders its page (realistic data, real import)."""

from sqlmodel import select

from campaign.models import Ask


def test_every_seed_ask_page_renders(seeded, session):
    client = seeded.test_client()
    slugs = session.exec(select(Ask.slug)).all()
    assert slugs, "the seed bundle has asks"
    listing = client.get("/asks/?archived=0")
    assert listing.status_code == 200
    for slug in slugs:
        response = client.get(f"/asks/{slug}")
        assert response.status_code == 200, slug
        assert "Targets and their positions" in response.get_data(as_text=True)
