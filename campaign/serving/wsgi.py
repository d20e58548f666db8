"""The WSGI app for gunicorn (`campaign.serving.wsgi:app`), or any WSGI server: the settings
file first (as `flask` commands read it, see envfile.py), then the app. gunicorn imports this
in each worker process."""

from campaign import create_app
from campaign.serving.envfile import load_settings_file

load_settings_file()
app = create_app()
