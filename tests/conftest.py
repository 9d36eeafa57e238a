"""Shared fixtures: one warehouse built from the bundled corpus for the whole session."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
RAW = ROOT / "data" / "raw"


def once_per_run(tmp_path_factory, name: str, build: Callable[[Path], dict]) -> dict:
    """``build(folder)`` once per test run, whichever pytest-xdist worker asks first.

    A warehouse build takes most of a minute: the workers of one run share it (the first
    builds under a lock while the others wait, then all read its JSON result). Tests must
    only read what it built.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the workers of one run share the parent
        root = root.parent
    folder, result = root / name, root / f"{name}.json"
    with (root / f"{name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not result.exists():
                shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
                folder.mkdir()
                result.write_text(json.dumps(build(folder), ensure_ascii=False), "utf-8")
            return json.loads(result.read_text("utf-8"))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build_bundled_warehouse(base: Path) -> dict[str, str]:
    from pipelines.refresh import extract_changed
    from pipelines.warehouse import build_path_for, build_warehouse, publish

    raw = base / "raw"
    shutil.copytree(RAW, raw)
    staging = base / "staging"
    warehouse = base / "marts" / "warehouse.duckdb"
    summary = extract_changed(raw, staging)
    assert not summary.failed, [o.error_message for o in summary.failed]
    build = build_path_for(warehouse)
    build_warehouse(staging, build)
    publish(build, warehouse)
    return {"raw": str(raw), "staging": str(staging), "warehouse": str(warehouse)}


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> dict[str, Path]:
    """Run the real refresh (extract → staging → dbt build → publish) on the bundled PDFs."""
    built = once_per_run(tmp_path_factory, "warehouse", _build_bundled_warehouse)
    return {key: Path(value) for key, value in built.items()}


@pytest.fixture(scope="session")
def warehouse_con(built_warehouse):
    import duckdb

    con = duckdb.connect(str(built_warehouse["warehouse"]), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def final_accounts_warehouse(built_warehouse, tmp_path_factory) -> Path:
    """The bundled corpus plus two 决算 rendered from its samples (tests/final_accounts.py).

    The bundled documents' staging is reused: only the two 决算 are extracted.
    """
    from pipelines.refresh import extract_changed
    from pipelines.warehouse import build_path_for, build_warehouse, publish
    from tests.final_accounts import render_final_accounts
    from tests.shared import CORPUS, require

    require(CORPUS / "manifest.csv")
    base = tmp_path_factory.mktemp("final-accounts")
    raw = base / "raw"
    shutil.copytree(built_warehouse["raw"], raw)
    render_final_accounts(raw)
    staging = base / "staging"
    shutil.copytree(built_warehouse["staging"], staging)
    warehouse = base / "marts" / "warehouse.duckdb"
    summary = extract_changed(raw, staging)
    assert not summary.failed, [o.error_message for o in summary.failed]
    assert len(summary.by_action("extracted")) == 2
    build = build_path_for(warehouse)
    build_warehouse(staging, build)
    publish(build, warehouse)
    return warehouse


@pytest.fixture(scope="session")
def final_accounts_con(final_accounts_warehouse):
    import duckdb

    con = duckdb.connect(str(final_accounts_warehouse), read_only=True)
    yield con
    con.close()


def _manifest_is_stale(project) -> bool:
    manifest = Path(project.manifest_path)
    if not manifest.exists():
        return True
    skip = {"target", "logs", "dbt_packages"}
    newest = max(
        p.stat().st_mtime
        for p in Path(project.project_dir).rglob("*")
        if p.is_file() and not skip & set(p.relative_to(project.project_dir).parts)
    )
    return newest > manifest.stat().st_mtime


@pytest.fixture(scope="module")
def defs():
    """The Definitions, after preparing the dbt manifest if the project changed since."""
    from pipelines.defs.resources import dbt_project

    # One xdist worker parses while the other waits (dagster-dbt's own guard gives up after
    # 60 s, less than a parse takes on a loaded machine).
    lock = Path(dbt_project.project_dir) / dbt_project.target_path / ".budgetwh-prepare.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            if _manifest_is_stale(dbt_project):
                dbt_project.preparer.prepare(dbt_project)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    from pipelines.definitions import defs

    return defs


def pytest_terminal_summary(terminalreporter):
    """One line when ../shared is missing: the tests that need it skipped (CI fails them)."""
    from tests.shared import SHARED, is_missing

    if is_missing():
        skipped = len(terminalreporter.stats.get("skipped", []))
        terminalreporter.write_line(
            f"../shared not found at {SHARED}: {skipped} tests that need the corpus or the "
            "real disclosures were skipped"
        )
