"""Shared fixtures: one warehouse built from the bundled corpus for the whole session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> dict[str, Path]:
    """Run the real refresh (extract → staging → dbt build → publish) on the bundled PDFs."""
    from pipelines.refresh import extract_changed
    from pipelines.warehouse import build_path_for, build_warehouse, publish

    base = tmp_path_factory.mktemp("warehouse")
    raw = base / "raw"
    shutil.copytree(RAW, raw)
    staging = base / "staging"
    warehouse = base / "marts" / "warehouse.duckdb"
    summary = extract_changed(raw, staging)
    assert not summary.failed, [o.error_message for o in summary.failed]
    build = build_path_for(warehouse)
    build_warehouse(staging, build)
    publish(build, warehouse)
    return {"raw": raw, "staging": staging, "warehouse": warehouse}


@pytest.fixture(scope="session")
def warehouse_con(built_warehouse):
    import duckdb

    con = duckdb.connect(str(built_warehouse["warehouse"]), read_only=True)
    yield con
    con.close()
