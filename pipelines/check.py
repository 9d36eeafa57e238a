"""``budgetwh check``: each document's failing reconciliation checks, with page numbers.

The checks themselves run in dbt (models/intermediate/reconciliation → ``fct_reconciliation``); this
module only reads that table from a published warehouse and prints the failures, grouped
by document, majors first. Reading is split from printing so both are testable.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

# A document is asked for by its id, its name (file name without .pdf) or its file name.
_DOCUMENTS = """
    select document_id, document_name from dim_document
    where $document is null
        or $document in (document_id, document_name, document_name || '.pdf')
"""
_QUERY = f"""
    select f.document_id, f.check_id, f.check_name, f.location, f.expected_10k_yuan,
        f.printed_10k_yuan, f.difference_10k_yuan, f.severity
    from fct_reconciliation as f
    inner join ({_DOCUMENTS}) as d on d.document_id = f.document_id
    where f.status = 'fail'
        and ($major_only = false or f.severity = 'major')
    order by d.document_name, case f.severity when 'major' then 0 else 1 end, f.location
"""
_COVERAGE = f"""
    select f.document_id, count(*) as evaluated, count(*) filter (where f.status = 'fail'),
        any_value(d.document_name)
    from fct_reconciliation as f
    inner join ({_DOCUMENTS}) as d on d.document_id = f.document_id
    group by f.document_id
    order by any_value(d.document_name)
"""


class Coverage(dict):
    """``{document_id: (checks evaluated, checks failed)}``, with ``names``: id → name."""

    names: dict[str, str]


class CheckError(Exception):
    """The warehouse cannot be read for reconciliation findings (one line for the user)."""


@dataclass(frozen=True)
class Finding:
    """One failing check of one document."""

    document_id: str
    check_id: str
    check_name: str
    location: str
    expected_10k_yuan: Decimal | None
    printed_10k_yuan: Decimal | None
    difference_10k_yuan: Decimal | None
    severity: str


def read_findings(
    warehouse: Path, document: str | None = None, major_only: bool = False
) -> tuple[list[Finding], dict[str, tuple[int, int]]]:
    """Failing checks and per-document coverage (checks evaluated, checks failed).

    ``document`` is a document_id, a document name or a file name; ``names`` (on the
    returned coverage's ``names`` attribute) maps each id to its name.

    Raises:
        CheckError: no warehouse file, it cannot be opened, it has no fct_reconciliation,
            or the requested document is not in it.
    """
    import duckdb

    if not Path(warehouse).is_file():
        raise CheckError(f"no warehouse at {warehouse}: run `budgetwh refresh` first")
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        raise CheckError(f"cannot open {warehouse}: {str(exc).splitlines()[0]}") from exc
    try:
        params = {"document": document, "major_only": major_only}
        try:
            rows = con.execute(_QUERY, params).fetchall()
            counted = con.execute(_COVERAGE, {"document": document}).fetchall()
            coverage = Coverage({doc: (evaluated, failed) for doc, evaluated, failed, _ in counted})
            coverage.names = {doc: name for doc, _, _, name in counted}
        except duckdb.CatalogException as exc:
            raise CheckError(
                f"{warehouse} has no fct_reconciliation table: rebuild it with `budgetwh refresh`"
            ) from exc
    finally:
        con.close()
    if document is not None and not coverage:
        raise CheckError(f"document {document!r} has no reconciliation results in {warehouse}")
    return [Finding(*row) for row in rows], coverage


def _amount(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def format_findings(
    findings: list[Finding], coverage: dict[str, tuple[int, int]]
) -> list[str]:
    """Report lines: a heading per document (checks evaluated / failed), then its findings."""
    lines: list[str] = []
    by_document: dict[str, list[Finding]] = {}
    for finding in findings:
        by_document.setdefault(finding.document_id, []).append(finding)
    names = getattr(coverage, "names", {})
    for document_id, (evaluated, failed) in coverage.items():
        name = names.get(document_id)
        heading = f"{name} ({document_id})" if name else document_id
        lines.append(f"{heading}: {failed} of {evaluated} checks fail")
        for f in by_document.get(document_id, []):
            amounts = ""
            if f.expected_10k_yuan is not None or f.printed_10k_yuan is not None:
                amounts = (
                    f" — expected {_amount(f.expected_10k_yuan)}, printed "
                    f"{_amount(f.printed_10k_yuan)} (difference {_amount(f.difference_10k_yuan)})"
                    " 万元"
                )
            lines.append(f"  [{f.severity}] {f.check_name}: {f.location}{amounts}")
    return lines


def check(
    warehouse: Annotated[
        Path, typer.Option("--warehouse", help="Published DuckDB file.")
    ] = Path("data/marts/warehouse.duckdb"),
    document: Annotated[
        str | None, typer.Option(
            "--document", help="Only this document: its name (file name), or document_id."
        )
    ] = None,
    major_only: Annotated[
        bool, typer.Option("--major-only", help="Hide rounding (minor) differences.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any major check fails.")
    ] = False,
) -> None:
    """Print each document's failing reconciliation checks with their pages."""
    err = Console(stderr=True)
    try:
        findings, coverage = read_findings(warehouse, document, major_only)
    except CheckError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(code=2) from None
    out = Console()
    for line in format_findings(findings, coverage):
        out.print(escape(line), soft_wrap=True, highlight=False)
    if strict and any(f.severity == "major" for f in findings):
        raise typer.Exit(code=1)
