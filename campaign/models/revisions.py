"""Revision history of the campaign's content: one row per create, edit, archive, restore
and revert of an ask, statistic, source, evidence item, response or milestone.

Rows are written by `campaign.revisions.recording` from session events, so every path that
changes content (web forms, the API, imports, the CLI) leaves a revision; they are never
edited. `snapshot` is the whole item after the change, in the shape its web form takes
(field name -> input value), which is what restoring a version feeds back through the form;
`changes` is {field: [before, after]} for the fields that changed.
"""

from datetime import datetime

from sqlalchemy import JSON, Index
from sqlmodel import Column, Field, SQLModel

from campaign.models.enums import RevisionAction
from campaign.models.types import StrEnumType, UTCDateTime, utcnow


class Revision(SQLModel, table=True):
    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_entity", "entity", "entity_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=40)  # "ask", "statistic", … (campaign.revisions.revisioned)
    entity_id: int
    version: int  # the item's version after this change (its `version` column)
    action: RevisionAction = Field(sa_type=StrEnumType(RevisionAction))
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)
    actor_user_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL", index=True
    )
    # Copied, so the history still names who made the change after the account is renamed.
    actor: str = Field(default="", max_length=300)
    via: str = Field(default="", max_length=20)  # web, api, cli, import
    reverted_to: int | None = Field(default=None)  # the version whose content was restored
    snapshot: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    changes: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
