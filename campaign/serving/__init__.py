"""Serving the app with gunicorn (`make run`, docs/deploy.md): the WSGI app (`wsgi.py`), the
server's settings and hooks (`gunicorn_conf.py`), an access log without secrets
(`access_log.py`), the settings file and its generated SECRET_KEY (`envfile.py`), and the
start-up steps scripts/run.sh runs (`python -m campaign.serving`, `__main__.py`)."""
