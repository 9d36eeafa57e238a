"""Which documents a failed data test names, so one bad document never blocks the others.

A data test of the marts (a measure that must not be null, a key that must be unique …) that
fails on a document's rows says that document was read badly, not that the pipeline is
broken. The build then keeps that document out (its rows stay in staging, marked in the
store's ``quarantine`` table, and the staging models skip it) and builds again; every other
document publishes. Only a failure that names no document, or names most of them, stops the
refresh: that is the pipeline's own fault, and the previous warehouse stays.

The failing rows are found by running the test's own compiled query against the built file
(dbt's ``run_results.json`` carries it), so no audit tables are left in the warehouse.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

# Failing rows quoted per test in a document's reason.
_ROWS_QUOTED = 3
# Above this share of the documents, a failing test is a fault of the pipeline, not of them.
_MOST = 0.5


@dataclass
class FailedTest:
    """A data test that failed in a build: its name, query and what it tests."""

    unique_id: str
    name: str
    compiled_sql: str
    model_relation: str | None = None
    column_name: str | None = None
    failures: int = 0
    documents: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class BuildFailure:
    """What went wrong in a dbt build, sorted into the document's fault and the pipeline's."""

    failed_tests: list[FailedTest]
    errors: list[str]


def read_failures(target_path: Path) -> BuildFailure:
    """The failed data tests and the errored nodes of the last dbt build in ``target_path``."""
    results = json.loads((Path(target_path) / "run_results.json").read_text("utf-8"))["results"]
    manifest_path = Path(target_path) / "manifest.json"
    nodes = json.loads(manifest_path.read_text("utf-8"))["nodes"] if manifest_path.exists() else {}
    failed, errors = [], []
    for result in results:
        unique_id = result.get("unique_id", "")
        status = result.get("status")
        if status == "error":
            errors.append(f"{unique_id}: {(result.get('message') or '').strip()}")
        elif status == "fail" and unique_id.startswith("test."):
            node = nodes.get(unique_id, {})
            kwargs = (node.get("test_metadata") or {}).get("kwargs") or {}
            parent = next(
                (n for n in node.get("depends_on", {}).get("nodes", []) if n.startswith("model.")),
                None,
            )
            failed.append(
                FailedTest(
                    unique_id=unique_id,
                    name=node.get("name") or unique_id.split(".")[2],
                    compiled_sql=result.get("compiled_code") or node.get("compiled_code") or "",
                    model_relation=(nodes.get(parent) or {}).get("relation_name"),
                    column_name=kwargs.get("column_name"),
                    failures=result.get("failures") or 0,
                )
            )
    return BuildFailure(failed, errors)


def _document_of(row: dict) -> str | None:
    if row.get("document_id"):
        return str(row["document_id"])
    table = row.get("table_id") or row.get("line_table_id") or row.get("performance_table_id")
    return str(table).split("#")[0] if table else None


def _describe(row: dict) -> str:
    shown = {k: v for k, v in row.items() if v is not None and k != "document_id"}
    return ", ".join(f"{k}={v}" for k, v in list(shown.items())[:6])


def documents_named(con: duckdb.DuckDBPyConnection, test: FailedTest) -> dict[str, list[str]]:
    """The documents whose rows a failed test returns, each with a few of its failing rows.

    The test's query is run as dbt ran it. Rows that carry a ``document_id`` (or a table id)
    name their document; rows that only carry the tested value (``unique``,
    ``accepted_values``, ``relationships``) are traced back through the tested model.
    """
    cur = con.execute(test.compiled_sql)
    columns = [d[0] for d in cur.description]
    rows = [dict(zip(columns, r, strict=True)) for r in cur.fetchall()]
    found: dict[str, list[str]] = defaultdict(list)
    untraced = []
    for row in rows:
        doc = _document_of(row)
        if doc:
            found[doc].append(_describe(row))
        else:
            untraced.append(row)
    if untraced and test.model_relation and test.column_name:
        column, model = test.column_name, test.model_relation
        values = [next(iter(row.values())) for row in untraced]
        traced = con.execute(
            f"select document_id, {column} from {model} where {column} in (select unnest(?))",
            [[v for v in values if v is not None]],
        ).fetchall()
        if any(v is None for v in values):  # a not_null test returns the nulls it found
            traced += con.execute(
                f"select document_id, {column} from {model} where {column} is null"
            ).fetchall()
        for doc, value in traced:
            if doc is not None:
                found[str(doc)].append(f"{column}={value}")
    return dict(found)


def quarantine_reasons(
    build_path: Path, failure: BuildFailure, staging_store: Path, documents_total: int
) -> dict[str, str]:
    """The documents to keep out, each with a reason naming the tests and rows.

    Raises:
        RuntimeError: a node errored, a failed test names no document, or a test names most
            documents — the pipeline's fault: nothing is quarantined and nothing published.
    """
    if failure.errors:
        raise RuntimeError("dbt build failed: " + " | ".join(failure.errors[:5]))
    reasons: dict[str, list[str]] = defaultdict(list)
    con = duckdb.connect(str(build_path), read_only=True)
    try:
        con.execute(f"attach '{staging_store}' as staging (read_only)")
        for test in failure.failed_tests:
            named = documents_named(con, test)
            if not named:
                raise RuntimeError(
                    f"dbt test {test.name} failed ({test.failures} rows) without naming a "
                    "document: a fault of the pipeline, not of a document"
                )
            if len(named) > 1 and len(named) > _MOST * documents_total:
                raise RuntimeError(
                    f"dbt test {test.name} failed for {len(named)} of {documents_total} "
                    "documents: a fault of the pipeline, not of the documents"
                )
            for doc, rows in named.items():
                quoted = "; ".join(rows[:_ROWS_QUOTED])
                more = f" (+{len(rows) - _ROWS_QUOTED} more)" if len(rows) > _ROWS_QUOTED else ""
                reasons[doc].append(
                    f"data test {test.name} failed on {len(rows)} rows: {quoted}{more}"
                )
    finally:
        con.close()
    return {doc: " | ".join(parts) for doc, parts in reasons.items()}
