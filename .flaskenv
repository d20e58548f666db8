# Read by the flask command (before .env): `.venv/bin/flask <command>` from the project folder
# finds the app without --app. No settings or secrets here: those go in .env.
FLASK_APP=campaign
