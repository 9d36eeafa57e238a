"""The daily refresh: every registered document re-extracted and checked, warehouse rebuilt once."""

import dagster as dg

from pipelines.defs.jobs import refresh_all
from pipelines.defs.partitions import documents_partitions, range_tags


@dg.schedule(
    job=refresh_all,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    description=(
        "06:00 Asia/Shanghai: one refresh_all run over every document partition, so every "
        "document is re-extracted with the current code and checked, and the warehouse is "
        "built once. The new-file sensor covers changes during the day."
    ),
)
def daily_refresh(context: dg.ScheduleEvaluationContext):
    """One run request for the whole range of document partitions known to the instance."""
    keys = documents_partitions.get_partition_keys(dynamic_partitions_store=context.instance)
    if not keys:
        return dg.SkipReason(
            "no document partitions yet: turn on the new_or_changed_documents sensor"
        )
    day = context.scheduled_execution_time.strftime("%Y-%m-%d")
    return dg.RunRequest(
        run_key=day,
        tags={**range_tags(keys[0], keys[-1]), "budgetwh/documents": str(len(keys))},
    )
