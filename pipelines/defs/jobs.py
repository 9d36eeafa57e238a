"""Jobs: refresh one document end to end, or rebuild the warehouse from staging."""

import dagster as dg

from pipelines.defs.dbt import budgetwh_dbt_assets

# Run per document partition: extract that PDF, rebuild and publish the warehouse with dbt,
# then check the document's reconciliation against the new warehouse.
refresh_all = dg.define_asset_job(
    name="refresh_all",
    selection=dg.AssetSelection.all(),
    description=(
        "Everything for one document partition: extract and stage it, rebuild and publish the "
        "warehouse (dbt build), run its checks."
    ),
)

# No extraction: the warehouse rebuilt from the staging as it is (after a document is
# removed, or after a change to dbt models or seeds).
build_warehouse = dg.define_asset_job(
    name="build_warehouse",
    selection=dg.AssetSelection.assets(budgetwh_dbt_assets),
    description="Rebuild and publish the warehouse from the staging Parquet (dbt build only).",
)
