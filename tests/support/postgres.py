"""A throwaway PostgreSQL cluster for the test run, from Debian's packages.

initdb and postgres refuse to run as root, so as root they run as the `postgres` user on a
temporary directory it owns. The cluster listens on loopback only and is removed at the end.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass


def _bindir() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError(
            "PostgreSQL server binaries not found: run `make system-deps` "
            "(or set CAMPAIGN_TEST_DATABASES=sqlite to skip PostgreSQL deliberately)."
        )
    return os.path.dirname(found[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    datadir: str
    port: int
    bindir: str

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        cmd = [os.path.join(self.bindir, args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, cwd="/", capture_output=True, text=True)

    @classmethod
    def start(cls) -> PostgresServer:
        bindir = _bindir()
        datadir = tempfile.mkdtemp(prefix="campaign-pg-")
        if os.geteuid() == 0:
            shutil.chown(datadir, "postgres", "postgres")
        server = cls(datadir=datadir, port=_free_port(), bindir=bindir)
        server._run(
            "initdb",
            "-D",
            datadir,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-p {server.port} -k {datadir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        server._run("pg_ctl", "-D", datadir, "-o", options, "-l", f"{datadir}/log", "-w", "start")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", server.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        return server

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", self.datadir, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.datadir, ignore_errors=True)
