"""Single-line text: the one rule for every field that is one line by nature (titles, names,
labels, addresses …), applied at every door.

A line break in a title is never what anyone meant, and one that reaches an e-mail header
breaks the e-mail (or, worse, adds a header). So every such field refuses carriage returns,
line feeds, the other line and paragraph separators (U+0085, U+2028, U+2029) and every other
control character (U+0000–U+001F, U+007F–U+009F, tab included):

- the web forms, and the API, which validates through the same forms: `single_line`
  (campaign.common.forms) on each field;
- bundles: `SingleLine` here, and the `Str`/`NullableStr` types of campaign.bundles.schema
  built on it, whose `pattern` is `SINGLE_LINE_PATTERN` (the published JSON Schema says it);
- the command line: `click_single_line` as an option's callback.

Text already stored before this rule (or written straight to the database) may still hold
them: `one_line` folds such text into one line where it must be one, e.g. an e-mail header.
"""

from __future__ import annotations

import re
from typing import Annotated

import click
from pydantic import AfterValidator, Field

# One character class, written with escapes that Python's re, pydantic's (Rust) regex and
# JSON Schema's ECMA-262 regex all read the same way.
_NOT_IN_A_LINE = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
SINGLE_LINE_PATTERN = rf"^[^{_NOT_IN_A_LINE}]*$"
MESSAGE = "must be a single line: no line breaks, tabs or other control characters"

_BREAKS = re.compile(rf"[{_NOT_IN_A_LINE}]+")


def is_single_line(value: str) -> bool:
    return _BREAKS.search(value) is None


def check_single_line(value):
    """The value, or ValueError(MESSAGE) for text that is not a single line."""
    if isinstance(value, str) and not is_single_line(value):
        raise ValueError(MESSAGE)
    return value


# Bundles (pydantic): one line of text; the pattern is published in the JSON Schema.
SingleLine = Annotated[str, Field(pattern=SINGLE_LINE_PATTERN)]
# The same check where a field has a pattern of its own (an e-mail address).
one_line_check = AfterValidator(check_single_line)


def one_line(value: str) -> str:
    """The text on one line: each run of line breaks and control characters becomes one
    space ('Closes\\r\\nsoon' -> 'Closes soon'). For text that may predate the rule."""
    return _BREAKS.sub(" ", value).strip() if value else value


def click_single_line(_ctx, _param, value):
    """A click option callback: `--name` refuses text that is not a single line, naming the
    option (click.BadParameter)."""
    values = value if isinstance(value, tuple) else (value,)
    if any(isinstance(v, str) and not is_single_line(v) for v in values):
        raise click.BadParameter(MESSAGE)
    return value
