"""dbt's unit tests (YAML ``unit_tests:``): the SQL of tricky models on fixed rows.

A production build leaves them out (they test the SQL, not the data: ``UNIT_TESTS_EXCLUDED``
in pipelines/warehouse.py), so the suite runs them here: every model built empty (dbt needs
the inputs' relations for their column types), then ``dbt test`` on the unit tests alone.
"""

from __future__ import annotations

import json

from pipelines.refresh import prepare_store
from pipelines.staging.store import StagingStore
from pipelines.warehouse import dbt_args, dbt_env, run_dbt


def test_every_dbt_unit_test_passes(tmp_path):
    staging = tmp_path / "staging"
    with StagingStore(staging) as store:
        prepare_store(store)  # an empty store: every staged table, no rows
    env = dbt_env(staging, tmp_path / "build.duckdb")
    paths = ("--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"))
    run_dbt(
        dbt_args("build", "--quiet", "--empty", "--exclude", "resource_type:test",
                 "resource_type:unit_test", *paths),
        env,
    )
    code, output = run_dbt(
        dbt_args("test", "--select", "test_type:unit", *paths), env, check=False
    )
    results = json.loads((tmp_path / "target" / "run_results.json").read_text("utf-8"))
    statuses = {r["unique_id"].split(".")[-1]: r["status"] for r in results["results"]}
    assert code == 0, output[-3000:]
    assert statuses, "no dbt unit test ran"
    assert set(statuses.values()) == {"pass"}, statuses

