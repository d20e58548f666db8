"""A briefing pack as HTML: the stored standalone document (and the PDF's source), or the
fragment the app's preview page embeds.

`render_html` is a pure function of the `PackContent` (plus the templates and pack.css): it
never reads the database or the clock, so the same content always gives the same document.

- standalone=True: a complete, self-contained document. The CSS is embedded in a <style>
  element and charts are SVG data URIs, so the file opens anywhere without the app. (The
  PDF's source leaves the <style> out and hands WeasyPrint the parsed stylesheet instead.)
- standalone=False: one `<article class="pack">` with no style attributes, no <style> and no
  scripts: the preview page links static/packs/pack.css itself (the CSP is `style-src 'self'`).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from flask import current_app, render_template
from markupsafe import Markup

from campaign.packs.parts import COMPOSITE_NOTICE, CONFIDENTIAL, PackChart, PackContent
from campaign.rendering import format_date, uk_day

STYLESHEET = Path("packs") / "pack.css"  # under the app's static folder


def render_html(
    content: PackContent, *, standalone: bool = True, embed_stylesheet: bool = True
) -> str:
    """The pack as HTML; needs an app context (templates and the static folder).
    `embed_stylesheet=False` leaves the <style> element out of a standalone document: the PDF
    gives WeasyPrint pack.css already parsed."""
    return render_template(
        "packs/document.html",
        pack=content,
        standalone=standalone,
        stylesheet=stylesheet() if standalone and embed_stylesheet else None,
        header_marking=content.marking,
        cover_marking=content.cover_marking,
        cover_notice=content.cover_notice,
        generated_on=format_date(uk_day(content.generated_at)),
        created=content.generated_at.isoformat(timespec="seconds"),
        contents=contents(content),
        chart_image=chart_image,
        paragraphs=paragraphs,
        sentence=sentence,
        composite_notice=COMPOSITE_NOTICE,
        confidential=CONFIDENTIAL,
    )


def stylesheet() -> Markup:
    """pack.css, to embed in a <style> element (where entities are not decoded, so it must not
    be escaped; it is our own file and cannot close the element)."""
    css = _flattened(Path(current_app.static_folder or "") / STYLESHEET)
    if "</" in css:
        raise ValueError("pack.css must not contain '</'")
    return Markup(css)  # noqa: S704  # nosec B704  # a file of this package, checked above


_CUSTOM_PROPERTY = re.compile(r"^[ \t]*(--pack-[a-z-]+):[ \t]*([^;]+);[ \t]*\n", re.MULTILINE)
_VAR = re.compile(r"var\((--pack-[a-z-]+)\)")


@functools.cache
def _flattened(path: Path) -> str:
    """pack.css with its `--pack-*` custom properties written in as values. WeasyPrint resolves
    var() for every element, and the seed pack lays out about 5% faster without them; the file
    keeps them for people editing it. Cached: the file only changes with a deploy."""
    css = path.read_text(encoding="utf-8")
    values = dict(_CUSTOM_PROPERTY.findall(css))
    css = _CUSTOM_PROPERTY.sub("", css)
    return _VAR.sub(lambda m: values[m.group(1)], css)


def contents(content: PackContent) -> list[tuple[str, str]]:
    """The table of contents as (anchor, heading) pairs, in the order the sections appear."""
    entries = []
    if content.has("summary"):
        entries.append(("pack-asks", "Our asks"))
    if content.people:
        entries.append(("pack-whos-who", "Who’s who"))
    if content.has_chapters:
        entries += [(f"pack-ask-{ask.number}", ask.heading) for ask in content.asks]
    if content.has("milestones"):
        entries.append(("pack-milestones", "Upcoming milestones"))
    if content.has("contacts"):
        entries.append(("pack-contacts", "Contacts and next steps"))
    if content.notes:
        entries.append(("pack-notes", "Notes and sources"))
    return entries


def chart_image(chart: PackChart) -> str:
    """The chart as an SVG data URI (vector in the PDF, no external file in the HTML)."""
    from campaign.charts import render_svg, svg_data_uri  # matplotlib: only when drawing

    return svg_data_uri(render_svg(chart, show_title=False))


def paragraphs(text: str) -> list[str]:
    """Plain text to paragraphs: blank lines separate them, single line breaks are wrapping."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text or "") if block.strip()]


def sentence(text: str) -> str:
    """One sentence: whitespace tidied, and a full stop unless it already ends one."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    return text if text.rstrip(")]”’\"'").endswith((".", "!", "?")) else text + "."
