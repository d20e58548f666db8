"""All table models, imported in dependency order so SQLModel.metadata is complete."""

from campaign.models import base  # noqa: F401  (naming convention first)
from campaign.models.asks import Ask, AskTag, AskTarget, Tag
from campaign.models.audit import AuditEvent
from campaign.models.commitments import Commitment, CommitmentChange
from campaign.models.enums import (
    ApiScope,
    AskStatus,
    AuditKind,
    CommitmentStatus,
    DatePrecision,
    DeliveryChannel,
    DeliveryKind,
    DeliveryStatus,
    DuePrecision,
    EvidenceKind,
    House,
    InteractionKind,
    LawfulBasis,
    LineStatus,
    MilestoneKind,
    OrganisationKind,
    PackClassification,
    PackFormat,
    PackSection,
    PackStatus,
    PersonKind,
    Position,
    Priority,
    ResponseChannel,
    ResponseDirection,
    RevisionAction,
    Sensitivity,
    SourceKind,
    StanceLevel,
    StatisticFormula,
    StatisticUnit,
    UserRole,
)
from campaign.models.evidence import Evidence
from campaign.models.interactions import (
    FollowUpAction,
    Interaction,
    InteractionAsk,
    InteractionOrganisation,
    InteractionPerson,
    InteractionUser,
)
from campaign.models.lines import LineToTake
from campaign.models.links import AskEvidence, AskMilestone, AskStatistic
from campaign.models.milestones import Milestone
from campaign.models.organisations import Organisation
from campaign.models.packs import Pack
from campaign.models.people import Person, PersonRole, PersonTag, Stance
from campaign.models.reminders import AppSetting, Delivery, MilestoneMove, Notification
from campaign.models.responses import Response, ResponseAsk
from campaign.models.returns import ForceReturn, ForceReturnPlatform, ReturnImport
from campaign.models.revisions import Revision
from campaign.models.sources import Source
from campaign.models.statistics import Statistic, StatisticInput
from campaign.models.tokens import ApiToken
from campaign.models.users import User

__all__ = [
    "Commitment",
    "CommitmentChange",
    "CommitmentStatus",
    "DuePrecision",
    "FollowUpAction",
    "Interaction",
    "InteractionAsk",
    "InteractionKind",
    "InteractionOrganisation",
    "InteractionPerson",
    "InteractionUser",
    "LawfulBasis",
    "PersonTag",
    "Stance",
    "StanceLevel",
    "ApiScope",
    "ApiToken",
    "Revision",
    "RevisionAction",
    "AppSetting",
    "Delivery",
    "DeliveryChannel",
    "DeliveryKind",
    "DeliveryStatus",
    "MilestoneMove",
    "Notification",
    "Ask",
    "AskEvidence",
    "AskMilestone",
    "AskStatistic",
    "AskStatus",
    "AskTag",
    "AskTarget",
    "AuditEvent",
    "AuditKind",
    "DatePrecision",
    "Evidence",
    "EvidenceKind",
    "House",
    "LineStatus",
    "LineToTake",
    "Milestone",
    "MilestoneKind",
    "Organisation",
    "OrganisationKind",
    "Pack",
    "Person",
    "PersonKind",
    "PersonRole",
    "PackClassification",
    "PackFormat",
    "PackSection",
    "PackStatus",
    "Position",
    "Priority",
    "Response",
    "ResponseAsk",
    "ResponseChannel",
    "ResponseDirection",
    "Sensitivity",
    "Source",
    "SourceKind",
    "Statistic",
    "StatisticFormula",
    "StatisticInput",
    "StatisticUnit",
    "ForceReturn",
    "ForceReturnPlatform",
    "ReturnImport",
    "Tag",
    "User",
    "UserRole",
]
