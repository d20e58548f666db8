"""`scripts/run.sh` (what `make run` runs), for real: gunicorn and the scheduler as processes, real
HTTP requests, real signals.

It runs against a temporary SQLite database and a temporary settings file: run.sh reads the
file FLASK_ENV_FILE names instead of the project's `.env` (and tells `flask` to read only that
one), and DATABASE_URL keeps `instance/` out of it, so the developer's own `.env` and database
are never read or written. That is the same script a developer runs, with nothing copied.

Start-up takes about ten seconds (three `flask` commands, each loading the app, then the
servers), and the test starts it twice: the second start checks what must outlive a restart.
"""

from __future__ import annotations

import contextlib
import html
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import fields
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import dotenv
import pytest

from campaign.settings import PROJECT_ROOT, Settings

TIMEOUT = 120  # seconds, for any one wait: generous for a loaded machine
BANNER = "Campaign is running at "
# Start bash with SIGINT at its default, as a terminal does: had this test run been started in
# the background of a script (some CI runners do), bash would inherit SIGINT ignored, and a shell
# cannot trap a signal ignored on entry.
AS_FROM_A_TERMINAL = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execvp('bash', ['bash', *sys.argv[1:]])"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid: int) -> dict[int, str]:
    """The processes under `pid` (children, grandchildren…): pid -> command line."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = stat_file.read_text()
            command = (stat_file.parent / "cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
        child = int(stat_file.parent.name)
        parents[child] = int(stat.rsplit(")", 1)[1].split()[1])
        commands[child] = command.replace(b"\0", b" ").decode(errors="replace")
    found: dict[int, str] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found[child] = commands[child]
                frontier.append(child)
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Run:
    """scripts/run.sh in a session of its own (a signal to its process group is a Ctrl-C in its
    terminal), its standard output and error read, as one stream, by a thread."""

    def __init__(self, env: dict[str, str]):
        self.popen = subprocess.Popen(
            [sys.executable, "-c", AS_FROM_A_TERMINAL, str(PROJECT_ROOT / "scripts" / "run.sh")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.popen.stdout:
            self.lines.put(line)

    def output(self) -> str:
        while not self.lines.empty():
            self.log.append(self.lines.get())
        return "".join(self.log)

    def wait_for(self, pattern: str) -> re.Match:
        deadline = time.monotonic() + TIMEOUT
        while (found := re.search(pattern, self.output(), re.MULTILINE)) is None:
            assert time.monotonic() < deadline, f"no {pattern!r} in {TIMEOUT}s:\n{self.output()}"
            assert self.popen.poll() is None, f"run.sh exited early:\n{self.output()}"
            time.sleep(0.1)
        return found

    def stop(self, signum: int) -> tuple[int, dict[int, str]]:
        """Send `signum`, wait for the exit; its status and the processes it had started."""
        started = descendants(self.popen.pid)
        if signum == signal.SIGINT:
            os.killpg(self.popen.pid, signum)  # as Ctrl-C: to the terminal's process group
        else:
            self.popen.send_signal(signum)  # as a service manager or `kill` does
        code = self.popen.wait(timeout=TIMEOUT)
        self.reader.join(timeout=TIMEOUT)  # the pipe ends once every process holding it exits
        self.popen.stdout.close()
        self.output()
        return code, started

    def kill(self) -> None:
        """After a failure: nothing may outlive the test."""
        if self.popen.poll() is None:
            for pid in descendants(self.popen.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.popen.kill()
            self.popen.wait(timeout=TIMEOUT)
        if not self.popen.stdout.closed:
            self.popen.stdout.close()


class Browser:
    """HTTP/1.1 requests to the server, keeping its session cookie. Every response is checked
    for a `Server` header."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""

    def request(self, method: str, target: str, form: dict[str, str] | None = None):
        parts = urlsplit(target)
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path or target
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        headers = [(name.lower(), value) for name, value in response.getheaders()]
        assert "server" not in dict(headers), f"{method} {path}: {headers}"
        for name, value in headers:
            if name == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, text

    def sign_in(self, email: str, password: str) -> None:
        status, page = self.request("GET", "/login")
        assert status == 200
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = {"csrf_token": token, "email": email, "password": password, "next": ""}
        status, _ = self.request("POST", "/login", form)
        assert status == 302


@pytest.fixture
def project_files():
    """The developer's own .env and instance/ must be exactly as they were."""

    def snapshot():
        paths = [PROJECT_ROOT / ".env", PROJECT_ROOT / "instance"]
        return {path: path.stat().st_mtime_ns if path.exists() else None for path in paths}

    before = snapshot()
    yield
    assert snapshot() == before


def flask(env: dict[str, str], *args: str) -> str:
    """A `flask` command as a person would type it beside the running server."""
    result = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=PROJECT_ROOT,
        env={**env, "FLASK_APP": "campaign", "FLASK_SKIP_DOTENV": "1"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def assert_stopped(code: int, started: dict[int, str], run: Run) -> None:
    assert code == 0, run.output()
    assert any(" scheduler" in command for command in started.values()), started
    assert any("gunicorn" in command for command in started.values()), started
    assert not [pid for pid in started if running(pid)], run.output()
    assert "Traceback" not in run.output()


def test_make_run_serves_with_gunicorn_keeps_its_settings_and_stops_cleanly(
    tmp_path, project_files
):
    port = free_port()
    settings_file = tmp_path / "campaign.env"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "GUNICORN"))}
    for setting in fields(Settings):  # only what this test sets, never the developer's own
        env.pop(setting.name, None)
    env |= {
        "FLASK_ENV_FILE": str(settings_file),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'campaign.db'}",
        "PORT": str(port),
        "WEB_WORKERS": "2",
        "WEB_THREADS": "2",
        "RETURNS_UPLOAD_FOLDER": str(tmp_path / "uploads"),
    }
    base = f"http://127.0.0.1:{port}"

    # First run: a new settings file with a generated key, a new database, the first admin.
    run = Run(env)
    try:
        banner = run.wait_for(rf"^{re.escape(BANNER)}(\S+) ")
        assert banner.group(1) == f"{base}/"  # PUBLIC_BASE_URL follows PORT
        first_admin = run.wait_for(r"^  password: (\S+)\n.*\n=+\n")
        assert first_admin.start() > banner.start()
        password = first_admin.group(1)
        before_banner = run.output()[: banner.start()]
        assert "Imported data/seed-campaign.yaml" in before_banner
        assert f"Listening at: http://127.0.0.1:{port}" in before_banner
        assert "Generated a SECRET_KEY" in before_banner
        assert settings_file.stat().st_mode & 0o777 == 0o600
        secret_key = dotenv.dotenv_values(settings_file)["SECRET_KEY"]
        assert len(secret_key) == 64

        browser = Browser(port)
        browser.sign_in("admin@localhost", password)
        status, page = browser.request("GET", "/calendar/")
        assert status == 200
        feed_url = html.unescape(re.search(r'id="feed-url"[^>]*value="([^"]+)"', page).group(1))
        assert feed_url.startswith(f"{base}/calendar.ics?token=")  # the served port, not 5000
        calendar_token = feed_url.split("token=", 1)[1]
        assert Browser(port).request("GET", feed_url)[0] == 200

        # A link made by another process (the CLI) works against the server: one SECRET_KEY.
        printed = flask(env, "reset-link", "admin@localhost")
        reset_link = re.search(r"^\s+(http\S+)$", printed, re.MULTILINE).group(1)
        assert reset_link.startswith(f"{base}/reset/")
        reset_token = reset_link.rsplit("/", 1)[1]
        assert Browser(port).request("GET", reset_link)[0] == 200

        run.wait_for(r'"GET /reset/\[redacted\] HTTP/1.1" 200')
        run.wait_for(r'"GET /calendar.ics\?token=\[redacted\] HTTP/1.1" 200')
        assert reset_token not in run.output() and calendar_token not in run.output()

        code, started = run.stop(signal.SIGTERM)
        assert_stopped(code, started, run)
    finally:
        run.kill()

    # Second run: same key, so the session and the unused reset link still work; no new admin,
    # so the banner is the address alone; then Ctrl-C.
    run = Run(env)
    try:
        run.wait_for(rf"^{re.escape(BANNER)}{re.escape(base)}/ ")
        assert dotenv.dotenv_values(settings_file)["SECRET_KEY"] == secret_key
        assert "Generated a SECRET_KEY" not in run.output()
        assert browser.request("GET", "/")[0] == 200  # still signed in
        assert Browser(port).request("GET", reset_link)[0] == 200

        code, started = run.stop(signal.SIGINT)
        assert_stopped(code, started, run)
        assert "password:" not in run.output()
    finally:
        run.kill()
