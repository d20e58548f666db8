"""What a pack contains: the builder's choices, stored with every generated pack as JSON so the
record says exactly how it was made (and the same settings can be generated again)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from campaign.models import PackClassification, PackFormat, PackSection

ALL_SECTIONS: tuple[PackSection, ...] = tuple(PackSection)


@dataclass(frozen=True)
class PackOptions:
    title: str
    ask_slugs: tuple[str, ...]  # in the order the pack presents them
    format: PackFormat = PackFormat.PDF
    sections: tuple[PackSection, ...] = ALL_SECTIONS
    # External packs carry public material only; see campaign.packs.content for the rules.
    classification: PackClassification = PackClassification.EXTERNAL
    audience: str = ""  # free text, or the audience organisation's name
    audience_organisation_key: str | None = None
    meeting_date: date | None = None
    next_steps: str = ""  # Markdown, shown under "Contacts and next steps"
    made_by: str = ""
    # Restricted evidence (case studies) goes into an internal pack only when whoever asks for
    # the pack is cleared to read it (on the web: the signed-in user; the CLI is trusted).
    include_restricted: bool = False
    # Who's who (internal packs only): the people attending, by key, in the order chosen.
    people: tuple[str, ...] = ()
    # A later claim checker can block a pack; an override's reason is recorded here.
    extra: dict = field(default_factory=dict)

    def includes(self, section: PackSection) -> bool:
        return section in self.sections

    @property
    def is_external(self) -> bool:
        return self.classification is PackClassification.EXTERNAL

    def to_json(self) -> dict:
        data = asdict(self)
        data["ask_slugs"] = list(self.ask_slugs)
        data["people"] = list(self.people)
        data["format"] = self.format.value
        # Stored in the enum's order, whatever order they were ticked in.
        data["sections"] = [s.value for s in PackSection if s in self.sections]
        data["classification"] = self.classification.value
        data["meeting_date"] = self.meeting_date.isoformat() if self.meeting_date else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> PackOptions:
        meeting = data.get("meeting_date")
        return cls(
            title=data["title"],
            ask_slugs=tuple(data["ask_slugs"]),
            format=PackFormat(data.get("format", "pdf")),
            sections=tuple(PackSection(s) for s in data.get("sections", ALL_SECTIONS)),
            classification=PackClassification(data.get("classification", "external")),
            audience=data.get("audience", ""),
            audience_organisation_key=data.get("audience_organisation_key"),
            meeting_date=date.fromisoformat(meeting) if meeting else None,
            next_steps=data.get("next_steps", ""),
            made_by=data.get("made_by", ""),
            include_restricted=bool(data.get("include_restricted", False)),
            people=tuple(data.get("people") or ()),
            extra=dict(data.get("extra") or {}),
        )
