"""pack worker: the process holding a pack (host, pid, start identity) and its heartbeat

Adds `packs.worker_host`, `worker_pid`, `worker_start` and `heartbeat_at`, so a pack whose
worker process is gone shows as interrupted at once (campaign/packs/workers.py).

A downgrade keeps every value it drops: the four columns are copied, by primary key, into
stash tables (campaign.migrations.stash_column) and the next upgrade sets them back. While
downgraded, a queued or running pack is judged by PACK_TIMEOUT_SECONDS alone, as before. The
columns are plain (no index, no constraint), so SQLite adds and drops them in place
(ALTER TABLE … DROP COLUMN, SQLite 3.35+): the packs table is never copied.

Revision ID: 20261207_pack_worker
Revises: 20261207_session_version
Create Date: 2026-12-07 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate may emit sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from campaign.migrations import restore_column, stash_column

revision: str = "20261207_pack_worker"
down_revision: str | None = "20261207_session_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("worker_host", sa.String(length=255), ""),
    ("worker_pid", sa.Integer(), None),
    ("worker_start", sa.String(length=80), ""),
    ("heartbeat_at", sa.DateTime(timezone=True), None),
)


def upgrade() -> None:
    for column, kind, default in COLUMNS:
        op.add_column(
            "packs",
            sa.Column(column, kind, server_default=default, nullable=default is None),
        )
        # Values kept by a downgrade of this revision, if any, come back.
        restore_column(op.get_bind(), "packs", column)


def downgrade() -> None:
    for column, _, _ in reversed(COLUMNS):
        # Keep what this downgrade drops; the upgrade reads it back.
        stash_column(op.get_bind(), "packs", column, revision=revision)
        op.drop_column("packs", column)
