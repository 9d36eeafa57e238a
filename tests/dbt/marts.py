"""Marts built by dbt from one constructed document, once per test run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.extract.model import ExtractedDocument
from pipelines.refresh import stage_extracted
from pipelines.warehouse import dbt_args, dbt_env, run_dbt
from tests.conftest import once_per_run


def built_marts(
    tmp_path_factory, name: str, document: ExtractedDocument, models: list[str]
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to ``models`` (and what they need) built from ``document``.

    The build is shared by the xdist workers of one run (:func:`once_per_run`); tests only
    read it.
    """

    def build(base: Path) -> dict[str, str]:
        staging = base / "staging"
        stage_extracted(document, staging, datetime(2024, 1, 1, tzinfo=UTC))
        marts = base / "build.duckdb"
        selection = [arg for model in models for arg in ("--select", f"+{model}")]
        run_dbt(
            dbt_args(
                "build", "--quiet", *selection,
                "--resource-type", "seed", "--resource-type", "model",
                "--target-path", str(base / "target"), "--log-path", str(base / "logs"),
            ),
            dbt_env(staging, marts),
        )
        return {"marts": str(marts)}

    built = once_per_run(tmp_path_factory, name, build)
    return duckdb.connect(built["marts"], read_only=True)
