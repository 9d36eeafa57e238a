"""Extraction as a Dagster asset: one partition per document, many documents per run.

The asset is thin: it runs the CLI's own extraction (:func:`pipelines.refresh.extract_documents`:
the same process pool, each document under the same time and memory bounds, a crashed worker
retried alone) and records the same ``document_status`` rows, so a document staged by Dagster
and one staged by ``budgetwh refresh`` are identical. It holds the warehouse lock while it
writes staging files, as the CLI does.

A run covers one partition or a range of them (``BackfillPolicy.single_run``): the schedule
and the sensor request one run for all the documents they want refreshed, so the warehouse is
rebuilt once per run, not once per document. A bad document is a recorded outcome (status
``failed``, its own ``document_loaded`` check warns), not a failed run: the warehouse still
rebuilds with every other document. So is a file removed between the request and the run
(``not_found``; the dbt step then prunes it).
"""

from collections import Counter
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl

from pipelines.defs.lock import DEFAULT_LOCK_WAIT_SECONDS, lock_holder, warehouse_lock
from pipelines.defs.partitions import check_outputs, documents_partitions
from pipelines.defs.resources import BudgetPaths
from pipelines.refresh import (
    DEFAULT_MEMORY_LIMIT_MB,
    DEFAULT_TIMEOUT_SECONDS,
    STATUS_ENTITY,
    DocumentOutcome,
    clean_stale_files,
    extract_documents,
    load_passwords,
    read_status,
    write_empty_schemas,
)
from pipelines.staging.write import ENTITIES


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
    staging_dir: Path,
    *,
    passwords: dict[str, str],
    only_changed: bool,
    workers: int | None,
    timeout_seconds: int,
    memory_limit_mb: int,
) -> list[DocumentOutcome]:
    """Extract PDFs into the staging folder exactly as ``budgetwh refresh`` does.

    The staging folder is prepared as the CLI prepares it (half-written files of a killed
    refresh removed, empty schemas written), then the CLI's extraction runs on these files.
    Call it under the warehouse lock. Removed documents are not pruned here: the dbt step
    does that before it builds.
    """
    staging_dir.mkdir(parents=True, exist_ok=True)
    clean_stale_files(staging_dir)
    write_empty_schemas(staging_dir)
    return extract_documents(
        pdfs,
        staging_dir,
        read_status(staging_dir),
        only_changed=only_changed,
        passwords=passwords,
        workers=workers,
        timeout_seconds=timeout_seconds,
        memory_limit_mb=memory_limit_mb,
    )


def staged_tables_markdown(staging_dir: Path, document_id: str) -> tuple[dict[str, int], str]:
    """Table types found (with counts) and a Markdown list of the staged tables with pages."""
    path = staging_dir / "tables" / f"{document_id}.parquet"
    if not path.exists():
        return {}, ""
    tables = pl.read_parquet(path).sort("table_index")
    types = Counter(t or "unrecognised" for t in tables["table_type"].to_list())
    lines = ["| # | title | type | pages |", "|---|---|---|---|"]
    for row in tables.iter_rows(named=True):
        pages = f"{row['page_first']}" + (
            f"–{row['page_last']}" if row["page_last"] != row["page_first"] else ""
        )
        lines.append(
            f"| {row['table_index']} | {row['title'] or ''} | {row['table_type'] or ''} | {pages} |"
        )
    return dict(sorted(types.items())), "\n".join(lines)


def staged_row_count(staging_dir: Path, entity: str, document_id: str) -> int:
    """Rows this document contributes to one staging entity (0 when it has no file)."""
    path = staging_dir / entity / f"{document_id}.parquet"
    return pl.scan_parquet(path).select(pl.len()).collect().item() if path.exists() else 0


# One asset per staging entity: the dbt source ``budget`` reads each as a table, and
# dagster-dbt keys a source table ["budget", <table>], so the lineage lines up by name.
STAGING_ENTITIES = (*ENTITIES, STATUS_ENTITY)


def staging_key(entity: str) -> dg.AssetKey:
    """The asset key of a staging entity."""
    return dg.AssetKey(["budget", entity])


def entity_metadata(staging_dir: Path, entity: str, outcome: DocumentOutcome) -> dict[str, Any]:
    """What one document's materialization of one staging entity records."""
    metadata: dict[str, dg.RawMetadataValue] = {
        "document_id": outcome.document_id,
        "dagster/row_count": staged_row_count(staging_dir, entity, outcome.document_id),
        "path": dg.MetadataValue.path(str(staging_dir / entity / f"{outcome.document_id}.parquet")),
    }
    if entity == STATUS_ENTITY:
        metadata |= {
            "status": outcome.status,
            "action": outcome.action,
            "sha256": outcome.sha256,
            "error_kind": outcome.error_kind or "",
            "error_message": outcome.error_message or "",
        }
    elif entity == "documents" and outcome.status == "loaded":
        metadata |= {"page_count": outcome.page_count, "tables_found": outcome.tables_found}
    elif entity == "tables" and outcome.status == "loaded":
        types, listing = staged_tables_markdown(staging_dir, outcome.document_id)
        metadata |= {
            "table_types": dg.MetadataValue.json(types),
            "tables": dg.MetadataValue.md(listing),
        }
    return metadata


def missing_outcome(pdf: Path) -> DocumentOutcome:
    """The outcome of a partition whose file is no longer in the raw folder."""
    return DocumentOutcome(
        document_id=pdf.stem,
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


def document_loaded(outcome: DocumentOutcome) -> dg.AssetCheckEvaluation:
    """The ``document_loaded`` check of the outcome's partition: warns with the recorded reason.

    An evaluation for a named partition, not an ``AssetCheckResult``: a run over several
    partitions has no single partition key to attach a result to.
    """
    return dg.AssetCheckEvaluation(
        asset_key=staging_key(STATUS_ENTITY),
        check_name="document_loaded",
        passed=outcome.status == "loaded",
        severity=dg.AssetCheckSeverity.WARN,
        blocking=False,
        partition=outcome.file_name,
        description=(
            f"{outcome.file_name} {outcome.action}"
            if outcome.status == "loaded"
            else f"[{outcome.error_kind}] {outcome.error_message}"
        ),
        metadata={
            "error_kind": outcome.error_kind or "",
            "error_message": outcome.error_message or "",
        },
    )


@dg.multi_asset(
    name="extracted_document",
    partitions_def=documents_partitions,
    # A run over many documents is one run: one extraction pool, then one dbt build.
    backfill_policy=dg.BackfillPolicy.single_run(),
    specs=[
        dg.AssetSpec(
            staging_key(entity),
            group_name="staging",
            kinds={"python", "parquet"},
            description=(
                f"暂存 — the dbt source table budget.{entity} (described in "
                "dbt_project/models/staging/_budget__sources.yml): one Parquet file per "
                f"document at <staging>/{entity}/<document_id>.parquet."
            ),
        )
        for entity in STAGING_ENTITIES
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
        "tables), cleaned (Polars) and written as per-document staging Parquet, plus their "
        "document_status rows. Partition = the PDF's file name; a run takes one partition or "
        "a range of them."
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
            staging,
            passwords=passwords,
            only_changed=config.only_changed,
            workers=config.workers,
            timeout_seconds=config.timeout_seconds,
            memory_limit_mb=config.memory_limit_mb,
        )
    outcomes = sorted([*outcomes, *missing], key=lambda o: o.document_id)
    counts = Counter(o.action for o in outcomes)
    context.log.info(
        f"{len(outcomes)} documents: "
        + ", ".join(f"{n} {action}" for action, n in sorted(counts.items()))
    )
    for outcome in outcomes:
        if outcome.status == "failed":
            context.log.warning(
                f"{outcome.file_name} failed: {outcome.error_kind} — {outcome.error_message}"
            )
        for entity in STAGING_ENTITIES:
            context.add_asset_metadata(
                entity_metadata(staging, entity, outcome),
                asset_key=staging_key(entity),
                partition_key=outcome.file_name,
            )
    # One result per entity; Dagster records it for every partition of the run, each with the
    # metadata added for that partition above.
    for entity in STAGING_ENTITIES:
        yield dg.MaterializeResult(asset_key=staging_key(entity))
    for outcome in outcomes:
        yield document_loaded(outcome)
    yield from check_outputs(context.op_execution_context)
