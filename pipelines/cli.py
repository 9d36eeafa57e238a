"""``budgetwh``: refresh the warehouse, inspect documents, query it.

Every command takes ``--raw-dir`` and ``--warehouse``; errors print one clear line (no
traceback) and exit non-zero.
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Budget disclosures (部门预算公开 PDFs) to a reconciled DuckDB warehouse.",
)
console = Console(stderr=True)
out = Console()

RawDir = Annotated[Path, typer.Option("--raw-dir", help="Folder of budget PDFs.")]
Warehouse = Annotated[Path, typer.Option("--warehouse", help="Published DuckDB file.")]
DEFAULT_RAW = Path("data/raw")
DEFAULT_WAREHOUSE = Path("data/marts/warehouse.duckdb")


def staging_dir_for(warehouse: Path) -> Path:
    """Staging Parquet lives beside the marts folder (``data/staging`` by default)."""
    return Path(warehouse).resolve().parent.parent / "staging"


def _fail(message: str) -> None:
    console.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code=2)


def _extract(raw_dir: Path, staging: Path, passwords: Path | None, workers: int | None):
    from pipelines.refresh import extract_changed, load_passwords

    if not raw_dir.is_dir():
        _fail(f"raw folder {raw_dir} does not exist")

    def show(outcome) -> None:
        colour = {"extracted": "green", "unchanged": "dim", "failed": "red"}[outcome.action]
        detail = f" — {outcome.error_kind}: {outcome.error_message}" if outcome.error_kind else ""
        console.print(f"  [{colour}]{outcome.action:9}[/] {outcome.file_name}{detail}")

    return extract_changed(
        raw_dir, staging, passwords=load_passwords(passwords), workers=workers, on_document=show
    )


@app.command()
def refresh(
    raw_dir: RawDir = DEFAULT_RAW,
    warehouse: Warehouse = DEFAULT_WAREHOUSE,
    passwords: Annotated[
        Path | None, typer.Option(help="JSON file {file name: password} for encrypted PDFs.")
    ] = None,
    workers: Annotated[int | None, typer.Option(help="Extraction processes.")] = None,
    wait: Annotated[float, typer.Option(help="Seconds to wait for a running refresh.")] = 0.0,
) -> None:
    """Extract new and changed PDFs, rebuild the warehouse with dbt, publish it atomically."""
    from pipelines.warehouse import (
        RefreshBusy,
        build_path_for,
        build_warehouse,
        publish,
        refresh_lock,
    )

    staging = staging_dir_for(warehouse)
    try:
        with refresh_lock(warehouse, wait_seconds=wait):
            console.print(f"[bold]Extracting[/] {raw_dir} → {staging}")
            summary = _extract(raw_dir, staging, passwords, workers)
            console.print("[bold]Building[/] the warehouse with dbt")
            build = build_path_for(warehouse)
            build_warehouse(staging, build)
            publish(build, warehouse)
    except RefreshBusy as exc:
        _fail(str(exc))
    except (OSError, RuntimeError, ValueError) as exc:
        _fail(str(exc))
    failing = _failing_checks(warehouse)
    console.print(
        f"[bold]Published[/] {warehouse}: "
        f"{len(summary.by_action('extracted'))} extracted, "
        f"{len(summary.by_action('unchanged'))} unchanged, "
        f"{len(summary.removed)} removed, {len(summary.failed)} failed"
        + (f", {failing} checks failing" if failing is not None else "")
    )
    if summary.failed:
        for o in summary.failed:
            console.print(f"  [red]failed[/] {o.file_name}: {o.error_kind} — {o.error_message}")
        raise typer.Exit(code=1)


def _failing_checks(warehouse: Path) -> int | None:
    import duckdb

    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return con.execute(
                "select count(*) from fct_reconciliation where status = 'fail'"
            ).fetchone()[0]
    except duckdb.Error:
        return None


@app.command()
def extract(
    raw_dir: RawDir = DEFAULT_RAW,
    out_dir: Annotated[Path, typer.Option("--out", help="Staging folder to write.")] = Path(
        "data/staging"
    ),
    passwords: Annotated[Path | None, typer.Option(help="JSON passwords file.")] = None,
    workers: Annotated[int | None, typer.Option(help="Extraction processes.")] = None,
) -> None:
    """Extraction and cleaning only: write the per-document staging Parquet."""
    summary = _extract(raw_dir, out_dir, passwords, workers)
    console.print(
        f"{len(summary.by_action('extracted'))} extracted, "
        f"{len(summary.by_action('unchanged'))} unchanged, {len(summary.failed)} failed"
    )
    if summary.failed:
        raise typer.Exit(code=1)


@app.command()
def add(
    files: Annotated[list[Path], typer.Argument(help="PDFs to add.")],
    raw_dir: RawDir = DEFAULT_RAW,
) -> None:
    """Copy documents into the raw folder (picked up by the next refresh)."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    for f in files:
        if not f.is_file():
            _fail(f"{f}: no such file")
        shutil.copy2(f, raw_dir / f.name)
        console.print(f"added {f.name}")


def _connect(warehouse: Path):
    import duckdb

    if not warehouse.exists():
        _fail(f"no warehouse at {warehouse}: run `budgetwh refresh` first")
    return duckdb.connect(str(warehouse), read_only=True)


@app.command()
def status(
    raw_dir: RawDir = DEFAULT_RAW,
    warehouse: Warehouse = DEFAULT_WAREHOUSE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List documents with status, sha256 and extracted_at."""
    with _connect(warehouse) as con:
        cur = con.execute("select * from document_status order by document_id")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    if as_json:
        out.print_json(json.dumps(rows, default=lambda v: v.isoformat()
                                  if isinstance(v, datetime) else str(v), ensure_ascii=False))
        return
    table = Table("document", "status", "error", "sha256", "extracted_at")
    for r in rows:
        table.add_row(r["document_id"], r["status"], r["error_kind"] or "",
                      r["sha256"][:12], str(r["extracted_at"]))
    out.print(table)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run read-only.")],
    warehouse: Warehouse = DEFAULT_WAREHOUSE,
    raw_dir: RawDir = DEFAULT_RAW,
) -> None:
    """Run one query against the warehouse, read-only."""
    import duckdb

    with _connect(warehouse) as con:
        try:
            cur = con.execute(query)
            names = [d[0] for d in cur.description or []]
            result = cur.fetchall() if names else []
        except duckdb.Error as exc:
            _fail(str(exc).splitlines()[0])
        if not names:
            return
        table = Table(*names)
        for row in result:
            table.add_row(*("" if v is None else str(v) for v in row))
        out.print(table)


@app.command()
def shell(
    warehouse: Warehouse = DEFAULT_WAREHOUSE,
    raw_dir: RawDir = DEFAULT_RAW,
) -> None:
    """An interactive read-only SQL prompt on the warehouse."""
    with _connect(warehouse) as con:
        console.print("read-only SQL on the warehouse; end with ; — Ctrl-D to quit")
        buffer = ""
        while True:
            try:
                line = input("budgetwh> " if not buffer else "      ...> ")
            except EOFError:
                break
            buffer += line + "\n"
            if buffer.strip().endswith(";"):
                try:
                    con.sql(buffer).show()
                except Exception as exc:  # keep the prompt alive on a bad query
                    console.print(f"[red]{str(exc).splitlines()[0]}[/]")
                buffer = ""


def main() -> None:
    """Entry point of the ``budgetwh`` script."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
