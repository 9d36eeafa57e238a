"""Build the warehouse with dbt aside, then publish it atomically.

Analysts keep the published file open read-only while refreshes run, and DuckDB allows one
writer per file: so dbt never writes the published file. It builds a new file next to it;
``os.replace`` then swaps the name in one step. Readers holding the old file keep reading
their snapshot (the inode lives while open); new connections see the new data.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"


class RefreshBusy(RuntimeError):
    """Another refresh holds the warehouse lock."""


@contextmanager
def refresh_lock(warehouse: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's refresh lock; a second refresh waits up to ``wait_seconds``."""
    lock_path = Path(warehouse).with_suffix(".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as fh:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RefreshBusy(
                        f"another refresh is running on {warehouse} (lock {lock_path})"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def dbt_env(staging_dir: Path, build_path: Path) -> dict[str, str]:
    """Environment that points dbt at the staging folder and the file being built."""
    return {
        "BUDGETWH_STAGING_DIR": str(Path(staging_dir).resolve()),
        "BUDGETWH_WAREHOUSE_BUILD": str(Path(build_path).resolve()),
    }


def dbt_args(command: str, *extra: str) -> list[str]:
    """Arguments of a dbt invocation against the project (profiles live in the project)."""
    return [
        command,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        *extra,
    ]


def run_dbt(args: list[str], env: dict[str, str]) -> None:
    """Run dbt in a child process with ``env`` set; raise with dbt's own message on failure.

    A child process, not dbt's in-process runner: dbt-duckdb keeps its connection open for
    the life of the process, and the file must be closed (checkpointed) before it is
    published.
    """
    command = [sys.executable, "-c", "from dbt.cli.main import cli; cli()", *args]
    result = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip()]
        errors = [ln.strip() for ln in lines if "Error" in ln or "error" in ln or "FAIL" in ln]
        detail = " | ".join((errors or lines)[-8:])
        raise RuntimeError(f"dbt {args[0]} failed: {detail}")


def build_path_for(warehouse: Path) -> Path:
    """Where a refresh builds the next warehouse: a hidden folder beside it, same file name.

    The same file name keeps DuckDB's catalog name (the file stem) identical, so nothing
    inside the file names the build location; the same folder keeps the rename atomic.
    """
    warehouse = Path(warehouse)
    return warehouse.parent / ".building" / warehouse.name


def build_warehouse(staging_dir: Path, build_path: Path) -> None:
    """Build a complete warehouse at ``build_path`` from the staging Parquet (dbt build)."""
    build_path = Path(build_path)
    build_path.parent.mkdir(parents=True, exist_ok=True)
    build_path.unlink(missing_ok=True)
    Path(str(build_path) + ".wal").unlink(missing_ok=True)
    run_dbt(dbt_args("build", "--quiet"), dbt_env(staging_dir, build_path))


def publish(build_path: Path, warehouse: Path) -> None:
    """Atomically replace the published warehouse with the freshly built file."""
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(build_path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(build_path, warehouse)
    dir_fd = os.open(warehouse.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
