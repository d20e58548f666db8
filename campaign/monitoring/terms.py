"""A watch's search terms: what a user types, what the sources are asked, what matches.

The syntax (docs/monitoring.md):

- one **alternative** per line (or separated by commas): an item matches the watch when any
  alternative matches;
- within an alternative, every word and every "quoted phrase" must appear;
- `-word` or `-"a phrase"` excludes items that contain it;
- a word ending in `*` matches any word starting so (`encrypt*`: encryption, encrypted).

Matching is case-insensitive, on whole words ("Meta" does not match "metadata"), and ignores
punctuation between the words of a phrase ("end-to-end encryption" matches "end to end
encryption"). The sources' own search is only a first sieve: their syntax for phrases and
exclusions is not documented (docs/monitoring-sources.md), so every item is matched here again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

MAX_LENGTH = 2000
MAX_ALTERNATIVES = 20
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"[\w*]+(?:['\u2019]\w+)*", re.UNICODE)


class TermsError(ValueError):
    """Terms that cannot be searched for; the message says why, for the form's field."""


@dataclass(frozen=True)
class Term:
    text: str  # as typed, without quotes or the minus ("end-to-end encryption", "encrypt*")
    words: tuple[str, ...]  # lower-cased words; the last may end in "*"

    @property
    def pattern(self) -> str:
        parts = []
        for index, word in enumerate(self.words):
            last = index == len(self.words) - 1
            if last and word.endswith("*"):
                parts.append(re.escape(word[:-1]) + r"\w*")
            else:
                parts.append(re.escape(word))
        return r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)"

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class Alternative:
    required: tuple[Term, ...]
    excluded: tuple[Term, ...] = ()

    def search_string(self, *, quote_phrases: bool = True) -> str:
        """What a source's own search is sent: the required terms (phrases in quotes, the
        `*` dropped, since no source documents wildcards); exclusions are applied here."""
        texts = []
        for term in self.required:
            words = " ".join(w.rstrip("*") for w in term.words)
            texts.append(f'"{words}"' if term.is_phrase and quote_phrases else words)
        return " ".join(texts)

    def matches(self, text: str) -> list[str] | None:
        """The required terms found (as typed), or None when one is missing or an excluded
        term is present."""
        found = []
        for term in self.required:
            if not re.search(term.pattern, text, re.IGNORECASE):
                return None
            found.append(term.text)
        if any(re.search(term.pattern, text, re.IGNORECASE) for term in self.excluded):
            return None
        return found


@dataclass(frozen=True)
class Terms:
    alternatives: tuple[Alternative, ...]

    def matches(self, text: str) -> list[str] | None:
        """The terms that matched (of every matching alternative, in order, once), or None."""
        found: list[str] = []
        for alternative in self.alternatives:
            terms = alternative.matches(text)
            if terms is not None:
                found.extend(t for t in terms if t not in found)
        return found or None

    def search_strings(self, *, quote_phrases: bool = True) -> list[str]:
        """One search per alternative, each once."""
        seen: list[str] = []
        for alternative in self.alternatives:
            query = alternative.search_string(quote_phrases=quote_phrases)
            if query and query not in seen:
                seen.append(query)
        return seen

    @property
    def highlight_terms(self) -> list[Term]:
        return [term for alternative in self.alternatives for term in alternative.required]


def _term(text: str) -> Term | None:
    words = tuple(w.lower() for w in _WORD.findall(text))
    words = tuple(w for w in words if w.strip("*"))
    if not words or any("*" in w.rstrip("*") or w.count("*") > 1 for w in words):
        return None if not words else Term(text, ())  # () marks a misplaced "*"
    return Term(text.strip(), words)


def _split_alternatives(text: str) -> list[str]:
    """Lines, and commas outside quotes."""
    parts: list[str] = []
    for line in text.splitlines():
        current: list[str] = []
        quoted = False
        for char in line:
            if char == '"':
                quoted = not quoted
            if char == "," and not quoted:
                parts.append("".join(current))
                current = []
            else:
                current.append(char)
        parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse(text: str) -> Terms:
    """The terms typed into a watch, or TermsError saying what is wrong with them."""
    text = (text or "").strip()
    if not text:
        raise TermsError("Enter at least one word or phrase to look for.")
    if len(text) > MAX_LENGTH:
        raise TermsError(f"Search terms must be {MAX_LENGTH} characters or fewer.")
    alternatives = []
    for part in _split_alternatives(text):
        if part.count('"') % 2:
            raise TermsError(f"Close the quotation marks in \u201c{part}\u201d.")
        required: list[Term] = []
        excluded: list[Term] = []
        for match in _TOKEN.finditer(part):
            minus, phrase, bare = match.groups()
            if bare is not None:
                negated = bare.startswith("-") and len(bare) > 1
                minus, raw = ("-", bare[1:]) if negated else ("", bare)
            else:
                raw = phrase
            term = _term(raw)
            if term is None:
                continue  # punctuation only
            if not term.words:
                raise TermsError(f"\u201c{raw}\u201d: a * may only end a word (encrypt*).")
            (excluded if minus else required).append(term)
        if not required:
            raise TermsError(f"\u201c{part}\u201d only excludes: add a word or phrase to look for.")
        alternatives.append(Alternative(tuple(required), tuple(excluded)))
    if len(alternatives) > MAX_ALTERNATIVES:
        raise TermsError(f"A watch can have at most {MAX_ALTERNATIVES} alternatives.")
    return Terms(tuple(alternatives))


def highlight(text: str, terms: Iterable[Term] | Sequence[str]) -> Markup:
    """`text`, escaped, with each occurrence of the terms in <mark>. Terms may be `Term`s or
    the terms as typed (an item's matched terms)."""
    patterns = []
    for term in terms:
        if isinstance(term, str):
            parsed = _term(term)
            if parsed is None or not parsed.words:
                continue
            term = parsed
        patterns.append(term.pattern)
    if not patterns:
        return escape(text)
    combined = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    out, last = [], 0
    for match in combined.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(Markup("<mark>%s</mark>") % text[match.start() : match.end()])
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def snippet(text: str, terms: Terms | None = None, *, width: int = 300) -> str:
    """Plain text around the first match (or the start), at most about `width` characters."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    start = 0
    if terms is not None:
        firsts = [
            found.start()
            for term in terms.highlight_terms
            if (found := re.search(term.pattern, text, re.IGNORECASE))
        ]
        if firsts:
            start = max(min(firsts) - width // 3, 0)
    end = min(start + width, len(text))
    if start:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return ("\u2026" if start else "") + text[start:end] + ("\u2026" if end < len(text) else "")
