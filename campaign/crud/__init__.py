"""The pages every kind of record shares (list, detail, new, edit, archive, restore, history),
derived from its description in campaign.entities. See `views.EntityViews`."""

from campaign.crud.views import Column, EntityViews

__all__ = ["Column", "EntityViews"]
