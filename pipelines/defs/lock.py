"""The warehouse lock, taken by every Dagster step that writes staging files or the warehouse.

``budgetwh refresh`` holds :func:`pipelines.warehouse.refresh_lock` while it extracts and
while it builds and publishes; the extraction asset and the dbt asset take the same lock
around the same work, so a scheduled run and a CLI refresh never write the staging folder or
the build file at once. Like ``budgetwh refresh --wait SECONDS``, a step waits for the lock up
to a bound (run config ``lock_wait_seconds``) and then fails, naming the lock file and its
holder.
"""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import dagster as dg

from pipelines.warehouse import RefreshBusy, refresh_lock

DEFAULT_LOCK_WAIT_SECONDS = 1800.0


def lock_holder(context: dg.AssetExecutionContext) -> str:
    """How a Dagster step names itself in the lock file: run id, job and step."""
    return f"dagster run {context.run.run_id} ({context.job_name}, step {context.op_def.name})"


@contextmanager
def warehouse_lock(warehouse: Path, *, wait_seconds: float, holder: str) -> Iterator[None]:
    """Hold the warehouse's refresh lock; a ``dg.Failure`` naming the holder if it stays busy."""
    with ExitStack() as stack:
        try:
            stack.enter_context(refresh_lock(warehouse, wait_seconds=wait_seconds, holder=holder))
        except RefreshBusy as exc:
            raise dg.Failure(
                description=(
                    f"{exc}; waited {wait_seconds:g} s — retry when it is done, or raise "
                    "lock_wait_seconds in the run config"
                ),
                metadata={
                    "lock_file": dg.MetadataValue.path(str(exc.lock_path)),
                    "held_by": exc.holder or "unknown",
                },
            ) from exc
        yield
