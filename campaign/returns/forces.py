"""The UK police forces an FOI request goes to (data/police-forces.csv), and matching the names
people type in returns files to the canonical ones.

Matching ignores case, accents, punctuation, "&" versus "and", and the words "Police",
"Constabulary", "Service", "Force", "Heddlu", "of" and "the", so "Avon & Somerset Police"
is "Avon and Somerset Constabulary"; each force's aliases ("Met", "PSNI") are matched the same
way.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from campaign.settings import PROJECT_ROOT

FORCES_FILE = PROJECT_ROOT / "data" / "police-forces.csv"
NATIONS = ("England", "Wales", "Northern Ireland", "Scotland", "Great Britain")
_IGNORED_WORDS = frozenset(
    {"and", "the", "of", "police", "constabulary", "service", "force", "heddlu"}
)


@dataclass(frozen=True)
class Force:
    name: str
    aliases: tuple[str, ...]
    nation: str


def normalise(name: str) -> str:
    """'Avon & Somerset Police' -> 'avon somerset'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).split()
    return " ".join(w for w in words if w not in _IGNORED_WORDS)


@cache
def forces() -> tuple[Force, ...]:
    """Every force in the list, in file order (loaded once per process)."""
    with FORCES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Force(
            name=row["name"].strip(),
            aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
            nation=row["nation"].strip(),
        )
        for row in rows
    )


@cache
def _index() -> dict[str, str]:
    """Normalised name or alias -> canonical name. A name two forces share is a data error."""
    index: dict[str, str] = {}
    for force in forces():
        for text in (force.name, *force.aliases):
            key = normalise(text)
            if index.get(key, force.name) != force.name:
                raise ValueError(f"{text!r} matches both {index[key]!r} and {force.name!r}")
            index[key] = force.name
    return index


def names() -> list[str]:
    return [force.name for force in forces()]


def match(name: str | None) -> str | None:
    """The canonical name of the force `name` refers to, or None."""
    key = normalise(name or "")
    return _index().get(key) if key else None


def suggest(name: str, *, limit: int = 3) -> list[str]:
    """Canonical names close to `name` (for "did you mean …?"), best first."""
    key = normalise(name)
    if not key:
        return []
    index = _index()
    found: list[str] = []
    for close in difflib.get_close_matches(key, list(index), n=limit * 3, cutoff=0.6):
        if index[close] not in found:
            found.append(index[close])
    return found[:limit]
