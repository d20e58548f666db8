"""`GET /api/v1/<collection>/<key>/revisions`: an item's revision history, newest first, as
the History page shows it (docs/revisions.md). Reading only: restoring a version is done on
the web, where the restored content is validated through the item's form."""

from __future__ import annotations

from flask import jsonify

from campaign.api import bp, services
from campaign.db import get_session
from campaign.entities import all_entities
from campaign.entities.public import iso
from campaign.revisions.views import readable_revisions

# The collections with history: every revisioned entity in the API, by path ("asks").
COLLECTIONS = {e.plural: e for e in all_entities() if e.revisioned and e.api is not None}


def revision_dict(revision) -> dict:
    return {
        "version": revision.version,
        "action": revision.action.value,
        "at": iso(revision.at),
        "actor": revision.actor,
        "via": revision.via,
        "reverted_to": revision.reverted_to,
        # {field: [before, after]}, in the item's form fields (choices by id, as the form posts)
        "changes": revision.changes,
        "snapshot": revision.snapshot,
    }


@bp.get(f"/<any({','.join(COLLECTIONS)}):collection>/<key>/revisions")
def revisions(collection: str, key: str):
    session = get_session()
    row = services.get_by_key(COLLECTIONS[collection], key, session=session, options=())
    rows = readable_revisions(session, row)  # 403 for once-restricted evidence, uncleared
    return jsonify(version=row.version, items=[revision_dict(r) for r in rows])
