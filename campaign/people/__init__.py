from flask import Blueprint

# People (issue 18): pages under /people/, described in campaign/people/entity.py.
bp = Blueprint("people", __name__, url_prefix="/people")

from campaign.people import views  # noqa: E402,F401,I001  (registers the routes)
from campaign.people import personal_data_views  # noqa: E402,F401  (export, erase, retention)
