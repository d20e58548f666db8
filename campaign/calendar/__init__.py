"""The calendar: milestones as an iCalendar feed (/calendar.ics, behind a secret token), the
page that shows its subscription URLs, and one milestone as a file to add to a calendar."""

from flask import Blueprint

bp = Blueprint("calendar", __name__)

from campaign.calendar import views  # noqa: E402,F401  (registers the routes)
