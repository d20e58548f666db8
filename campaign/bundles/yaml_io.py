"""Reading and writing bundle YAML.

Reading is stricter than `yaml.safe_load` where a silent surprise would corrupt data:
- an unquoted decimal (`value: 0.1`) becomes `Decimal("0.1")` from its text, never a float;
- an integer is read as one only when written plainly (`012` is not octal ten: it stays text,
  and as a figure it reads as 12);
- a field written twice in one mapping is an error (PyYAML would silently keep the last);
- aliases (`*name`) are refused: a bundle never needs them, and they let a tiny upload expand
  into billions of rows to validate.

Writing uses block literals (`|`) for multi-line text, indented lists and blank lines
between rows, so an exported bundle reads well and diffs cleanly.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from campaign.bundles.schema import SECTIONS

_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class BundleLoader(_Loader):
    def construct_object(self, node, deep=False):
        # A node met a second time is the target of an alias.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ConstructorError(
                None, None, "aliases (*name) are not allowed in a bundle", node.start_mark
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):
        first_line: dict[Any, int] = {}
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in first_line:
                    raise ConstructorError(
                        None,
                        None,
                        f"'{key_node.value}' is written twice in this mapping "
                        f"(first on line {first_line[key_node.value]})",
                        key_node.start_mark,
                    )
                first_line[key_node.value] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_exact_float(self, node) -> Decimal | str:
        text = self.construct_scalar(node)
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation:  # .inf, .nan, 1:30.5 (sexagesimal): leave as text
            return text

    def construct_plain_int(self, node) -> int | str:
        text = self.construct_scalar(node)
        return int(text.replace("_", "")) if _PLAIN_INT.match(text) else text


BundleLoader.add_constructor("tag:yaml.org,2002:float", BundleLoader.construct_exact_float)
BundleLoader.add_constructor("tag:yaml.org,2002:int", BundleLoader.construct_plain_int)


def parse(text: str) -> Any:
    """The YAML document in `text`; raises yaml.YAMLError (with a position) if it is not YAML."""
    return yaml.load(text, Loader=BundleLoader)  # noqa: S506  # nosec B506  # a SafeLoader subclass


class Quoted(str):
    """Text written in double quotes, e.g. a figure: `value: "33226"`."""


class BundleDumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Indent list items under their key rather than flush with it.
        return super().increase_indent(flow, False)

    def expect_block_mapping_key(self, first=False):
        # A blank line before each list of rows.
        is_key = isinstance(self.event, yaml.ScalarEvent)
        if self.indent == 0 and not first and is_key and self.event.value in SECTIONS:
            self._blank_line()
        return super().expect_block_mapping_key(first=first)

    def expect_block_sequence_item(self, first=False):
        # A blank line between the rows of a list.
        if not first and self.indent == 2 and not isinstance(self.event, yaml.SequenceEndEvent):
            self._blank_line()
        return super().expect_block_sequence_item(first=first)

    def _blank_line(self) -> None:
        if self.column:  # end the current line, unless a block literal already did
            self.write_line_break()
        self.write_line_break()


def _represent_str(dumper: yaml.SafeDumper, text: str):
    # Multi-line text as a block literal. Not when it ends in blank lines: that needs `|+`,
    # whose content would swallow the blank line written between rows.
    style = "|" if "\n" in text and not text.endswith("\n\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_quoted(dumper: yaml.SafeDumper, text: Quoted):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style='"')


BundleDumper.add_representer(str, _represent_str)
BundleDumper.add_representer(Quoted, _represent_quoted)


def dump(data: dict[str, Any]) -> str:
    # No line width: a long title stays on one line, so it can be found with grep and a
    # one-word edit does not reflow the lines after it in a diff.
    return yaml.dump(
        data, Dumper=BundleDumper, sort_keys=False, allow_unicode=True, width=10**9, indent=2
    )
