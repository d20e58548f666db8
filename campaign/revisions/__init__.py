"""Revision history: every create, edit, archive, restore and revert of the campaign's content
(every entity registered with `revisioned=True` in campaign.entities) is kept as a `Revision`.

- `recording` writes revisions from session events, whatever made the change (a web form,
  the API, an import, the CLI), with who and how;
- `snapshots` turns an item into its form values (now, or as it was before this unit of
  work) and compares two of them field by field;
- `history` reads an item's revisions for display and restores an earlier version through
  the item's own form and update service, so the restore is validated and is a revision too;
- `views` adds the History page and the restore button to every area's blueprint.

docs/revisions.md describes it for users.
"""

from functools import cache

from campaign.entities import all_entities


@cache
def revisioned() -> dict[type, str]:
    """Each revisioned model and the name stored in `Revision.entity` ("ask", "statistic"…):
    every registered entity with `revisioned=True` (campaign.entities)."""
    return {entity.model: entity.name for entity in all_entities() if entity.revisioned}
