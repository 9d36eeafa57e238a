"""Partitions: one per budget document, keyed by its PDF file name.

Dynamic, because the set of documents is whatever lies in the raw folder: the
``new_or_changed_documents`` sensor adds a partition when a file appears and deletes it when
the file goes. Dynamic partitions keep the order they were added in, and a run can cover a
*range* of them (first to last key, inclusive): that is how one run refreshes many documents.
"""

from collections.abc import Iterator, Sequence

import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")

# The run tags Dagster itself sets on a run over a partition range (a single-run backfill);
# a RunRequest carrying them launches one run for every partition from start to end.
PARTITION_RANGE_START_TAG = "dagster/asset_partition_range_start"
PARTITION_RANGE_END_TAG = "dagster/asset_partition_range_end"


def covering_range(ordered_keys: Sequence[str], wanted: Sequence[str]) -> tuple[str, str]:
    """The smallest range of ``ordered_keys`` (the partitions in order) holding every wanted key.

    Dagster runs ranges, not arbitrary sets of partitions: documents that are not neighbours
    share one run by taking the range between them (the run's ``only_changed`` option then
    leaves the unchanged ones in between as they are).
    """
    positions = sorted(ordered_keys.index(key) for key in wanted)
    return ordered_keys[positions[0]], ordered_keys[positions[-1]]


def range_tags(start: str, end: str) -> dict[str, str]:
    """Tags of a run over the partitions from ``start`` to ``end``."""
    return {PARTITION_RANGE_START_TAG: start, PARTITION_RANGE_END_TAG: end}


def check_outputs(context: dg.OpExecutionContext) -> Iterator[dg.Output]:
    """The outputs a step owes for its asset checks once it has yielded their evaluations.

    A run over a range of partitions has no single partition key to attach an
    ``AssetCheckResult`` to, so a step yields one ``AssetCheckEvaluation`` per partition
    instead; Dagster still expects the op's (empty) output for each check.
    """
    for output_name in context.assets_def.check_specs_by_output_name:
        yield dg.Output(None, output_name=output_name)
