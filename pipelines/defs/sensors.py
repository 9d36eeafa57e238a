"""The raw-folder sensor: runs only for documents that are new or whose content changed.

The cursor is a JSON object ``{file name: sha256}`` of the files seen at the last tick.
Content decides, not modification time: a file touched or copied over with the same bytes
requests nothing. All the files new or changed since the last tick share one ``refresh_all``
run (the range of partitions from the first to the last of them, extracting only what
changed), so the warehouse is built once per tick, not once per file; a removed file's
partition is deleted and the warehouse rebuilt without it.
"""

import json
from dataclasses import dataclass

import dagster as dg

from pipelines.defs.jobs import build_warehouse, refresh_all
from pipelines.defs.partitions import covering_range, documents_partitions, range_tags
from pipelines.defs.resources import BudgetPaths
from pipelines.identity import sha256_of
from pipelines.refresh import raw_files


@dataclass(frozen=True)
class RawFolderChanges:
    """How the raw folder differs from the last tick."""

    new: list[str]
    changed: list[str]
    removed: list[str]


def diff_hashes(previous: dict[str, str], current: dict[str, str]) -> RawFolderChanges:
    """Compare two ``{file name: sha256}`` maps."""
    return RawFolderChanges(
        new=sorted(set(current) - set(previous)),
        changed=sorted(n for n in set(current) & set(previous) if current[n] != previous[n]),
        removed=sorted(set(previous) - set(current)),
    )


@dg.sensor(
    jobs=[refresh_all, build_warehouse],
    minimum_interval_seconds=30,
    description=(
        "Hashes the PDFs of the raw folder; the new and changed files of a tick share one "
        "refresh_all run (one dbt build), a removed file loses its partition and triggers "
        "build_warehouse."
    ),
)
def new_or_changed_documents(
    context: dg.SensorEvaluationContext, paths: BudgetPaths
) -> dg.SensorResult | dg.SkipReason:
    """Register partitions for the raw folder's PDFs and request runs for changed content."""
    raw_dir = paths.raw_path
    if not raw_dir.is_dir():
        return dg.SkipReason(f"raw folder {raw_dir} does not exist")
    previous = json.loads(context.cursor) if context.cursor else {}
    current = {path.name: sha256_of(path) for path in raw_files(raw_dir)}
    changes = diff_hashes(previous, current)

    known = documents_partitions.get_partition_keys(dynamic_partitions_store=context.instance)
    to_add = sorted(set(current) - set(known))
    to_delete = sorted(set(known) - set(current))
    partition_requests = []
    if to_add:
        partition_requests.append(documents_partitions.build_add_request(to_add))
    if to_delete:
        partition_requests.append(documents_partitions.build_delete_request(to_delete))
    # The partitions once this tick's requests are applied, in their order (added ones last).
    ordered = [key for key in known if key in current] + to_add

    # No run_key: the cursor already makes each change request exactly one run, and a key
    # built from (file, hash) would silently swallow a file reverted to an earlier version.
    runs = []
    refreshed = [*changes.new, *changes.changed]
    if refreshed:
        start, end = covering_range(ordered, refreshed)
        runs.append(
            dg.RunRequest(
                job_name=refresh_all.name,
                # Documents in the range that did not change stay as they are staged.
                run_config={"ops": {"extracted_document": {"config": {"only_changed": True}}}},
                tags={
                    **range_tags(start, end),
                    "budgetwh/new": str(len(changes.new)),
                    "budgetwh/changed": str(len(changes.changed)),
                },
            )
        )
    if changes.removed and not runs:
        # A document run rebuilds the warehouse anyway (and prunes removed documents).
        runs.append(
            dg.RunRequest(
                job_name=build_warehouse.name, tags={"budgetwh/removed": ",".join(changes.removed)}
            )
        )
    return dg.SensorResult(
        run_requests=runs,
        cursor=json.dumps(current, sort_keys=True),
        dynamic_partitions_requests=partition_requests,
    )
