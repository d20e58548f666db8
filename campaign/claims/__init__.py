"""The claim checker's engine: pure functions from a statistic's words and figures to a
verdict, a reason, the nearest honest wording and flags. No database, no Flask.

- wording.py  `parse_claim(text)`: the claim's words as ranges (`Expectation`s)
- ranges.py   `Expectation` and the rules that give each wording its range
- verdicts.py `check_claim(claim, value, unit=, formula=)`: a `ClaimCheck` with a `Verdict`
- honest.py   the nearest honest wording for a value, in the claim's own style
- phrases.py  the words around a figure: "not", rates, "times", endpoints, bare directions
- facts.py    `FigureFacts` from a Statistic row: inputs by position, period, value range
- figures.py  `check_figure(FigureFacts, today=, max_age_days=)`: the verdict plus `Flag`s

The contract (every wording and its range) is docs/claims.md.
"""

from campaign.claims.facts import FigureFacts, facts_from_statistic
from campaign.claims.figures import ClaimResult, Flag, FlagKind, check_figure, check_figures
from campaign.claims.ranges import Expectation
from campaign.claims.verdicts import ClaimCheck, Verdict, check_claim
from campaign.claims.wording import ParsedClaim, parse_claim

__all__ = [
    "ClaimCheck",
    "ClaimResult",
    "Expectation",
    "FigureFacts",
    "Flag",
    "FlagKind",
    "ParsedClaim",
    "Verdict",
    "check_claim",
    "check_figure",
    "check_figures",
    "facts_from_statistic",
    "parse_claim",
]


def __getattr__(name: str):
    """`bp`: the Claims page's blueprint (campaign/claims/web.py), imported only when the app
    asks for it, so the engine itself needs no Flask."""
    if name == "bp":
        from campaign.claims.web import bp

        return bp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
