"""People who sign in: their role, their restricted-evidence clearance and their session version."""

from datetime import datetime

from sqlalchemy import false, true
from sqlmodel import Field, SQLModel

from campaign.models.enums import UserRole
from campaign.models.types import StrEnumType, UTCDateTime, utcnow


class User(SQLModel, table=True):
    """A member of the team. `email` is stored lower-cased; `password_hash` is argon2.

    `restricted_clearance` is separate from the role: a viewer may be cleared to read case
    studies, an admin may not be.

    `session_version` is part of the id kept in the signed session cookie (`get_id`): adding one
    ends every session of the account (campaign/accounts/sessions.py says when).
    """

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(default="", max_length=200)
    role: UserRole = Field(sa_type=StrEnumType(UserRole), index=True)
    password_hash: str = Field(default="", max_length=255)
    restricted_clearance: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    is_active: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    last_sign_in_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    # Flask-Login's user protocol (no UserMixin: `is_active` is a real column here).
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What Flask-Login keeps in the session cookie: "<id>:<session version>"."""
        return f"{self.id}:{self.session_version}"

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __str__(self) -> str:
        return self.display_name
