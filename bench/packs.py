"""(e) Briefing pack generation: gathering the content and rendering it, as a pack job does.

- `pack.seed-pdf` / `pack.seed-docx` / `pack.seed-html`: every ask of the seed campaign, every
  section, internal (so nothing is left out).
- `pack.large-pdf`: one ask linked to 50 statistics and 100 evidence items from demo data.
- `memory.pack`: peak Python memory (tracemalloc) while generating that large PDF.

Each timing is the median of REPEATS runs after one warm-up run (which pays for one-off
imports: WeasyPrint, matplotlib, fonts); the warm-up's time is reported in results.json.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from statistics import median
from time import perf_counter

from flask import Flask
from sqlmodel import Session, select

from bench.context import invoke_cli
from bench.registry import NotAvailable, Reading, measurement
from campaign.db import get_engine
from campaign.models import (
    Ask,
    AskEvidence,
    AskStatistic,
    Evidence,
    PackClassification,
    PackFormat,
    Statistic,
)
from campaign.settings import PROJECT_ROOT

REPEATS = 3
SEED_BUNDLE = PROJECT_ROOT / "data" / "seed-campaign.yaml"
LARGE_ASK = "bench-pack-50-statistics-100-evidence"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _renderer(fmt: PackFormat) -> Callable:
    try:
        from campaign.packs.render import render
    except ImportError as error:
        raise NotAvailable("campaign.packs.render not written yet") from error
    return lambda content: render(content, fmt)


def _generate(app: Flask, slugs: list[str], fmt: PackFormat) -> bytes:
    """Gather the content and render it: the work of one pack job, without storing it."""
    from campaign.packs.content import build_content
    from campaign.packs.options import PackOptions

    render = _renderer(fmt)
    options = PackOptions(
        title="Benchmark briefing",
        ask_slugs=tuple(slugs),
        format=fmt,
        classification=PackClassification.INTERNAL,
        audience="Ofcom",
        made_by="bench",
    )
    with app.app_context(), Session(get_engine()) as session:
        content = build_content(session, options, generated_at=NOW, today=NOW.date())
        return render(content)


def _timed(app: Flask, slugs: list[str], fmt: PackFormat) -> Reading:
    started = perf_counter()
    data = _generate(app, slugs, fmt)
    first = perf_counter() - started
    timings = []
    for _ in range(REPEATS):
        started = perf_counter()
        data = _generate(app, slugs, fmt)
        timings.append(perf_counter() - started)
    return Reading(
        median(timings),
        detail=f"{len(data) / 1024:.0f} KiB, {len(slugs)} asks",
        extra={"timings": timings, "first_run": first, "bytes": len(data)},
    )


_seed_apps: dict[int, tuple[Flask, list[str]]] = {}


def _seed_app(ctx) -> tuple[Flask, list[str]]:
    """A fresh database holding the seed campaign (made once per run and backend)."""
    if id(ctx) not in _seed_apps:
        app = ctx.fresh_app()
        result = invoke_cli(app, "import-bundle", str(SEED_BUNDLE))
        if result.exit_code != 0:
            raise NotAvailable(f"seed import failed: {result.output[-200:]}")
        with app.app_context(), Session(get_engine()) as session:
            slugs = list(session.exec(select(Ask.slug).order_by(Ask.id)))
        _seed_apps[id(ctx)] = (app, slugs)
    return _seed_apps[id(ctx)]


@measurement("pack.seed-pdf", target=2.0, description="Seed campaign pack as PDF (all asks)")
def seed_pdf(ctx) -> Reading:
    app, slugs = _seed_app(ctx)
    return _timed(app, slugs, PackFormat.PDF)


@measurement("pack.seed-docx", target=0.5, description="Seed campaign pack as Word (all asks)")
def seed_docx(ctx) -> Reading:
    app, slugs = _seed_app(ctx)
    return _timed(app, slugs, PackFormat.DOCX)


@measurement("pack.seed-html", description="Seed campaign pack as HTML (all asks)")
def seed_html(ctx) -> Reading:
    app, slugs = _seed_app(ctx)
    return _timed(app, slugs, PackFormat.HTML)


@measurement(
    "pack.pdf-vs-weasyprint",
    target=1.15,
    unit="×",
    description="Seed pack: render_pdf over WeasyPrint alone on the same HTML",
)
def pdf_over_weasyprint(ctx) -> Reading:
    """What the pack's PDF step adds to WeasyPrint: `render_pdf` (the pack's HTML, then its
    layout, tagged PDF/UA-1) over WeasyPrint laying out that same HTML (the standalone file,
    its stylesheet embedded) as a tagged PDF/UA-1 file with the same options, given as a
    string. The two run in turn, REPEATS times each after a warm-up, so a busy machine slows
    both alike; gathering the content (`pack.seed-pdf` includes it) is not in either. Below
    1 when render_pdf's own savings (docs/benchmarks.md) outweigh what it adds."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    from campaign.packs.content import build_content
    from campaign.packs.html import render_html
    from campaign.packs.options import PackOptions
    from campaign.packs.pdf import VARIANT, render_pdf

    app, slugs = _seed_app(ctx)
    options = PackOptions(
        title="Benchmark briefing",
        ask_slugs=tuple(slugs),
        format=PackFormat.PDF,
        classification=PackClassification.INTERNAL,
        audience="Ofcom",
        made_by="bench",
    )
    with app.app_context(), Session(get_engine()) as session:
        content = build_content(session, options, generated_at=NOW, today=NOW.date())
        html = render_html(content, standalone=True)

        def weasyprint_alone() -> bytes:
            fetcher = URLFetcher(allowed_protocols={"data"})
            document = HTML(string=html, url_fetcher=fetcher, media_type="print")
            return document.write_pdf(pdf_identifier=True, pdf_variant=VARIANT)

        def pack() -> bytes:
            return render_pdf(content)

        weasyprint_alone(), pack()  # warm-up
        alone, ours = [], []
        for _ in range(REPEATS):
            alone.append(_seconds(weasyprint_alone))
            ours.append(_seconds(pack))
    return Reading(
        median(ours) / median(alone),
        detail=f"render_pdf {median(ours):.2f} s, WeasyPrint alone {median(alone):.2f} s",
        extra={"render_pdf": ours, "weasyprint": alone},
    )


def _seconds(work: Callable[[], object]) -> float:
    started = perf_counter()
    work()
    return perf_counter() - started


_large_apps: dict[int, Flask] = {}


def _large_app(ctx) -> Flask:
    """Demo data at scale 0.1 plus one ask linked to 50 statistics and 100 evidence items (a
    database of its own, so the page benchmarks' portfolio is untouched)."""
    if id(ctx) not in _large_apps:
        app = ctx.fresh_app()
        result = invoke_cli(app, "demo-data", "--scale", "0.1")
        if result.exit_code != 0:
            raise NotAvailable(f"demo-data failed: {result.output[-200:]}")
        with app.app_context(), Session(get_engine()) as session:
            statistics = session.exec(select(Statistic.id).order_by(Statistic.id).limit(50)).all()
            evidence = session.exec(select(Evidence.id).order_by(Evidence.id).limit(100)).all()
            if len(statistics) < 50 or len(evidence) < 100:
                raise NotAvailable("demo data has too few statistics or evidence items")
            ask = Ask(slug=LARGE_ASK, title="Benchmark ask with 50 figures and 100 evidence items")
            session.add(ask)
            session.flush()
            session.add_all(
                AskStatistic(ask_id=ask.id, statistic_id=sid, rank=n)
                for n, sid in enumerate(statistics)
            )
            session.add_all(
                AskEvidence(ask_id=ask.id, evidence_id=eid, rank=n)
                for n, eid in enumerate(evidence)
            )
            session.commit()
        _large_apps[id(ctx)] = app
    return _large_apps[id(ctx)]


@measurement(
    "pack.large-pdf",
    target=5.0,
    description="PDF pack for one ask with 50 statistics and 100 evidence items (demo data)",
)
def large_pdf(ctx) -> Reading:
    return _timed(_large_app(ctx), [LARGE_ASK], PackFormat.PDF)


@measurement(
    "memory.pack",
    target=200.0,
    unit="MB",
    description="Peak Python memory (tracemalloc) while generating that large PDF pack",
)
def pack_memory(ctx) -> Reading:
    app = _large_app(ctx)
    _generate(app, [LARGE_ASK], PackFormat.PDF)  # warm-up: imports and caches don't count
    tracemalloc.start()
    try:
        _generate(app, [LARGE_ASK], PackFormat.PDF)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return Reading(peak / 2**20, detail=LARGE_ASK, extra={"peak_bytes": peak})
