"""Jobs: refresh one document end to end, or rebuild the warehouse from staging."""

import dagster as dg

from pipelines.defs.dbt import budgetwh_dbt_assets

# Run over one document partition or a range of them: extract those PDFs, rebuild and publish
# the warehouse with dbt once, then check each document's reconciliation against it.
refresh_all = dg.define_asset_job(
    name="refresh_all",
    selection=dg.AssetSelection.all(),
    description=(
        "Everything for a partition or a range of partitions: extract and stage those "
        "documents, rebuild and publish the warehouse once (dbt build), run their checks."
    ),
)

# No extraction: the warehouse rebuilt from the staging as it is (after a document is
# removed, or after a change to dbt models or seeds).
build_warehouse = dg.define_asset_job(
    name="build_warehouse",
    selection=dg.AssetSelection.assets(budgetwh_dbt_assets),
    description="Rebuild and publish the warehouse from the staging store (dbt build only).",
)
