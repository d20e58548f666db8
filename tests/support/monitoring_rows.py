"""Rows of the monitoring inbox (issue 19), saved straight to the database as a monitoring
pass would leave them (the pass itself is another part of the issue): watches, items and the
matches between them. Every field is overridable; each call commits and returns the row."""

from __future__ import annotations

import itertools
from datetime import date

from sqlmodel import Session

from campaign import models as m
from campaign.monitoring.sources.base import PARLIAMENT_LICENCE

_n = itertools.count(1)


class MonitoringRows:
    def __init__(self, session: Session):
        self.session = session

    def _save(self, row):
        self.session.add(row)
        self.session.commit()
        return row

    def watch(self, *, ask: m.Ask | None = None, **kw) -> m.Watch:
        n = next(_n)
        kw.setdefault("key", f"watch-{n}")
        kw.setdefault("name", f"Watch {n}")
        kw.setdefault("terms", '"online safety"')
        kw.setdefault("sources", ["written-questions"])
        if ask is not None:
            kw["ask_id"] = ask.id
        return self._save(m.Watch(**kw))

    def item(self, *watches: m.Watch, terms=("online safety",), **kw) -> m.MonitorItem:
        """An item, matched by `watches` (each with `terms`)."""
        n = next(_n)
        kw.setdefault("source", m.MonitorSource.WRITTEN_QUESTIONS)
        kw.setdefault("source_id", f"{n}")
        kw.setdefault(
            "url", f"https://questions-statements.parliament.uk/written-questions/detail/{n}"
        )
        kw.setdefault("title", f"Online safety question {n}")
        kw.setdefault("kind", "Written answer")
        kw.setdefault("date", date(2026, 11, 2))
        kw.setdefault("snippet", "The Online Safety Act requires services to protect children.")
        kw.setdefault("text", kw["snippet"])
        kw.setdefault("licence", PARLIAMENT_LICENCE)
        kw.setdefault("raw", {"id": n, "heading": kw["title"]})
        item = self._save(m.MonitorItem(**kw))
        for watch in watches:
            self.session.add(m.MonitorMatch(item_id=item.id, watch_id=watch.id, terms=list(terms)))
        self.session.commit()
        return item

    def many(self, count: int, *watches: m.Watch, **kw) -> None:
        """`count` items at once (one commit), each matched by `watches`: for paging and query
        counts."""
        start = next(_n) * 100_000
        rows = [
            m.MonitorItem(
                source=m.MonitorSource.HANSARD,
                source_id=f"bulk-{start + i}",
                url=f"https://hansard.parliament.uk/x/{start + i}",
                title=f"Debate {i}",
                date=date(2026, 1, 1 + i % 28),
                snippet="online safety in debate",
                licence=PARLIAMENT_LICENCE,
                **kw,
            )
            for i in range(count)
        ]
        self.session.add_all(rows)
        self.session.flush()
        for row in rows:
            for watch in watches:
                self.session.add(
                    m.MonitorMatch(item_id=row.id, watch_id=watch.id, terms=["online safety"])
                )
        self.session.commit()
