"""Briefing packs: check a builder's choices, keep a requested pack as a queued record,
generate it (a job's work), and list and look up the records.

A pack is a record of what was sent: nothing here deletes one or changes a finished file.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, or_, update
from sqlmodel import Session, select

from campaign import clock
from campaign.claims.checking import DEFAULT_MAX_AGE_DAYS
from campaign.common.choices import active_choices
from campaign.common.listing import Filter, Page, enum_filter, paginate
from campaign.models import (
    Ask,
    Organisation,
    Pack,
    PackClassification,
    PackFormat,
    PackStatus,
    User,
)
from campaign.packs import claim_checks, workers
from campaign.packs.content import build_content
from campaign.packs.options import PackOptions
from campaign.packs.parts import PackContent, PackError
from campaign.packs.render import filename_for, render
from campaign.rendering import uk_day

log = logging.getLogger("campaign.packs")

WAITING = "Waiting to start"
RENDERING = {
    PackFormat.PDF: "Laying out the PDF",
    PackFormat.DOCX: "Writing the Word document",
    PackFormat.HTML: "Laying out the web page",
}
INTERRUPTED = "interrupted"  # shown for a queued or running pack whose worker has gone
DEFAULT_HEARTBEAT_SECONDS = 15
# A running pack whose last heartbeat is older than this many intervals is interrupted.
HEARTBEAT_MISSES = 3


# --- Choosing -------------------------------------------------------------------------------


def resolve(*, session: Session, options: PackOptions) -> PackOptions:
    """Check the choices that need no content, and name the audience: an organisation's name
    when one is chosen (copied, so the record still says who it was for if it is renamed)."""
    title = options.title.strip()
    if not title:
        raise PackError("title", "Enter the pack's title.")
    audience = options.audience.strip()
    if options.audience_organisation_key:
        organisation = audience_organisation(session, options.audience_organisation_key)
        if organisation is None:
            raise PackError(
                "audience_organisation",
                f"No active organisation with the key “{options.audience_organisation_key}”.",
            )
        audience = organisation.name
    if not audience:
        raise PackError("audience", "Say who the pack is for: an organisation or their name.")
    return replace(options, title=title, audience=audience, made_by=options.made_by.strip())


def preview(
    *, session: Session, options: PackOptions, now: datetime | None = None
) -> tuple[PackOptions, PackContent]:
    """(options as resolved, the pack's content), nothing stored. Raises PackError."""
    now = now or clock.now()
    options = resolve(session=session, options=options)
    return options, build_content(session, options, generated_at=now, today=uk_day(now))


def request_pack(
    *,
    session: Session,
    options: PackOptions,
    now: datetime | None = None,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
    requested_by: User | None = None,
) -> Pack:
    """Keep a queued pack for these options, once they are known to make a pack (the content
    is built once to check: unknown or archived asks raise PackError; an inconsistent claim
    among its figures raises ClaimsBlocked unless `options.extra` gives a reason to override
    it, see packs/claim_checks.py). Flushes, never commits; hand the id to
    `campaign.packs.generation` once the unit of work has committed."""
    now = now or clock.now()
    options, content = preview(session=session, options=options, now=now)
    options = claim_checks.checked_options(
        session=session,
        options=options,
        content=content,
        today=uk_day(now),
        max_age_days=max_age_days,
    )
    organisation = (
        audience_organisation(session, options.audience_organisation_key)
        if options.audience_organisation_key
        else None
    )
    pack = Pack(
        title=options.title,
        audience=options.audience,
        audience_organisation_id=organisation.id if organisation else None,
        meeting_date=options.meeting_date,
        classification=options.classification,
        format=options.format,
        settings=options.to_json(),
        made_by=options.made_by,
        requested_by_user_id=requested_by.id if requested_by is not None else None,
        requested_by=requested_by.email if requested_by is not None else "",
        claims_override=options.extra.get(claim_checks.OVERRIDE, ""),
        status=PackStatus.QUEUED,
        stage=WAITING,
        created_at=now,
        # This process's pool will generate it: if the process goes, so does the pack's turn.
        **workers.this_process().columns(),
    )
    session.add(pack)
    session.flush()
    return pack


def audience_organisation(session: Session, key: str) -> Organisation | None:
    return session.exec(
        select(Organisation).where(Organisation.key == key, Organisation.archived_at.is_(None))
    ).first()


def organisation_choices(session: Session) -> list[tuple[str, str]]:
    """Active organisations as (key, name), by name: the builder's audience choices."""
    return active_choices(session, Organisation, Organisation.name, value=Organisation.key)


def ask_choices(session: Session) -> list[tuple[str, str]]:
    """Asks that can go in a pack (not archived) as (slug, title), by title."""
    return active_choices(session, Ask, Ask.title, value=Ask.slug)


def asks_by_slug(session: Session, slugs) -> dict[str, Ask]:
    """The asks a kept pack names, archived ones too (a record's asks may since have been
    archived): for its page's links."""
    slugs = list(slugs)
    if not slugs:
        return {}
    return {a.slug: a for a in session.exec(select(Ask).where(Ask.slug.in_(slugs)))}


def options_of(pack: Pack) -> PackOptions:
    return PackOptions.from_json(pack.settings)


# --- Generating -----------------------------------------------------------------------------


def generate(
    *,
    session: Session,
    pack_id: int,
    now: datetime,
    heartbeat_seconds: float = DEFAULT_HEARTBEAT_SECONDS,
) -> Pack:
    """Generate a kept pack, synchronously: the job's (and the CLI's) work.

    The pack's state is written in short transactions of its own (running with this process
    as its worker, each stage of progress, done or failed), so other requests see it while
    this works; `session` is only read from. The worker's heartbeat is written at each stage
    and every `heartbeat_seconds` meanwhile. The pack must have been committed. Idempotent: a
    pack that is done, or that another worker is generating, is returned as it is. A failure
    is recorded on the pack (and logged with its traceback), not raised."""
    pack = session.get(Pack, pack_id)
    if pack is None:
        raise LookupError(f"No briefing pack {pack_id}.")
    engine = session.get_bind()
    worker = workers.this_process()
    if not _claim(engine, pack_id, now, worker):
        session.refresh(pack)
        log.info("Briefing pack %s is %s: not generating it again", pack_id, pack.status.value)
        return pack
    tick = workers.app_clock()

    def write(**values) -> None:
        _update(engine, pack_id, worker, **values)

    def report(percent: int, stage: str) -> None:
        write(progress=percent, stage=stage, heartbeat_at=tick())

    with workers.Heartbeat(lambda at: write(heartbeat_at=at), tick, heartbeat_seconds):
        _generate(session, pack, now, write, report)
    session.refresh(pack)
    return pack


def _generate(session: Session, pack: Pack, now: datetime, write, report) -> None:
    pack_id = pack.id
    try:
        options = options_of(pack)
        today = uk_day(now)
        content = build_content(session, options, generated_at=now, today=today, progress=report)
        report(30, RENDERING[options.format])
        data = render(content, options.format)
        report(95, "Keeping the file")
        filename = filename_for(options, today)
    except Exception as error:
        session.rollback()
        log.exception("Briefing pack %s failed", pack_id)
        write(
            status=PackStatus.FAILED,
            stage="Failed",
            error=_message(error),
            finished_at=clock.now(),
        )
    else:
        write(
            status=PackStatus.DONE,
            progress=100,
            stage="Done",
            content=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            filename=filename,
            finished_at=clock.now(),
        )
        log.info("Briefing pack %s generated: %s, %d bytes", pack_id, filename, len(data))


def _claim(engine: Engine, pack_id: int, now: datetime, worker: workers.Worker) -> bool:
    """Mark the pack running in this worker, if it is waiting (queued, or failed): one worker
    wins."""
    with Session(engine) as session:
        result = session.exec(
            update(Pack)
            .where(Pack.id == pack_id, Pack.status.in_([PackStatus.QUEUED, PackStatus.FAILED]))
            .values(
                status=PackStatus.RUNNING,
                progress=0,
                stage="Starting",
                error="",
                started_at=now,
                finished_at=None,
                heartbeat_at=now,
                **worker.columns(),
            )
        )
        session.commit()
        return result.rowcount == 1


def _update(engine: Engine, pack_id: int, worker: workers.Worker, **values) -> None:
    """Write the pack's state while it is running in this worker (not once it has been given
    up as interrupted and queued again, or claimed by another worker)."""
    with Session(engine) as session:
        session.exec(
            update(Pack)
            .where(
                Pack.id == pack_id,
                Pack.status == PackStatus.RUNNING,
                Pack.worker_host == worker.host,
                Pack.worker_pid == worker.pid,
                Pack.worker_start == worker.start,
            )
            .values(**values)
        )
        session.commit()


def _message(error: Exception) -> str:
    if isinstance(error, PackError):
        return error.message
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


# --- The record's state ---------------------------------------------------------------------


def interruption(
    pack: Pack,
    *,
    now: datetime,
    timeout_seconds: int,
    heartbeat_seconds: float = DEFAULT_HEARTBEAT_SECONDS,
) -> str:
    """Why a queued or running pack will not finish (so can be generated again), '' if it
    may: at once when its worker's process on this host is gone (the server restarted), or
    when it is running and its heartbeat is older than HEARTBEAT_MISSES intervals (its worker
    on any host stopped); and, whatever else, when it has not finished within the timeout."""
    if pack.status not in (PackStatus.QUEUED, PackStatus.RUNNING):
        return ""
    if workers.is_gone(pack.worker_host, pack.worker_pid, pack.worker_start):
        return "the process generating it has stopped (the server restarted or was stopped)"
    quiet = timedelta(seconds=heartbeat_seconds * HEARTBEAT_MISSES)
    if pack.status is PackStatus.RUNNING and pack.heartbeat_at and now - pack.heartbeat_at > quiet:
        return f"its worker has given no sign of life for {int(quiet.total_seconds())} seconds"
    since = max(t for t in (pack.created_at, pack.started_at) if t is not None)
    if now - since > timedelta(seconds=timeout_seconds):
        minutes = max(1, timeout_seconds // 60)
        return f"the pack did not finish within {minutes} minute{'s' if minutes != 1 else ''}"
    return ""


def is_interrupted(pack: Pack, *, now: datetime, **limits) -> bool:
    """`limits` as for interruption()."""
    return bool(interruption(pack, now=now, **limits))


def display_status(pack: Pack, *, now: datetime, **limits) -> str:
    """queued, running, done, failed, or interrupted (`limits` as for is_interrupted)."""
    if is_interrupted(pack, now=now, **limits):
        return INTERRUPTED
    return pack.status.value


def retry(*, session: Session, pack: Pack, now: datetime, **limits) -> Pack:
    """Put a failed or interrupted pack (`limits` as for is_interrupted) back in this
    process's queue with the same settings. Flushes; submit its id for generation once the
    unit of work commits."""
    if pack.status is PackStatus.DONE:
        raise PackError("pack", "This pack has been generated: download it, or make a new one.")
    if pack.status is not PackStatus.FAILED and not is_interrupted(pack, now=now, **limits):
        raise PackError("pack", "This pack is still being generated.")
    pack.sqlmodel_update({**workers.this_process().columns(), "heartbeat_at": None})
    pack.status = PackStatus.QUEUED
    pack.progress = 0
    pack.stage = WAITING
    pack.error = ""
    # The time of this attempt: a queued pack is interrupted when it has waited too long.
    pack.started_at = now
    pack.finished_at = None
    session.add(pack)
    session.flush()
    return pack


# --- Listing --------------------------------------------------------------------------------

FILTERS = [
    enum_filter("classification", "Classification", Pack.classification, PackClassification),
    enum_filter("format", "Format", Pack.format, PackFormat),
    enum_filter("status", "Status", Pack.status, PackStatus),
]


def pack_listing(session: Session, *, args: dict[str, str], per_page: int = 25) -> Page:
    """Kept packs, newest first: filtered by classification, format and status, searched on
    title and audience. (Packs are never archived, so common.listing's archive filter does
    not apply.) The files' bytes are never loaded."""
    query = select(Pack)
    q = (args.get("q") or "").strip().lower()
    if q:
        pattern = f"%{q}%"
        query = query.where(
            or_(func.lower(Pack.title).like(pattern), func.lower(Pack.audience).like(pattern))
        )
    for flt in FILTERS:
        value = (args.get(flt.name) or "").strip()
        if value:
            query = flt.apply(query, value)
    query = query.order_by(Pack.created_at.desc(), Pack.id.desc())
    return paginate(session, query, args=args, per_page=per_page)


def filters_with_choices(session: Session) -> list[tuple[Filter, list]]:
    return [(f, list(f.choices(session))) for f in FILTERS]


def human_size(size: int) -> str:
    """1234567 -> '1.2 MB'."""
    if size < 1024:
        return f"{size} bytes"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}"
    return ""  # pragma: no cover
