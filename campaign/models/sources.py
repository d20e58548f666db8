from datetime import date

from sqlalchemy import Text
from sqlmodel import Field

from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import SourceKind
from campaign.models.types import StrEnumType


class Source(Versioned, Tracked, table=True):
    """Where a figure or piece of evidence comes from, with how it was gathered and what it
    covers (e.g. which police forces answered an FOI request)."""

    __tablename__ = "sources"
    __natural_key__ = "key"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    title: str = Field(max_length=300, index=True)
    publisher: str = Field(default="", max_length=200)
    published_on: date | None = Field(default=None)
    url: str | None = Field(default=None, max_length=1000)
    kind: SourceKind = Field(sa_type=StrEnumType(SourceKind), index=True)
    method: str = Field(default="", sa_type=Text)
    coverage: str = Field(default="", sa_type=Text)

    def __str__(self) -> str:
        return self.title
