"""Who holds a pack, and whether they are still there.

A pack queued or being generated records the process that holds it: the host's name, the
process id and the process's *start identity*, so that a process id reused by another program
after a restart is not mistaken for the worker. On Linux the start identity is the kernel's
boot id with the process's start time in clock ticks since boot (`/proc/sys/kernel/random/
boot_id`, and field 22 `starttime` of `/proc/<pid>/stat`, see proc_pid_stat(5)): together they
name one process for as long as the machine runs. Elsewhere it is empty and only the pid is
checked (`os.kill(pid, 0)`, see kill(2)).

From another process on the same host, `is_gone` tells whether the worker has stopped: no
process with that pid, a zombie, or a different process (another start identity). A worker on
another host cannot be checked this way; its heartbeat (`Heartbeat`) says it is alive.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

log = logging.getLogger("campaign.packs")

PROC = Path("/proc")


@dataclass(frozen=True)
class Worker:
    host: str
    pid: int
    start: str

    def columns(self) -> dict:
        """As the Pack columns that record it."""
        return {"worker_host": self.host, "worker_pid": self.pid, "worker_start": self.start}


def host_name() -> str:
    return socket.gethostname()[:255]


@cache
def _boot_id() -> str:
    try:
        return (PROC / "sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of the process from /proc/<pid>/stat; None if there is no such
    process. The command name (field 2) may hold spaces and brackets: fields are read after
    its closing bracket."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except FileNotFoundError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], fields[19]  # field 3 (state) and field 22 (starttime)


def start_identity(pid: int) -> str:
    """The process's start identity, '' where /proc cannot tell (not Linux)."""
    if not _boot_id():
        return ""
    try:
        stat = _stat(pid)
    except OSError:
        return ""
    return f"{_boot_id()}:{stat[1]}" if stat else ""


def app_clock() -> Callable[[], datetime]:
    """The current app's clock (its CLOCK setting, else real time), usable from any thread."""
    from flask import current_app, has_app_context

    injected = current_app.config.get("CLOCK") if has_app_context() else None
    return injected or (lambda: datetime.now(UTC))


def this_process() -> Worker:
    pid = os.getpid()
    return Worker(host=host_name(), pid=pid, start=start_identity(pid))


def is_gone(host: str, pid: int | None, start: str) -> bool:
    """True when the recorded worker is known to have stopped: it ran on this host and its
    process is no longer there (or the pid now belongs to another process). False when it is
    alive, or cannot be checked from here (another host, or nothing recorded)."""
    if not host or pid is None or host != host_name():
        return False
    if start and _boot_id():
        if not start.startswith(f"{_boot_id()}:"):
            return True  # recorded before this machine last started
        try:
            stat = _stat(pid)
        except OSError:
            return False
        return stat is None or stat[0] in ("Z", "X") or start != f"{_boot_id()}:{stat[1]}"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a process of another user: alive
        return False
    return False


class Heartbeat:
    """While generating, write `beat(now)` every `interval` seconds from a daemon thread;
    stops when the block exits. The worker also beats at each stage of its progress."""

    def __init__(
        self, beat: Callable[[datetime], None], clock: Callable[[], datetime], interval: float
    ):
        self._beat, self._clock, self._interval = beat, clock, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pack-heartbeat", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._beat(self._clock())
            except Exception:  # the database briefly unreachable: the next beat retries
                log.warning("Briefing pack heartbeat not written", exc_info=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
