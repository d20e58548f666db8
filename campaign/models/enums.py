"""Controlled vocabularies, in the users' words. Values are stored; labels are shown."""

from __future__ import annotations

import enum


class LabelledEnum(enum.StrEnum):
    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class OrganisationKind(LabelledEnum):
    REGULATOR = "regulator"
    COMPANY = "company"
    GOVERNMENT = "government"
    PARLIAMENT = "parliament"
    CHARITY = "charity"
    OTHER = "other"


class PersonKind(LabelledEnum):
    """Who a person is to the campaign (issue 18): parliamentarians, officials, the rest."""

    MP = "mp"
    PEER = "peer"
    DEVOLVED_MEMBER = "devolved_member"  # a member of the Scottish, Welsh or NI legislature
    MINISTER = "minister"
    CIVIL_SERVANT = "civil_servant"
    REGULATOR_STAFF = "regulator_staff"
    COMPANY_STAFF = "company_staff"
    JOURNALIST = "journalist"
    CHARITY = "charity"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"mp": "MP", "devolved_member": "MSP / MS / MLA"}.get(self.value, super().label)


class House(LabelledEnum):
    """The House of the UK Parliament a parliamentarian sits in."""

    COMMONS = "commons"
    LORDS = "lords"

    @property
    def label(self) -> str:
        return {"commons": "House of Commons", "lords": "House of Lords"}[self.value]


class LawfulBasis(LabelledEnum):
    """The UK GDPR Article 6 basis on which a person's details are held (docs/people.md)."""

    LEGITIMATE_INTERESTS = "legitimate_interests"
    PUBLIC_TASK = "public_task"
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"


class StanceLevel(LabelledEnum):
    """A person's stance on an ask, from warmest to coldest (issue 18)."""

    CHAMPION = "champion"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    UNKNOWN = "unknown"
    SCEPTIC = "sceptic"
    OPPONENT = "opponent"


class InteractionKind(LabelledEnum):
    """How we dealt with people: a received letter or statement is a Response instead."""

    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    EVENT = "event"
    LETTER_SENT = "letter_sent"
    LETTER_RECEIVED = "letter_received"

    @property
    def label(self) -> str:
        return {"email": "E-mail"}.get(self.value, super().label)


class CommitmentStatus(LabelledEnum):
    """Where a promise stands. An open one past its due period is shown as late."""

    OPEN = "open"
    KEPT = "kept"
    LATE = "late"
    BROKEN = "broken"
    WITHDRAWN = "withdrawn"


class MonitorSource(LabelledEnum):
    """Where the monitoring inbox looks (issue 19): these names are an interface (CLI
    `--source`, the API's and bundles' `sources`); docs/monitoring.md describes each."""

    WRITTEN_QUESTIONS = "written-questions"
    WRITTEN_STATEMENTS = "written-statements"
    HANSARD = "hansard"
    BILLS = "bills"
    COMMITTEES = "committees"
    GOVUK = "govuk"
    FEED = "feed"

    @property
    def label(self) -> str:
        return _MONITOR_SOURCE_LABELS[self.value]


_MONITOR_SOURCE_LABELS = {
    "written-questions": "Written questions and answers",
    "written-statements": "Written statements",
    "hansard": "Hansard debates",
    "bills": "Bills",
    "committees": "Committees",
    "govuk": "GOV.UK",
    "feed": "RSS/Atom feeds",
}


class AlertLevel(LabelledEnum):
    """How a watch's owner hears of a new item: at once (e-mail and in-app) or in one daily
    e-mail."""

    IMMEDIATE = "immediate"
    DIGEST = "digest"

    @property
    def label(self) -> str:
        return {"immediate": "Immediate", "digest": "Daily digest"}[self.value]


class ItemStatus(LabelledEnum):
    """Where an inbox item stands: not looked at, dismissed (with a reason), or turned into a
    record (linked)."""

    NEW = "new"
    DISMISSED = "dismissed"
    LINKED = "linked"


class ItemRecordKind(LabelledEnum):
    """What an inbox item was turned into."""

    RESPONSE = "response"
    MILESTONE = "milestone"
    EVIDENCE = "evidence"
    COMMITMENT = "commitment"
    PERSON_NOTE = "person_note"


class DuePrecision(LabelledEnum):
    """How precisely a commitment's due date is known: "by 31 March", "in May", "by spring
    2026", "in 2027". Stored as the first day of the period (campaign.models.precise_dates)."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"


class LineStatus(LabelledEnum):
    """Whether a line to take may be used: drafted, agreed (use it), retired (do not)."""

    DRAFT = "draft"
    AGREED = "agreed"
    RETIRED = "retired"


class AskStatus(LabelledEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    PARTLY_MET = "partly_met"
    MET = "met"
    DROPPED = "dropped"


class Priority(LabelledEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class SourceKind(LabelledEnum):
    FOI_RETURN = "foi_return"
    REPORT = "report"
    PRESS_RELEASE = "press_release"
    STATEMENT = "statement"
    CASE_NOTE = "case_note"
    DATASET = "dataset"
    LEGISLATION = "legislation"
    NEWS = "news"
    WEB_PAGE = "web_page"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"foi_return": "FOI return"}.get(self.value, super().label)


class StatisticUnit(LabelledEnum):
    COUNT = "count"
    PERCENT = "percent"
    RATIO = "ratio"
    GBP = "gbp"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"gbp": "£ (GBP)"}.get(self.value, super().label)


class EvidenceKind(LabelledEnum):
    CASE_STUDY = "case_study"
    QUOTE = "quote"
    RESEARCH_FINDING = "research_finding"
    MEDIA_COVERAGE = "media_coverage"
    DOCUMENT = "document"


class Sensitivity(LabelledEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"


class ResponseChannel(LabelledEnum):
    CONSULTATION_STATEMENT = "consultation_statement"
    LETTER = "letter"
    PUBLIC_STATEMENT = "public_statement"
    PARLIAMENTARY_ANSWER = "parliamentary_answer"
    MEETING = "meeting"
    PRODUCT_CHANGE = "product_change"
    CONSULTATION_SUBMISSION = "consultation_submission"
    OTHER = "other"

    @property
    def is_public(self) -> bool:
        """On the public record, so an external briefing pack may print it (campaign.packs).
        Only the channels listed in PUBLIC_CHANNELS: a new channel is private until listed."""
        return self in PUBLIC_CHANNELS


# Responses on the public record. Letters, meetings and "other" are private correspondence.
PUBLIC_CHANNELS = frozenset(
    {
        ResponseChannel.CONSULTATION_STATEMENT,
        ResponseChannel.PUBLIC_STATEMENT,
        ResponseChannel.PARLIAMENTARY_ANSWER,
        ResponseChannel.PRODUCT_CHANGE,
        ResponseChannel.CONSULTATION_SUBMISSION,
    }
)


class ResponseDirection(LabelledEnum):
    """Received: what a target said or did. Sent: our letter or submission to a target."""

    RECEIVED = "received"
    SENT = "sent"


class Position(LabelledEnum):
    SUPPORTS = "supports"
    PARTLY_SUPPORTS = "partly_supports"
    NO_POSITION = "no_position"
    OPPOSES = "opposes"


class DatePrecision(LabelledEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class MilestoneKind(LabelledEnum):
    CONSULTATION_OPENS = "consultation_opens"
    CONSULTATION_CLOSES = "consultation_closes"
    STATEMENT = "statement"
    DUTY_IN_FORCE = "duty_in_force"
    COMPLIANCE_DEADLINE = "compliance_deadline"
    LEGISLATION = "legislation"
    COMMENCEMENT = "commencement"
    ROADMAP = "roadmap"
    REPORT = "report"
    ENFORCEMENT = "enforcement"
    EVENT = "event"
    PLANNED = "planned"


class DeliveryKind(LabelledEnum):
    MILESTONE = "milestone"  # n days before a milestone
    FOLLOW_UP = "follow_up"  # a reply we expected by a date has not come
    # Issue 18: the Delivery's `subject` names the record ("action:12", "stance:5" …).
    ACTION_DUE = "action_due"  # a follow-up action from an interaction is due
    STANCE_RECHECK = "stance_recheck"  # a person's stance on an ask is to be looked at again
    COMMITMENT_LATE = "commitment_late"  # a promise is still open after its due period
    # Issue 19: the monitoring inbox's alerts ("item:12"; "digest:2026-12-07").
    MONITOR_ALERT = "monitor_alert"  # a new item for an immediate watch
    MONITOR_DIGEST = "monitor_digest"  # the day's new items for digest watches, one e-mail

    @property
    def label(self) -> str:
        return {
            "action_due": "Action due",
            "stance_recheck": "Stance re-check",
            "commitment_late": "Commitment late",
            "monitor_alert": "Monitoring alert",
            "monitor_digest": "Monitoring digest",
        }.get(self.value, super().label)


class DeliveryChannel(LabelledEnum):
    EMAIL = "email"
    IN_APP = "in_app"

    @property
    def label(self) -> str:
        return {"email": "E-mail", "in_app": "In-app"}[self.value]


class DeliveryStatus(LabelledEnum):
    PENDING = "pending"  # claimed, not yet attempted
    SENT = "sent"
    FAILED = "failed"  # last attempt failed; retried with backoff until attempts run out
    MISSED = "missed"  # due while the scheduler was down and the milestone has passed
    CANCELLED = "cancelled"


class PackClassification(LabelledEnum):
    """External packs hold public material only; internal ones are marked INTERNAL."""

    EXTERNAL = "external"
    INTERNAL = "internal"


class PackFormat(LabelledEnum):
    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"

    @property
    def label(self) -> str:
        return {"pdf": "PDF", "docx": "Word", "html": "HTML"}[self.value]

    @property
    def extension(self) -> str:
        return self.value

    @property
    def media_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "html": "text/html; charset=utf-8",
        }[self.value]


class PackSection(LabelledEnum):
    """The parts a pack can have, in the order they appear."""

    SUMMARY = "summary"
    STATISTICS = "statistics"
    CHARTS = "charts"
    EVIDENCE = "evidence"
    POSITIONS = "positions"
    MILESTONES = "milestones"
    CONTACTS = "contacts"

    @property
    def label(self) -> str:
        return {
            "summary": "Summary of asks",
            "statistics": "Key statistics",
            "charts": "Charts",
            "evidence": "Evidence",
            "positions": "Positions and response timeline",
            "milestones": "Upcoming milestones",
            "contacts": "Contacts and next steps",
        }[self.value]


class PackStatus(LabelledEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class StatisticFormula(LabelledEnum):
    """How a derived statistic is computed from its inputs (in order)."""

    PERCENT_CHANGE = "percent_change"  # (from, to): (to − from) ÷ from × 100
    SHARE = "share"  # (part, whole): part ÷ whole × 100
    SUM = "sum"  # (a, b, …)
    DIFFERENCE = "difference"  # (a, b): a − b
    RATIO = "ratio"  # (a, b): a ÷ b


class UserRole(LabelledEnum):
    """What a signed-in user may do; see docs/accounts.md for the whole table."""

    ADMIN = "admin"
    EDITOR = "editor"
    VIEWER = "viewer"


class AuditKind(LabelledEnum):
    """What an audit event records; see docs/accounts.md "Audit log"."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105  # nosec B105  # an event kind, not a password
    ROLE_CHANGED = "role_changed"
    EXPORT = "export"
    BUNDLE_IMPORT = "bundle_import"
    RETURNS_IMPORT = "returns_import"
    PACK_GENERATED = "pack_generated"
    RESTRICTED_VIEWED = "restricted_viewed"
    TOKEN_CREATED = "token_created"  # noqa: S105  # nosec B105  # an event kind, not a token
    TOKEN_REVOKED = "token_revoked"  # noqa: S105  # nosec B105  # an event kind, not a token
    PERSON_EXPORTED = "person_exported"
    PERSON_ERASED = "person_erased"

    @property
    def label(self) -> str:
        return _AUDIT_LABELS[self]


# Keyed by member, not by string: bandit reads "password_changed": … as a hard-coded password.
_AUDIT_LABELS = {
    AuditKind.SIGN_IN: "Signed in",
    AuditKind.SIGN_IN_FAILED: "Sign-in refused",
    AuditKind.SIGN_OUT: "Signed out",
    AuditKind.PASSWORD_CHANGED: "Password changed",
    AuditKind.ROLE_CHANGED: "Role changed",
    AuditKind.EXPORT: "Bundle exported",
    AuditKind.BUNDLE_IMPORT: "Bundle imported",
    AuditKind.RETURNS_IMPORT: "Force returns imported",
    AuditKind.PACK_GENERATED: "Pack generation requested",
    AuditKind.RESTRICTED_VIEWED: "Restricted evidence viewed",
    AuditKind.TOKEN_CREATED: "API token created",
    AuditKind.TOKEN_REVOKED: "API token revoked",
    AuditKind.PERSON_EXPORTED: "Person's data exported",
    AuditKind.PERSON_ERASED: "Person erased",
}


class ApiScope(LabelledEnum):
    """What a personal access token may do: read only, or read and write."""

    READ = "read"
    READ_WRITE = "read_write"

    @property
    def label(self) -> str:
        return {"read": "Read", "read_write": "Read and write"}[self.value]


class RevisionAction(LabelledEnum):
    """What a revision records; `revert` is a restore of an earlier version's content."""

    CREATE = "create"
    EDIT = "edit"
    ARCHIVE = "archive"
    RESTORE = "restore"
    REVERT = "revert"

    @property
    def label(self) -> str:
        return {
            "create": "Created",
            "edit": "Edited",
            "archive": "Archived",
            "restore": "Restored from the archive",
            "revert": "Earlier version restored",
        }[self.value]
