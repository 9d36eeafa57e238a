"""The Dagster code location (``dagster dev`` loads ``defs``): everything is in ``defs/``."""

import dagster as dg
from dagster_dbt import DbtCliResource

from pipelines.defs.assets import extracted_document, quarantine_record, staged_entities
from pipelines.defs.checks import reconciles
from pipelines.defs.dbt import budgetwh_dbt_assets, dbt_project
from pipelines.defs.jobs import build_warehouse, refresh_all
from pipelines.defs.resources import BudgetPaths
from pipelines.defs.schedules import daily_refresh
from pipelines.defs.sensors import new_or_changed_documents

defs = dg.Definitions(
    assets=[extracted_document, *staged_entities, quarantine_record, budgetwh_dbt_assets],
    asset_checks=[reconciles],
    jobs=[refresh_all, build_warehouse],
    schedules=[daily_refresh],
    sensors=[new_or_changed_documents],
    resources={"paths": BudgetPaths(), "dbt": DbtCliResource(project_dir=dbt_project)},
    # Steps of a run in separate processes: the dbt build and checks never share a process
    # with an extraction.
    executor=dg.multiprocess_executor,
)
