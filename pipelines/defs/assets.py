"""Extraction as a Dagster asset: one partition per document.

The asset is thin: it runs the CLI's own worker (:func:`pipelines.refresh.extract_and_stage`)
in a child process under the same time and memory bounds, and records the same
``document_status`` row, so a document staged by Dagster and one staged by ``budgetwh
refresh`` are identical. A bad document is a recorded outcome (status ``failed``), not a
failed run: the warehouse still rebuilds with every other document.
"""

import multiprocessing
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.defs.partitions import documents_partitions
from pipelines.defs.resources import BudgetPaths
from pipelines.extract.document import sha256_of
from pipelines.refresh import (
    DEFAULT_MEMORY_LIMIT_MB,
    DEFAULT_TIMEOUT_SECONDS,
    STATUS_ENTITY,
    DocumentOutcome,
    extract_and_stage,
    limit_memory,
    load_passwords,
    status_frame,
    write_empty_schemas,
)
from pipelines.staging.write import ENTITIES, remove_document, write_frames


class ExtractConfig(dg.Config):
    """Per-document bounds, as ``budgetwh refresh`` applies them."""

    timeout_seconds: int = DEFAULT_TIMEOUT_SECONDS
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB


def stage_document(
    pdf: Path,
    staging_dir: Path,
    *,
    password: str | None,
    timeout_seconds: int,
    memory_limit_mb: int,
) -> DocumentOutcome:
    """Extract one PDF into the staging folder and record its ``document_status`` row.

    The work runs in a spawned child: the alarm that bounds time needs a main thread of its
    own and the address-space limit must not apply to the orchestrator's process. A child
    that dies outright (segfault, killed for memory) becomes a failed outcome too.
    """
    staging_dir.mkdir(parents=True, exist_ok=True)
    write_empty_schemas(staging_dir)
    try:
        with ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=limit_memory,
            initargs=(memory_limit_mb,),
        ) as pool:
            outcome = pool.submit(
                extract_and_stage, str(pdf), str(staging_dir), password, timeout_seconds
            ).result()
    except BrokenProcessPool:
        remove_document(pdf.stem, staging_dir)
        outcome = DocumentOutcome(
            document_id=pdf.stem,
            file_name=pdf.name,
            sha256=sha256_of(pdf),
            status="failed",
            action="failed",
            error_kind="internal_error",
            error_message=f"{pdf.name}: the extraction process died (crashed or was killed)",
            extracted_at=datetime.now(UTC),
        )
    write_frames(outcome.document_id, {STATUS_ENTITY: status_frame(outcome)}, staging_dir)
    return outcome


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


@dg.multi_asset(
    name="extracted_document",
    partitions_def=documents_partitions,
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
        "部门预算文件抽取 — one budget PDF extracted (pdfplumber cell grids, titled and typed "
        "tables), cleaned (Polars) and written as per-document staging Parquet, plus its "
        "document_status row. Partition = the PDF's file name."
    ),
)
def extracted_document(
    context: dg.AssetExecutionContext, config: ExtractConfig, paths: BudgetPaths
):
    """Extract and stage the document of this partition."""
    file_name = context.partition_key
    pdf = paths.raw_path / file_name
    if not pdf.is_file():
        raise dg.Failure(
            description=(
                f"{file_name}: not found in {paths.raw_path} — the file was removed or renamed; "
                "the new_or_changed_documents sensor deletes its partition on its next tick"
            )
        )
    staging = paths.staging_path
    outcome = stage_document(
        pdf,
        staging,
        password=load_passwords(paths.passwords_path).get(file_name),
        timeout_seconds=config.timeout_seconds,
        memory_limit_mb=config.memory_limit_mb,
    )
    if outcome.status == "failed":
        context.log.warning(f"{file_name} failed: {outcome.error_kind} — {outcome.error_message}")
    for entity in STAGING_ENTITIES:
        metadata: dict[str, dg.RawMetadataValue] = {
            "document_id": outcome.document_id,
            "dagster/row_count": staged_row_count(staging, entity, outcome.document_id),
            "path": dg.MetadataValue.path(str(staging / entity / f"{outcome.document_id}.parquet")),
        }
        if entity == STATUS_ENTITY:
            metadata |= {
                "status": outcome.status,
                "sha256": outcome.sha256,
                "error_kind": outcome.error_kind or "",
                "error_message": outcome.error_message or "",
            }
        elif entity == "documents" and outcome.status == "loaded":
            metadata |= {"page_count": outcome.page_count, "tables_found": outcome.tables_found}
        elif entity == "tables" and outcome.status == "loaded":
            types, listing = staged_tables_markdown(staging, outcome.document_id)
            metadata |= {
                "table_types": dg.MetadataValue.json(types),
                "tables": dg.MetadataValue.md(listing),
            }
        yield dg.MaterializeResult(asset_key=staging_key(entity), metadata=metadata)
    yield dg.AssetCheckResult(
        asset_key=staging_key(STATUS_ENTITY),
        check_name="document_loaded",
        passed=outcome.status == "loaded",
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "error_kind": outcome.error_kind or "",
            "error_message": outcome.error_message or "",
        },
    )
