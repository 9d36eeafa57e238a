"""The dbt project as Dagster assets: staging store → star schema → published warehouse.

dbt never writes the published file: it builds a fresh one aside (``build_path_for``) and
the asset publishes it atomically once every model and test has run, exactly as
``budgetwh refresh`` does — analysts keep the old warehouse open throughout. A data test that
fails on some documents' rows quarantines them and the build runs again without them, as in
the CLI (:mod:`pipelines.quarantine`). The build, its pruning of removed documents and the
publish run under the warehouse lock (``pipelines/defs/lock.py``). A run builds once (plus
one round per quarantine), whatever number of documents it extracted.

A run of every model is the CLI's full build (:func:`pipelines.warehouse.build_warehouse`):
the documents' rows made in batches that fit DuckDB's memory, the last batch's ``dbt build``
run through Dagster's dbt resource, so its models and tests are the run's assets and checks.
It records what it was built from, so the CLI's next refresh rebuilds only what changed
after it (:mod:`pipelines.build_plan`). A subset run starts
from the published file and rebuilds its models whole (``--full-refresh``: an incremental
model is rebuilt from every document, never from the CLI's list of changed ones); the record
it keeps is the published one, so the next CLI refresh brings the rest up to date. dbt's unit
tests test the SQL, not the data: the test suite runs them, a production build leaves them out.

The manifest comes from ``dbt_project`` (``pipelines/defs/resources.py``): prepared by
``dagster dev`` itself, prepared beforehand anywhere else.
"""

import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliInvocation, DbtCliResource, dbt_assets

from pipelines.defs.lock import DEFAULT_LOCK_WAIT_SECONDS, lock_holder, warehouse_lock
from pipelines.defs.resources import BudgetPaths, dbt_project
from pipelines.refresh import prepare_store, sync_files
from pipelines.staging.store import StagingStore
from pipelines.warehouse import (
    UNIT_TESTS_EXCLUDED,
    build_path_for,
    build_warehouse,
    clean_build_folder,
    dbt_env,
    publish,
    quarantine_failed,
    start_quarantine,
)


class FolderGroups(DagsterDbtTranslator):
    """Groups follow the dbt folders (staging, intermediate, marts, reports, …); seeds apart."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """The model's folder under ``models/``, or ``seeds``."""
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        fqn = dbt_resource_props["fqn"]
        return fqn[1] if len(fqn) > 2 else "models"


class WarehouseBuildConfig(dg.Config):
    """How long a build waits for another refresh (CLI or Dagster) holding the warehouse."""

    lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then restore them.

    ``DbtCliResource.cli`` hands dbt a copy of ``os.environ`` taken when it is called; the
    profile reads the build file and the staging store from these variables.
    """
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def prune_removed_documents(raw_dir: Path, staging_dir: Path) -> list[str]:
    """Drop from staging every document no file of the raw folder holds (as the CLI does)."""
    with StagingStore(staging_dir) as store:
        prepare_store(store)
        _, removed = sync_files(raw_dir, store)
    return removed


def prepare_build_file(build: Path, warehouse: Path, *, is_subset: bool) -> None:
    """Start the build file: empty for a full build, a copy of the published one for a subset.

    A subset run rebuilds only some models; starting from the published file keeps every other
    table, so publishing it never drops data.
    """
    build.parent.mkdir(parents=True, exist_ok=True)
    clean_build_folder(build)  # what a killed or failed build left, as the CLI does
    if is_subset and warehouse.exists():
        shutil.copyfile(warehouse, build)


def build_everything(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, staging: Path, build: Path
) -> DbtCliInvocation:
    """A run of every model: the CLI's full build (:func:`pipelines.warehouse.build_warehouse`).

    The documents' rows are made in batches that fit DuckDB's memory and quarantine works
    as in the CLI; the last step's ``dbt build`` runs through Dagster's dbt resource, so
    every model and check of it is reported as an asset. The file records what it was built
    from, so the CLI's next refresh rebuilds only what changed after it.
    """
    invocations: list[DbtCliInvocation] = []

    def run_last(selection: list[str], env: dict[str, str]) -> tuple[int, str, Path]:
        with environment(env):
            invocation = dbt.cli(["build", *selection], context=context, raise_on_error=False)
        invocations.append(invocation)
        if invocation.is_successful():
            return 0, "", Path(invocation.target_path)
        return 1, str(invocation.get_error() or ""), Path(invocation.target_path)

    try:
        built = build_warehouse(staging, build, run_last=run_last)
    except BaseException:
        clean_build_folder(build)  # never leave a half-built file behind
        raise
    for document, reason in built.quarantined.items():
        context.log.warning(f"quarantined {document}: {reason}")
    if built.batches > 1:
        context.log.info(f"made the documents in {built.batches} batches")
    return invocations[-1]


def build_subset(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    staging: Path,
    build: Path,
    warehouse: Path,
) -> DbtCliInvocation:
    """A subset run: its models rebuilt whole into a copy of the published file.

    From every document (``--full-refresh``: never from the CLI's list of changed ones); the
    record it keeps is the published one, so the next CLI refresh brings the rest up to date.
    """
    loaded = start_quarantine(staging)
    args = ["build", *UNIT_TESTS_EXCLUDED, "--full-refresh"]
    quarantined: dict[str, str] = {}
    rounds = 0
    try:
        while True:
            rounds += 1
            prepare_build_file(build, warehouse, is_subset=True)
            with environment(dbt_env(staging, build)):
                invocation = dbt.cli(args, context=context, raise_on_error=False)
            if invocation.is_successful():
                return invocation
            quarantine_failed(build, invocation.target_path, staging, quarantined, loaded, rounds)
            for document, reason in quarantined.items():
                context.log.warning(f"quarantined {document}: {reason}")
    except BaseException:
        clean_build_folder(build)  # never leave a half-built file behind
        raise


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=FolderGroups(),
)
def budgetwh_dbt_assets(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    paths: BudgetPaths,
    config: WarehouseBuildConfig,
):
    """``dbt build`` into a file aside (quarantining bad documents), then publish it."""
    warehouse = paths.warehouse_path
    staging = paths.staging_path
    build = build_path_for(warehouse)
    with warehouse_lock(
        warehouse, wait_seconds=config.lock_wait_seconds, holder=lock_holder(context)
    ):
        removed = prune_removed_documents(paths.raw_path, staging)
        if removed:
            context.log.info(f"documents removed from staging: {', '.join(removed)}")
        if context.is_subset:
            invocation = build_subset(context, dbt, staging, build, warehouse)
        else:
            invocation = build_everything(context, dbt, staging, build)
        # the events of the build that is published (replayed from its output)
        yield from invocation.stream()
        publish(build, warehouse)
        context.log.info(f"published {warehouse}")
