"""The calendar feed's secret token, kept in `AppSetting` so it can be replaced from the app.

Whoever has the feed URL can read the milestones. Calendar clients cannot sign in, so the token
stays the feed's only lock even once accounts protect the pages. Regenerating it makes every
old URL stop working.
"""

from __future__ import annotations

import hmac
import secrets

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from campaign.models import AppSetting

SETTING_KEY = "calendar_token"  # the AppSetting row holding the token


def new_token() -> str:
    return secrets.token_urlsafe(32)


def current_token(session: Session) -> str | None:
    setting = session.get(AppSetting, SETTING_KEY)
    return setting.value if setting is not None and setting.value else None


def ensure_token(session: Session) -> str:
    """The token, created on first need. Two first requests at once both end up with the
    same token: the insert ignores a row another transaction has just written."""
    token = current_token(session)
    if token is not None:
        return token
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.exec(
        dialect.insert(AppSetting)
        .values(key=SETTING_KEY, value=new_token())
        .on_conflict_do_nothing(index_elements=["key"])
    )
    setting = session.get(AppSetting, SETTING_KEY, populate_existing=True)
    if setting is None or not setting.value:  # an empty value left by hand: replace it
        return regenerate_token(session)
    return setting.value


def regenerate_token(session: Session) -> str:
    """Replace the token: feed URLs with the old one answer 404 from now on."""
    token = new_token()
    setting = session.get(AppSetting, SETTING_KEY)
    if setting is None:
        setting = AppSetting(key=SETTING_KEY)
    setting.value = token
    session.add(setting)
    session.flush()
    return token


def token_matches(session: Session, given: str | None) -> bool:
    """Constant-time comparison; no token yet, or none given, never matches."""
    expected = current_token(session)
    if expected is None or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
