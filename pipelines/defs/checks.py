"""Reconciliation findings as asset checks on each document's partition.

``fct_reconciliation`` (dbt) re-adds every printed total from its parts and compares the
tables with each other. Its failures are findings about a document — the publisher's
arithmetic — not failures of the pipeline, so the checks warn and never block. A document
passes when none of its failing checks is ``major`` (a ``minor`` failure is a rounding
difference of at most 0.01 万元).

The check reads the published warehouse after the dbt step of the same run. Until the
reconciliation model exists in the warehouse the check passes with ``not built yet``
metadata rather than failing for a reason that is no finding about the document.
"""

from pathlib import Path

import dagster as dg
import duckdb

from pipelines.defs.assets import STATUS_ENTITY, staging_key
from pipelines.defs.dbt import budgetwh_dbt_assets
from pipelines.defs.partitions import check_outputs, documents_partitions
from pipelines.defs.resources import BudgetPaths

RECONCILIATION_TABLE = "fct_reconciliation"
FINDING_COLUMNS = (
    "check_id",
    "check_name",
    "location",
    "expected_10k_yuan",
    "printed_10k_yuan",
    "difference_10k_yuan",
    "severity",
)


def failing_checks(warehouse: Path, document_id: str) -> list[dict] | None:
    """The document's failing reconciliation rows; ``None`` when the table is not built yet."""
    if not Path(warehouse).exists():
        return None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = con.execute(
            "select count(*) from information_schema.tables where table_name = ?",
            [RECONCILIATION_TABLE],
        ).fetchall()[0][0]
        if not present:
            return None
        cursor = con.execute(
            f"select {', '.join(FINDING_COLUMNS)} from {RECONCILIATION_TABLE} "
            "where document_id = ? and status = 'fail' "
            "order by severity, check_id, location",
            [document_id],
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def findings_markdown(rows: list[dict]) -> str:
    """A Markdown table of failing checks, each with where it is printed (location, page)."""
    lines = [
        "| severity | check | location | expected 万元 | printed 万元 | difference |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['severity']} | {r['check_name'] or r['check_id']} | {r['location']} | "
            f"{_fmt(r['expected_10k_yuan'])} | {_fmt(r['printed_10k_yuan'])} | "
            f"{_fmt(r['difference_10k_yuan'])} |"
        )
    return "\n".join(lines)


def _fmt(value) -> str:
    return "" if value is None else str(value)


def documents_of_files(warehouse: Path) -> dict[str, tuple[str, str, str | None]]:
    """``{file name: (document_id, status, error_message)}`` from document_status.

    Empty before a warehouse is published.
    """
    if not Path(warehouse).exists():
        return {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = con.execute(
            "select count(*) from information_schema.tables where table_name = 'document_status'"
        ).fetchall()[0][0]
        if not present:
            return {}
        rows = con.execute(
            "select file_name, document_id, status, error_message from document_status"
        ).fetchall()
    return {name: (doc, status, message) for name, doc, status, message in rows}


def quarantined_result(document_id: str, partition: str, reason: str | None):
    """A document the build kept out of the marts: red on its partition, with the reason."""
    return dg.AssetCheckEvaluation(
        asset_key=staging_key(STATUS_ENTITY),
        check_name="reconciles",
        severity=dg.AssetCheckSeverity.ERROR,
        blocking=False,
        partition=partition,
        passed=False,
        description=f"quarantined: {reason}",
        metadata={"document_id": document_id, "status": "quarantined"},
    )


def reconciliation_result(
    rows: list[dict] | None, document_id: str, partition: str, *, loaded: bool = True
) -> dg.AssetCheckEvaluation:
    """Pass unless a failing check is major; list every failing check in the metadata.

    A document that is not in the warehouse has nothing that reconciles: it fails (its
    ``document_loaded`` check says why). An evaluation for a named partition (the PDF's file
    name): a run over several documents checks each one.
    """
    common = {
        "asset_key": staging_key(STATUS_ENTITY),
        "check_name": "reconciles",
        "severity": dg.AssetCheckSeverity.WARN,
        "blocking": False,
        "partition": partition,
    }
    if rows is None:
        return dg.AssetCheckEvaluation(
            **common,
            passed=loaded,
            description=(
                f"{RECONCILIATION_TABLE} not built yet: nothing to check"
                if loaded
                else "the document is not in the warehouse: nothing of it is checked"
            ),
            metadata={"status": "not built yet" if loaded else "not loaded",
                      "document_id": document_id},
        )
    major = [r for r in rows if r["severity"] == "major"]
    return dg.AssetCheckEvaluation(
        **common,
        passed=not major,
        description=(
            f"{len(major)} major and {len(rows) - len(major)} minor reconciliation failures"
            if rows
            else "every reconciliation check passes"
        ),
        metadata={
            "document_id": document_id,
            "failing_major": len(major),
            "failing_minor": len(rows) - len(major),
            "failing_checks": dg.MetadataValue.md(findings_markdown(rows) if rows else "none"),
        },
    )


@dg.asset_check(
    asset=staging_key(STATUS_ENTITY),
    name="reconciles",
    partitions_def=documents_partitions,
    # After the warehouse is rebuilt in the same run, so the check reads this extraction.
    additional_deps=list(budgetwh_dbt_assets.keys),
    description=(
        "勾稽关系 — no major failure among the document's reconciliation checks "
        "(fct_reconciliation: totals = sum of parts, tables agree with each other)."
    ),
)
def reconciles(context: dg.AssetCheckExecutionContext, paths: BudgetPaths):
    """Read each document's failing reconciliation checks from the published warehouse."""
    documents = documents_of_files(paths.warehouse_path)
    # A duplicate file is checked as the document it repeats (its primary file's row).
    primaries = {doc: (doc, status, reason) for doc, status, reason in documents.values()
                 if status != "duplicate"}
    for file_name in context.partition_keys:
        document_id, status, reason = documents.get(file_name, ("", None, None))
        if status == "duplicate":
            document_id, status, reason = primaries.get(document_id, (document_id, None, None))
        if status == "quarantined":
            yield quarantined_result(document_id, file_name, reason)
            continue
        rows = failing_checks(paths.warehouse_path, document_id) if status == "loaded" else None
        # before any warehouse is published there is nothing to check yet
        yield reconciliation_result(
            rows, document_id, file_name, loaded=status == "loaded" or not documents
        )
    yield from check_outputs(context.op_execution_context)
