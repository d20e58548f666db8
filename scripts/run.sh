#!/usr/bin/env bash
# `make run`: migrate, load the seed into an empty database, then serve the app with the
# reminder scheduler running beside it (a single-machine set-up). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
export FLASK_APP=campaign

[ -f .env ] || cp .env.example .env
"$BIN/flask" db upgrade
"$BIN/flask" import-bundle --if-empty data/seed-campaign.yaml

"$BIN/flask" scheduler &
scheduler=$!
trap 'kill "$scheduler" 2>/dev/null; wait "$scheduler" 2>/dev/null || true' EXIT INT TERM

echo "Campaign: http://$HOST:$PORT/ (scheduler pid $scheduler)"
"$BIN/flask" run --host "$HOST" --port "$PORT"
