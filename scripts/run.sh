#!/usr/bin/env bash
# `make run`: keep a SECRET_KEY, migrate, load the seed into an empty database, then serve the
# app with gunicorn and run the reminder scheduler beside it (a single-machine set-up), and print
# the address (and, on the first run, the first administrator's password) last.
# Ctrl-C or SIGTERM stops both gracefully; the script then exits 0.
#
# Settings: the environment, then the settings file: .env in the project folder, or the file
# FLASK_ENV_FILE names (the tests use a temporary one). Every process below reads that one
# file: `flask` through its own --env-file option (FLASK_ENV_FILE), gunicorn's app through
# campaign/serving/envfile.py; FLASK_SKIP_DOTENV stops flask from also reading a .env it finds
# above the working directory.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export FLASK_APP=campaign
export FLASK_ENV_FILE="${FLASK_ENV_FILE:-$PWD/.env}"
export FLASK_SKIP_DOTENV=1
serving=("$BIN/python" -m campaign.serving)

# First of all: the settings file (from .env.example) with a strong SECRET_KEY generated once and
# kept, so sessions and `flask reset-link` links outlive a restart.
"${serving[@]}" ensure-secret-key
"${serving[@]}" check-address # is HOST:PORT free? (not still served by an earlier run)
"$BIN/flask" db upgrade
"$BIN/flask" import-bundle --if-empty data/seed-campaign.yaml
# The first administrator, with a random password (only while there are no accounts at all: no
# default credentials anywhere). Kept to be printed last, once the server answers.
first_admin=$("$BIN/flask" ensure-admin)

web="" scheduler="" waiter="" nap=""
# Stop both with SIGTERM and wait for them. Exit status: the first non-zero one of theirs, else $1.
stop() {
    trap '' INT TERM HUP # a second Ctrl-C must not cut the graceful stop short
    kill -TERM ${nap:+"$nap"} ${waiter:+"$waiter"} ${web:+"$web"} ${scheduler:+"$scheduler"} \
        2>/dev/null || true
    local status=0 code pid
    for pid in $web $scheduler; do
        code=0
        wait "$pid" || code=$?
        [ "$status" -ne 0 ] || status=$code
    done
    [ "$status" -ne 0 ] || status=$1
    exit "$status"
}
trap 'stop 0' INT TERM HUP

# Each in its own session (setsid): Ctrl-C reaches this script only, which stops them with
# SIGTERM, gunicorn's graceful stop (a SIGINT of its own would make it quit at once). Both run
# in the background, so a signal runs the trap at once.
setsid "$BIN/flask" scheduler &
scheduler=$!
setsid "$BIN/gunicorn" --config python:campaign.serving.gunicorn_conf &
web=$!

# The banner comes last, once the server answers: the address, then the first admin's password
# (printed even if the server failed: the account exists now, and this is its only copy).
"${serving[@]}" wait-until-up --pid "$web" &
waiter=$!
wait "$waiter" || true
waiter=""
[ -z "$first_admin" ] || printf '%s\n' "$first_admin"

# Serve until a signal (the trap), or until one of the two stops by itself: then stop the other
# too, and fail. (A short sleep in the background keeps the script responsive to signals.)
while kill -0 "$web" 2>/dev/null && kill -0 "$scheduler" 2>/dev/null; do
    sleep 1 &
    nap=$!
    wait "$nap" || true
done
echo "Campaign: the web server or the scheduler stopped by itself; stopping both." >&2
stop 1
