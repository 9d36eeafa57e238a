"""Extraction as a Dagster asset: one partition per document, many documents per run.

The asset is thin: it runs the CLI's own extraction (:func:`pipelines.refresh.extract_documents`:
the same process pool, each document under the same time and memory bounds, a crashed worker
retried alone) and records the same ``document_status`` rows, so a document staged by Dagster
and one staged by ``budgetwh refresh`` are identical. It holds the warehouse lock while it
writes staging files, as the CLI does.

A run covers one partition or a range of them (``BackfillPolicy.single_run``): the schedule
and the sensor request one run for all the documents they want refreshed, so the warehouse is
rebuilt once per run, not once per document. A bad document is a recorded outcome, not a
failed run: its partition is not materialized and its own ``document_loaded`` check fails
(red) with the reason, while the warehouse still rebuilds with every other document. So is a
file removed between the request and the run (``not_found``; the dbt step then prunes it).
"""

from collections import Counter
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.defs.lock import DEFAULT_LOCK_WAIT_SECONDS, lock_holder, warehouse_lock
from pipelines.defs.partitions import check_outputs, documents_partitions
from pipelines.defs.resources import BudgetPaths
from pipelines.refresh import (
    DEFAULT_MEMORY_LIMIT_MB,
    DEFAULT_TIMEOUT_SECONDS,
    DUPLICATE,
    LOADED,
    DocumentOutcome,
    extract_records,
    hash_files,
    load_passwords,
    prepare_store,
    raw_files,
)
from pipelines.staging.frames import ENTITIES
from pipelines.staging.layout import store_path
from pipelines.staging.store import StagingStore


class ExtractConfig(dg.Config):
    """Options of ``budgetwh refresh``, per run.

    Attributes:
        timeout_seconds: Bound on one document's extraction (0: none).
        memory_limit_mb: Address-space bound of an extraction process (0: none).
        workers: Extraction processes (default: one per CPU, at most one per document).
        only_changed: Skip documents whose staging is current (same bytes, same extractor
            version), as ``budgetwh refresh`` does; the sensor sets it. By default every
            document of the run is extracted again.
        lock_wait_seconds: How long to wait for another refresh (CLI or Dagster) holding the
            warehouse lock before failing.
    """

    timeout_seconds: int = DEFAULT_TIMEOUT_SECONDS
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB
    workers: int | None = None
    only_changed: bool = False
    lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS


def stage_documents(
    pdfs: list[Path],
    raw_dir: Path,
    staging_dir: Path,
    *,
    passwords: dict[str, str],
    only_changed: bool,
    workers: int | None,
    timeout_seconds: int,
    memory_limit_mb: int,
) -> list[DocumentOutcome]:
    """Extract PDFs into the staging store exactly as ``budgetwh refresh`` does.

    Every file of the raw folder is hashed (cached), so a partition whose bytes another file
    has is recorded as that document's duplicate; then the CLI's extraction runs on these
    files. Call it under the warehouse lock. Removed documents are not pruned here: the dbt
    step does that before it builds.
    """
    wanted = {pdf.name for pdf in pdfs}
    with StagingStore(staging_dir) as store:
        prepare_store(store)
        every = hash_files(raw_files(raw_dir), store.files())
        # Recorded as the CLI does, so the budget/files rows exist for what is materialized.
        store.set_files(every)
        records = [r for r in every if r.file_name in wanted]
        return extract_records(
            records,
            raw_dir,
            store,
            only_changed=only_changed,
            passwords=passwords,
            workers=workers,
            timeout_seconds=timeout_seconds,
            memory_limit_mb=memory_limit_mb,
        )


def staged_tables_markdown(store: StagingStore, document_id: str) -> tuple[dict[str, int], str]:
    """Table types found (with counts) and a Markdown list of the staged tables with pages."""
    tables = store.frame("tables", document_id).sort("table_index")
    types = Counter(t or "unrecognised" for t in tables["table_type"].to_list())
    lines = ["| # | title | type | unit | pages |", "|---|---|---|---|---|"]
    for row in tables.iter_rows(named=True):
        pages = f"{row['page_first']}" + (
            f"–{row['page_last']}" if row["page_last"] != row["page_first"] else ""
        )
        lines.append(
            f"| {row['table_index']} | {row['title'] or ''} | {row['table_type'] or ''} "
            f"| {row['unit'] or ''} | {pages} |"
        )
    return dict(sorted(types.items())), "\n".join(lines)


# One asset per staging entity: the dbt source ``budget`` reads each as a table, and
# dagster-dbt keys a source table ["budget", <table>], so the lineage lines up by name.
STATUS_ENTITY = "extractions"
STAGING_ENTITIES = (*ENTITIES, STATUS_ENTITY, "files")


def staging_key(entity: str) -> dg.AssetKey:
    """The asset key of a staging entity."""
    return dg.AssetKey(["budget", entity])


def entity_metadata(store: StagingStore, entity: str, outcome: DocumentOutcome) -> dict[str, Any]:
    """What one document's materialization of one staging entity records."""
    metadata: dict[str, dg.RawMetadataValue] = {
        "document_id": outcome.document_id,
        "dagster/row_count": store.rows(entity, outcome.document_id),
        "path": dg.MetadataValue.path(str(store.path)),
    }
    if entity == STATUS_ENTITY:
        metadata |= {
            "status": outcome.status,
            "action": outcome.action,
            "sha256": outcome.sha256,
            "error_kind": outcome.error_kind or "",
            "error_message": outcome.error_message or "",
        }
    elif entity == "documents":
        metadata |= {"page_count": outcome.page_count, "tables_found": outcome.tables_found}
    elif entity == "tables":
        types, listing = staged_tables_markdown(store, outcome.document_id)
        metadata |= {
            "table_types": dg.MetadataValue.json(types),
            "tables": dg.MetadataValue.md(listing),
        }
    return metadata


# The staged data of the documents: materialized per partition, only for the documents that
# loaded, by the extraction step (events, not outputs: a run covers many partitions and an
# output would mark every one of them, failed documents included).
staged_entities = [
    dg.AssetSpec(
        staging_key(entity),
        group_name="staging",
        kinds={"python", "duckdb"},
        partitions_def=documents_partitions,
        description=(
            f"暂存 — the dbt source table budget.{entity} (described in "
            "dbt_project/models/staging/_budget__sources.yml): the table of that name in the "
            "staging store (<warehouse>.staging/staging.duckdb), rows keyed by document_id; "
            "materialized by extracted_document for each document that loaded."
        ),
    )
    for entity in STAGING_ENTITIES
    if entity != STATUS_ENTITY
]


# The build step's record of the documents it kept out of the marts: a table of the staging
# store the dbt models read (through the macro staged), written by the build, not extracted.
quarantine_record = dg.AssetSpec(
    staging_key("quarantine"),
    group_name="staging",
    kinds={"duckdb"},
    description=(
        "隔离 — the dbt source table budget.quarantine: the documents the last warehouse "
        "build kept out of the marts because their rows failed a data test, with the reason. "
        "Written by the build step (budgetwh_dbt_assets), read by every staging model."
    ),
)


def missing_outcome(pdf: Path) -> DocumentOutcome:
    """The outcome of a partition whose file is no longer in the raw folder."""
    return DocumentOutcome(
        document_id="",
        file_name=pdf.name,
        sha256="",
        status="failed",
        action="removed",
        error_kind="not_found",
        error_message=(
            f"{pdf.name}: not found in {pdf.parent} — the file was removed or renamed; the "
            "warehouse build drops it, and the new_or_changed_documents sensor deletes its "
            "partition on its next tick"
        ),
    )


def is_loaded(outcome: DocumentOutcome, statuses: dict[str, str]) -> bool:
    """Whether the outcome's document loaded.

    A duplicate loaded when the document it repeats did (``statuses``: the staged status of
    each document).
    """
    if outcome.status == DUPLICATE:
        return statuses.get(outcome.document_id) == LOADED
    return outcome.status == LOADED and outcome.action != "removed"


def document_loaded(
    outcome: DocumentOutcome, statuses: dict[str, str] | None = None
) -> dg.AssetCheckEvaluation:
    """The ``document_loaded`` check of the outcome's partition: fails with the recorded reason.

    Severity error: a document that did not load is shown red on its partition (a duplicate
    of a loaded document passes; ``statuses`` are the staged statuses of the documents). An
    evaluation for a named partition, not an ``AssetCheckResult``: a run over several
    partitions has no single partition key to attach a result to.
    """
    loaded = is_loaded(outcome, statuses or {})
    description = (
        f"{outcome.file_name} {outcome.action}"
        if outcome.status == LOADED
        else f"[{outcome.error_kind}] {outcome.error_message}"
    )
    if outcome.status == DUPLICATE and not loaded:
        description += " — a document that did not load"
    return dg.AssetCheckEvaluation(
        asset_key=staging_key(STATUS_ENTITY),
        check_name="document_loaded",
        passed=loaded,
        severity=dg.AssetCheckSeverity.ERROR,
        blocking=False,
        partition=outcome.file_name,
        description=description,
        metadata={
            "document_id": outcome.document_id,
            "status": outcome.status,
            "action": outcome.action,
            "sha256": outcome.sha256,
            "error_kind": outcome.error_kind or "",
            "error_message": outcome.error_message or "",
        },
    )


@dg.multi_asset(
    name="extracted_document",
    partitions_def=documents_partitions,
    # A run over many documents is one run: one extraction pool, then one dbt build.
    backfill_policy=dg.BackfillPolicy.single_run(),
    # The extraction records: every file of the run gets one (loaded, failed, duplicate …),
    # so this output is always produced and the dbt step downstream always runs.
    specs=[
        dg.AssetSpec(
            staging_key(STATUS_ENTITY),
            group_name="staging",
            kinds={"python", "duckdb"},
            description=(
                f"抽取记录 — the dbt source table budget.{STATUS_ENTITY}: one record per file "
                "of the raw folder that was read, with its status (loaded, failed, duplicate, "
                "unsupported) and reason, in the staging store (<warehouse>.staging/"
                "staging.duckdb)."
            ),
        )
    ],
    check_specs=[
        dg.AssetCheckSpec(
            "document_loaded",
            asset=staging_key(STATUS_ENTITY),
            partitions_def=documents_partitions,
            description="文件已载入 — the PDF extracted without error (else the recorded reason).",
        )
    ],
    description=(
        "部门预算文件抽取 — budget PDFs extracted (pdfplumber cell grids, titled and typed "
        "tables), cleaned (Polars) and written to the staging store, one transaction per "
        "document, with their extraction records. Partition = the PDF's file name; a run "
        "takes one partition or a range of them."
    ),
)
def extracted_document(
    context: dg.AssetExecutionContext, config: ExtractConfig, paths: BudgetPaths
):
    """Extract and stage the documents of this run's partitions, under the warehouse lock."""
    pdfs = [paths.raw_path / file_name for file_name in context.partition_keys]
    present = [pdf for pdf in pdfs if pdf.is_file()]
    # A file removed or renamed since the run was requested is that document's outcome, not
    # the run's: the others land, and the dbt step prunes the removed one from the warehouse.
    missing = [missing_outcome(pdf) for pdf in pdfs if not pdf.is_file()]
    staging = paths.staging_path
    passwords = load_passwords(paths.passwords_path)
    with warehouse_lock(
        paths.warehouse_path, wait_seconds=config.lock_wait_seconds, holder=lock_holder(context)
    ):
        outcomes = stage_documents(
            present,
            paths.raw_path,
            staging,
            passwords=passwords,
            only_changed=config.only_changed,
            workers=config.workers,
            timeout_seconds=config.timeout_seconds,
            memory_limit_mb=config.memory_limit_mb,
        )
    outcomes = sorted([*outcomes, *missing], key=lambda o: o.file_name)
    counts = Counter(o.action for o in outcomes)
    context.log.info(
        f"{len(outcomes)} documents: "
        + ", ".join(f"{n} {action}" for action, n in sorted(counts.items()))
    )
    # A document's data is materialized only when it loaded (or is a duplicate of one): a
    # failed document's data partitions stay unmaterialized and its check red, so the UI
    # tells the truth about each file; its extraction record (below) exists either way.
    with StagingStore(staging, read_only=True) as store:
        statuses = {doc: r["status"] for doc, r in store.extractions().items()}
        for outcome in outcomes:
            if not is_loaded(outcome, statuses):
                context.log.warning(
                    f"{outcome.file_name} not loaded: {outcome.error_kind} — "
                    f"{outcome.error_message}"
                )
                continue
            for entity in STAGING_ENTITIES:
                if entity == STATUS_ENTITY:
                    continue
                yield dg.AssetMaterialization(
                    asset_key=staging_key(entity),
                    partition=outcome.file_name,
                    metadata=entity_metadata(store, entity, outcome),
                )
    yield dg.MaterializeResult(
        asset_key=staging_key(STATUS_ENTITY),
        metadata={
            "dagster/row_count": len(outcomes),
            "actions": dg.MetadataValue.json(dict(sorted(counts.items()))),
            "path": dg.MetadataValue.path(str(store_path(staging))),
        },
    )
    for outcome in outcomes:
        yield document_loaded(outcome, statuses)
    yield from check_outputs(context.op_execution_context)
