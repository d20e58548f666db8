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
# The first administrator, with a random password printed once (only while there are no
# accounts at all: no default credentials anywhere).
"$BIN/flask" ensure-admin

# Both in the background, so a signal to this script (Ctrl-C, or TERM from a service
# manager) runs the trap at once and stops both.
"$BIN/flask" scheduler &
scheduler=$!
"$BIN/flask" run --host "$HOST" --port "$PORT" &
web=$!
trap 'kill "$scheduler" "$web" 2>/dev/null; wait 2>/dev/null || true' EXIT INT TERM

echo "Campaign: http://$HOST:$PORT/ (scheduler pid $scheduler)"
wait -n "$scheduler" "$web"
