"""Build the warehouse with dbt aside, then publish it atomically.

Analysts keep the published file open read-only while refreshes run, and DuckDB allows one
writer per file: so dbt never writes the published file. It builds a new file next to it;
``os.replace`` then swaps the name in one step. Readers holding the old file keep reading
their snapshot (the inode lives while open); new connections see the new data.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"


class RefreshBusy(RuntimeError):
    """Another refresh holds the warehouse lock.

    Attributes:
        lock_path: The lock file.
        holder: Who holds it, as the holder wrote it into the lock file (may be empty).
    """

    def __init__(self, message: str, lock_path: Path, holder: str) -> None:
        super().__init__(message)
        self.lock_path = lock_path
        self.holder = holder


def lock_path_for(warehouse: Path) -> Path:
    """The refresh lock file of a warehouse: ``<name>.lock`` beside it."""
    return Path(warehouse).with_suffix(".lock")


@contextmanager
def refresh_lock(
    warehouse: Path, wait_seconds: float = 0.0, holder: str = "budgetwh refresh"
) -> Iterator[None]:
    """Hold the warehouse's refresh lock; a second refresh waits up to ``wait_seconds``.

    One lock for every writer of the staging folder and the warehouse — ``budgetwh refresh``
    and the Dagster steps alike. The holder writes ``holder`` (with its pid and start time)
    into the lock file, so whoever is refused can say who is in the way; the lock itself is
    the ``flock``, which the kernel releases when the holder dies.

    Raises:
        RefreshBusy: the lock is still held after ``wait_seconds``.
    """
    lock_path = lock_path_for(warehouse)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+", encoding="utf-8") as fh:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    held_by = fh.read().strip()
                    raise RefreshBusy(
                        f"another refresh is running on {warehouse} (lock {lock_path}"
                        + (f", held by {held_by}" if held_by else "")
                        + ")",
                        lock_path,
                        held_by,
                    ) from None
                time.sleep(0.2)
        try:
            fh.seek(0)
            fh.truncate()
            since = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
            fh.write(f"{holder} (pid {os.getpid()}, since {since})\n")
            fh.flush()
            yield
        finally:
            fh.truncate(0)
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
    from pipelines.refresh import die_with_parent

    command = [sys.executable, "-c", "from dbt.cli.main import cli; cli()", *args]
    result = subprocess.run(
        command,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        # a killed refresh takes its dbt build with it
        preexec_fn=functools.partial(die_with_parent, os.getpid()),
    )
    if result.returncode != 0:
        detail = dbt_error_summary(result.stdout + result.stderr)
        raise RuntimeError(f"dbt {args[0]} failed: {detail}")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_TIMESTAMP = re.compile(r"^\d{2}:\d{2}:\d{2}\s+")


def dbt_error_summary(output: str, max_lines: int = 6) -> str:
    """The error in dbt's console output and the few lines that explain it, as one line."""
    lines = [_TIMESTAMP.sub("", _ANSI.sub("", ln)).strip() for ln in output.splitlines()]
    lines = [ln for ln in lines if ln]
    start = next(
        (i for i, ln in enumerate(lines) if re.search(r"error|FAIL", ln, re.IGNORECASE)), None
    )
    picked = lines[start : start + max_lines] if start is not None else lines[-max_lines:]
    return " | ".join(picked) or "no output"


def build_path_for(warehouse: Path) -> Path:
    """Where a refresh builds the next warehouse: a hidden folder beside it, same file name.

    The same file name keeps DuckDB's catalog name (the file stem) identical, so nothing
    inside the file names the build location; the same file system keeps the rename
    atomic. The folder is the warehouse's own (``.<name>.building``), so it can be cleared
    without touching the build of another warehouse in the same folder.
    """
    warehouse = Path(warehouse)
    return warehouse.parent / f".{warehouse.name}.building" / warehouse.name


def clean_build_folder(build_path: Path) -> list[Path]:
    """Remove what a killed or failed build left beside ``build_path`` (database, WAL, tmp).

    dbt's own ``target``/``logs`` folders are kept: its partial-parse cache makes the next
    build start faster, and dbt re-parses when the cache is unreadable.
    """
    folder = Path(build_path).parent
    removed = []
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name in ("target", "logs"):
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def build_warehouse(staging_dir: Path, build_path: Path) -> list[str]:
    """Build a complete warehouse at ``build_path`` from the staging Parquet (dbt build).

    Call it under :func:`refresh_lock`: it first clears what an earlier, killed build
    left in the build folder. dbt's artefacts go to that folder too, so refreshes of
    different warehouses never share a ``target``. On failure the partial file is removed.

    Returns:
        The names of the checks (dbt data tests) that warned: see :func:`failing_checks`.
    """
    # absolute: dbt resolves a relative --target-path against the project folder
    build_path = Path(build_path).resolve()
    build_path.parent.mkdir(parents=True, exist_ok=True)
    clean_build_folder(build_path)
    folder = build_path.parent
    args = dbt_args(
        "build", "--quiet", "--target-path", str(folder / "target"),
        "--log-path", str(folder / "logs"),
    )
    try:
        run_dbt(args, dbt_env(staging_dir, build_path))
    except BaseException:
        build_path.unlink(missing_ok=True)
        Path(str(build_path) + ".wal").unlink(missing_ok=True)
        raise
    return failing_checks(folder / "target")


def failing_checks(target_path: Path) -> list[str]:
    """Data tests of the last dbt build that warned or failed, by name.

    Checks of severity ``warn`` (the reconciliation tests) do not stop the build — one
    department's arithmetic slip must not hold back everyone's data — so they are
    reported instead, from dbt's ``run_results.json``.
    """
    path = Path(target_path) / "run_results.json"
    if not path.is_file():
        return []
    results = json.loads(path.read_text("utf-8")).get("results", [])
    return sorted(
        r["unique_id"].split(".")[2]
        for r in results
        if r.get("unique_id", "").startswith("test.") and r.get("status") in ("warn", "fail")
    )


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
