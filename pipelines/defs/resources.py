"""Where the pipeline reads and writes: the raw PDFs, the staging store, the warehouse.

Precedence for each path: the resource's run configuration (launchpad / run config
``resources: paths: config: ...``), then an environment variable read when the run or sensor
evaluates (never at import), then the default the CLI uses. Relative paths are taken from the
project root, so ``dagster dev`` and the CLI agree on ``data/``.

Environment variables: ``BUDGETWH_RAW_DIR``, ``BUDGETWH_STAGING_DIR`` (the warehouse's staging
folder), ``BUDGETWH_WAREHOUSE`` (the published DuckDB file) and ``BUDGETWH_PASSWORDS`` (a JSON
file ``{file name: password}`` for encrypted PDFs).
"""

import os
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtProject

from pipelines.warehouse import DBT_PROJECT_DIR, staging_dir_for

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# The dbt project. Under ``dagster dev`` ``prepare_if_dev`` runs ``dbt parse`` so model edits
# show up on reload (dagster-dbt's documented development flow); anywhere else it does nothing
# and the manifest must have been prepared beforehand:
# ``uv run dagster-dbt project prepare-and-package --file pipelines/defs/resources.py``.
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()
DEFAULT_RAW_DIR = "data/raw"
DEFAULT_WAREHOUSE = "data/marts/warehouse.duckdb"


def _resolve(configured: str | None, env_var: str, default: str | None) -> Path | None:
    value = configured or os.environ.get(env_var) or default
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


class BudgetPaths(dg.ConfigurableResource):
    """The folders and files of one deployment of the pipeline.

    Attributes:
        raw_dir: Folder of budget PDFs (default ``data/raw``; env ``BUDGETWH_RAW_DIR``).
        staging_dir: The staging folder (default: ``<warehouse>.staging`` beside the warehouse
            file, as the CLI does; env ``BUDGETWH_STAGING_DIR``).
        warehouse: Published DuckDB file (default ``data/marts/warehouse.duckdb``; env
            ``BUDGETWH_WAREHOUSE``).
        passwords_file: JSON ``{file name: password}`` for encrypted PDFs (optional; env
            ``BUDGETWH_PASSWORDS``).
    """

    raw_dir: str | None = None
    staging_dir: str | None = None
    warehouse: str | None = None
    passwords_file: str | None = None

    @property
    def raw_path(self) -> Path:
        """The raw folder."""
        return _resolve(self.raw_dir, "BUDGETWH_RAW_DIR", DEFAULT_RAW_DIR)

    @property
    def warehouse_path(self) -> Path:
        """The published warehouse file."""
        return _resolve(self.warehouse, "BUDGETWH_WAREHOUSE", DEFAULT_WAREHOUSE)

    @property
    def staging_path(self) -> Path:
        """The staging folder; by default the warehouse's own, like the CLI."""
        configured = _resolve(self.staging_dir, "BUDGETWH_STAGING_DIR", None)
        return staging_dir_for(self.warehouse_path, configured)

    @property
    def passwords_path(self) -> Path | None:
        """The passwords file, if one is configured."""
        return _resolve(self.passwords_file, "BUDGETWH_PASSWORDS", None)
