"""A throw-away PostgreSQL server for the tests: Debian's own `initdb` and `pg_ctl`, a folder of
its own, 127.0.0.1 only, its unix socket in that folder.

PostgreSQL refuses to run as root, so as root (CI) the server runs as the `postgres` user
(`runuser -u postgres`), in a folder that user owns. Durability is switched off (fsync, full
page writes): the server and its data die with the test run.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REQUIRE_ENV = "QUIZAPP_REQUIRE_POSTGRES"  # set by .ci/run: a missing server fails instead of skipping


def server_bin_dir() -> Path | None:
    """The newest installed server's bin folder (/usr/lib/postgresql/N/bin), if any."""
    found = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if (Path(p) / "pg_ctl").exists()]
    if not found:
        return None
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class TestServer:
    folder: Path
    port: int
    bin_dir: Path

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(_as_server_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"),
                                        "-m", "immediate", "-w", "stop"]),
                       check=False, capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> TestServer:
    """Initialises and starts a server; raises RuntimeError saying why it could not."""
    bin_dir = server_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="quizapp-pg-"))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    data = folder / "data"
    steps = [
        [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
         "--no-sync", "--locale=C"],
        [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "-o",
         f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off "
         "-c full_page_writes=off -c max_connections=200", "start"],
    ]
    for argv in steps:
        done = subprocess.run(_as_server_user(argv), capture_output=True, text=True, timeout=120, cwd=folder)
        if done.returncode != 0:
            log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"{Path(argv[0]).name} failed: {done.stderr.strip()} {log[-2000:]}")
    return TestServer(folder, port, bin_dir)
