from datetime import date

from sqlalchemy import Text
from sqlmodel import Field

from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import LineStatus
from campaign.models.types import StrEnumType


class LineToTake(Versioned, Tracked, table=True):
    """An agreed form of words on a subject, for meetings, interviews and replies ("We
    welcome Ofcom's codes, but they must require proactive detection in private messaging")."""

    __tablename__ = "lines_to_take"
    __natural_key__ = "key"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    title: str = Field(max_length=200, index=True)
    line: str = Field(sa_type=Text)  # the words to use, as they should be said
    context: str = Field(default="", sa_type=Text)  # when to use it, what not to say
    status: LineStatus = Field(
        default=LineStatus.DRAFT, sa_type=StrEnumType(LineStatus), index=True
    )
    review_by: date | None = Field(default=None)

    def __str__(self) -> str:
        return self.title
