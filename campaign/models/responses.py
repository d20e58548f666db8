from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Text
from sqlmodel import Field, Relationship, SQLModel

from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import Position, ResponseChannel, ResponseDirection
from campaign.models.types import StrEnumType

if TYPE_CHECKING:
    from campaign.models.asks import Ask
    from campaign.models.organisations import Organisation


class ResponseAsk(SQLModel, table=True):
    """A response's bearing on one ask: the target's position as of the response's date."""

    __tablename__ = "response_asks"

    response_id: int = Field(foreign_key="responses.id", primary_key=True, ondelete="CASCADE")
    ask_id: int = Field(foreign_key="asks.id", primary_key=True, ondelete="CASCADE", index=True)
    position: Position = Field(default=Position.NO_POSITION, sa_type=StrEnumType(Position))
    note: str = Field(default="", sa_type=Text)

    response: "Response" = Relationship(back_populates="ask_links")
    ask: "Ask" = Relationship(back_populates="response_links")


class Response(Versioned, Tracked, table=True):
    """What a target said or did (received), or our letter or submission to it (sent)."""

    __tablename__ = "responses"
    __natural_key__ = "key"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    title: str = Field(max_length=200)
    organisation_id: int = Field(foreign_key="organisations.id", ondelete="RESTRICT", index=True)
    response_date: date = Field(index=True)
    channel: ResponseChannel = Field(sa_type=StrEnumType(ResponseChannel))
    direction: ResponseDirection = Field(
        default=ResponseDirection.RECEIVED, sa_type=StrEnumType(ResponseDirection)
    )
    summary: str = Field(default="", sa_type=Text)
    url: str | None = Field(default=None, max_length=1000)
    reply_expected_by: date | None = Field(default=None, index=True)

    organisation: "Organisation" = Relationship()
    ask_links: list[ResponseAsk] = Relationship(back_populates="response", cascade_delete=True)

    def __str__(self) -> str:
        return self.title
