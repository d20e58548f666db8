"""`python -m campaign.serving ensure-secret-key | check-address | wait-until-up --pid PID`: the
start-up steps of scripts/run.sh that need the settings but not the app (none builds it)."""

from __future__ import annotations

import http.client
import os
import socket
import time

import click

from campaign.serving.envfile import ensure_secret_key, load_settings_file, settings_file
from campaign.settings import WILDCARD_HOSTS, Settings, url_host

LOOPBACK = {"0.0.0.0": "127.0.0.1", "::": "::1"}  # noqa: S104  # nosec B104  # a client's view


@click.group()
def main() -> None:
    """Start-up steps for serving Campaign (scripts/run.sh)."""


@main.command("ensure-secret-key")
def ensure_secret_key_command() -> None:
    """Create the settings file from .env.example if missing, and keep a generated SECRET_KEY in
    it unless the environment or the file has one."""
    path = settings_file()
    if ensure_secret_key(path):
        click.echo(f"Generated a SECRET_KEY in {path} (kept for later starts).")


def _address() -> tuple[Settings, str]:
    """The settings, and the host a client on this machine reaches the server at."""
    load_settings_file()
    settings = Settings.from_env()
    host = settings.HOST.strip("[]")
    return settings, LOOPBACK[host] if host in WILDCARD_HOSTS else host


@main.command("check-address")
def check_address_command() -> None:
    """Exit 1 if something already listens on HOST:PORT (another Campaign still running?): the
    new server could not start, and its start-up check would be answered by the old one."""
    settings, host = _address()
    try:
        with socket.create_connection((host, settings.PORT), timeout=2):
            pass
    except OSError:
        return
    raise click.ClickException(
        f"something already listens on {url_host(host)}:{settings.PORT} "
        "(is Campaign already running? Stop it, or choose another PORT)"
    )


def _answers(host: str, port: int, timeout: float) -> bool:
    # One request waits for the answer (the listening socket holds it while a worker boots),
    # rather than many short ones that each reach the app, and the access log, later.
    connection = http.client.HTTPConnection(host, port, timeout=max(timeout, 0.1))
    try:
        connection.request("GET", "/health")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@main.command("wait-until-up")
@click.option("--pid", type=int, required=True, help="The web server's process.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds.")
@click.option(
    "--settle",
    type=float,
    default=1.0,
    show_default=True,
    help="Seconds to wait after the first answer, for the other processes' start-up messages.",
)
def wait_until_up_command(pid: int, timeout: float, settle: float) -> None:
    """Wait until the web server answers GET /health, then print the address to open. Exit 1
    if process PID stops first, or after TIMEOUT seconds."""
    settings, host = _address()
    deadline = time.monotonic() + timeout
    while not _answers(host, settings.PORT, deadline - time.monotonic()):
        if not _alive(pid):
            raise click.ClickException("the web server stopped before it answered")
        if time.monotonic() > deadline:
            raise click.ClickException(
                f"the web server did not answer on http://{url_host(host)}:{settings.PORT}/health"
                f" within {timeout:g} seconds"
            )
        time.sleep(0.2)
    time.sleep(settle)
    if not _alive(pid):
        raise click.ClickException("the web server stopped")
    url = settings.PUBLIC_BASE_URL.rstrip("/")
    click.echo(f"Campaign is running at {url}/ (Ctrl-C stops it)")


if __name__ == "__main__":
    main()
