"""Helpers shared by the sources, statistics and evidence tests."""

from sqlmodel import Session, select


def fresh(session: Session) -> Session:
    """End the test session's transaction and forget loaded rows, so the next query sees what
    requests committed since (SQLite keeps a read snapshot for the whole transaction)."""
    session.rollback()
    session.expire_all()
    return session


def all_rows(session: Session, model) -> list:
    return list(fresh(session).exec(select(model).order_by(model.id)))
