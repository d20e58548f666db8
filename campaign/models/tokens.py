"""Personal access tokens for the JSON API (`Authorization: Bearer …`).

Only a SHA-256 of the token is stored: tokens are 256-bit random strings, so a fast hash is
enough (a slow password hash would only slow every API request). The plain token is shown
once, when it is created; `prefix` lets its owner recognise it in the list afterwards.
"""

from datetime import datetime

from sqlmodel import Field, SQLModel

from campaign.models.enums import ApiScope
from campaign.models.types import StrEnumType, UTCDateTime, utcnow


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    name: str = Field(default="", max_length=100)  # what it is for: "weekly figures script"
    scope: ApiScope = Field(sa_type=StrEnumType(ApiScope))
    token_hash: str = Field(max_length=64, unique=True, index=True)  # hex SHA-256
    prefix: str = Field(max_length=16)  # the first characters, shown in lists
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
