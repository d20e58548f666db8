"""Backups: a database holding every kind of row, an empty database to restore into, and
per-table row dumps to compare them."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, Row, select
from sqlmodel import Session, SQLModel, func

from campaign import models as m
from campaign.accounts import services as accounts
from campaign.accounts.tokens import create_token
from campaign.db import get_engine
from tests.returns.conftest import fixture_bytes


def dump(engine: Engine) -> dict[str, list[Row]]:
    """Every table's rows, in primary-key order, read with the schema's own types."""
    with engine.connect() as connection:
        return {
            table.name: list(connection.execute(select(table).order_by(*table.primary_key.columns)))
            for table in SQLModel.metadata.sorted_tables
        }


@pytest.fixture
def full(seeded, session, make, runner, tmp_path):
    """The seed campaign (with its revisions) plus a user (a password hash), an API token (its
    hash), a generated pack (its bytes) and imported FOI return rows."""
    user = accounts.create_user(
        session=session,
        email="officer@nspcc.example.org",
        role=m.UserRole.EDITOR,
        password="correct horse battery staple",
        name="Policy Officer",
    )
    session.commit()
    create_token(session, user, "weekly figures script", m.ApiScope.READ)
    session.commit()

    make.source(key="nspcc-foi", title="NSPCC FOI returns", kind=m.SourceKind.FOI_RETURN)
    returns = tmp_path / "returns.csv"
    returns.write_bytes(fixture_bytes("good.csv"))
    result = runner.invoke(args=["import-returns", str(returns), "--source", "nspcc-foi"])
    assert result.exit_code == 0, result.output

    # A parent made after its child: the child's row comes first in the backup.
    child = make.organisation(name="Kestrel Chat UK", key="kestrel-chat-uk")
    parent = make.organisation(name="Kestrel Chat Group", key="kestrel-chat-group")
    child.parent_id = parent.id
    session.add(child)
    session.commit()

    ask = session.scalars(select(m.Ask).order_by(m.Ask.id)).first()  # revisions: the seed's
    out = tmp_path / "pack.html"
    args = ["pack", "--ask", ask.slug, "--audience", "Ofcom", "-o", str(out)]
    result = runner.invoke(args=[*args, "--format", "html", "--classification", "internal"])
    assert result.exit_code == 0, result.output
    with Session(get_engine()) as check:
        for model in (m.ForceReturn, m.Revision, m.User, m.ApiToken):
            assert check.scalar(select(func.count()).select_from(model)) > 0, model
        assert check.scalar(select(m.Pack.content).where(m.Pack.content.is_not(None)))
    return seeded


@pytest.fixture
def empty_app(make_app, backend, database_templates, tmp_path):
    """The app on a second, newly migrated and empty database."""
    directory = tmp_path / "empty"
    directory.mkdir()
    template = database_templates(backend)
    url = template.fresh(directory)
    yield make_app(DATABASE_URL=url)
    template.drop(url)
