"""``budgetwh``: refresh the warehouse, inspect documents, query it.

Every command takes ``--raw-dir`` and ``--warehouse``; errors print one clear line (no
traceback) and exit non-zero.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipelines.warehouse import staging_dir_for

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Budget disclosures (部门预算公开 PDFs) to a reconciled DuckDB warehouse.",
)
console = Console(stderr=True)
out = Console()

RawDir = Annotated[Path, typer.Option("--raw-dir", help="Folder of budget PDFs.")]
Warehouse = Annotated[Path, typer.Option("--warehouse", help="Published DuckDB file.")]
StagingDir = Annotated[
    Path | None,
    typer.Option(
        "--staging-dir",
        help="Staging folder of this warehouse (default: <warehouse>.staging beside it).",
    ),
]
DEFAULT_RAW = Path("data/raw")
DEFAULT_WAREHOUSE = Path("data/marts/warehouse.duckdb")
STATUS_COLUMNS = (
    "document_id",
    "file_name",
    "sha256",
    "status",
    "error_kind",
    "error_message",
    "page_count",
    "tables_found",
    "extracted_at",
)
# How well each document was read, after the contract columns (in document_status's order).
QUALITY_COLUMNS = (
    "standard_tables_found",
    "standard_tables_missing",
    "checks_passed_pct",
    "confirmed_pct",
    "ocr_pages",
)


def _fail(message: str) -> None:
    console.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code=2)


def _extract(
    raw_dir: Path,
    staging: Path,
    passwords: Path | None,
    workers: int | None,
    timeout: float = 300,
    memory_limit: int = 4096,
):
    """Incremental extraction with a progress bar and one line per extracted/failed file."""
    from pipelines.workers import start_worker_server

    # Workers' imports then overlap with this process importing polars and reading status.
    start_worker_server()

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from pipelines.refresh import extract_changed, load_passwords

    if not raw_dir.is_dir():
        _fail(f"raw folder {raw_dir} does not exist")
    try:
        secrets = load_passwords(passwords)
    except ValueError as exc:
        _fail(str(exc))
    progress = Progress(
        TextColumn("  extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    )
    task = progress.add_task("", total=None)

    def plan(seen: int, todo: int) -> None:
        console.print(f"  {seen} files, {seen - todo} unchanged, {todo} to extract")
        progress.update(task, total=todo)
        if todo:
            progress.start()

    def show(outcome) -> None:
        if outcome.action == "unchanged" and outcome.status == "loaded":
            return  # counted in the plan line; listing them all is noise
        if outcome.action != "unchanged":
            progress.advance(task)
            progress.update(task, description=outcome.file_name)
        colour = {"extracted": "green", "unchanged": "dim", "failed": "red", "duplicate": "yellow"}[
            outcome.action
        ]
        if outcome.status == "unsupported":
            colour = "yellow"
        label = outcome.action if outcome.status != "unsupported" else "skipped"
        line = outcome.file_name
        if outcome.error_kind:
            line = escape(f"[{outcome.error_kind}] {outcome.error_message}")
        console.print(f"  [{colour}]{label:9}[/] {line}", soft_wrap=True, highlight=False)

    try:
        return extract_changed(
            raw_dir,
            staging,
            passwords=secrets,
            workers=workers,
            timeout_seconds=timeout,
            memory_limit_mb=memory_limit,
            on_plan=plan,
            on_document=show,
        )
    finally:
        progress.stop()


Passwords = Annotated[
    Path | None,
    typer.Option(help="JSON file {file name: password} for encrypted PDFs."),
]
Workers = Annotated[int | None, typer.Option(help="Extraction processes (default: CPUs).")]
Timeout = Annotated[
    float,
    typer.Option(
        help="Seconds one document may take to extract (0: no limit); a scanned document "
        "gets 10 s more per page read by OCR."
    ),
]
MemoryLimit = Annotated[
    int, typer.Option(help="Memory bound of an extraction process in MB (0: no limit).")
]


@app.command()
def refresh(
    raw_dir: RawDir = DEFAULT_RAW,
    warehouse: Warehouse = DEFAULT_WAREHOUSE,
    staging_dir: StagingDir = None,
    passwords: Passwords = None,
    workers: Workers = None,
    timeout: Timeout = 300,
    memory_limit: MemoryLimit = 4096,
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for a running refresh (default: refuse).")
    ] = 0.0,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Rebuild every model from every document (default: what changed)."
        ),
    ] = False,
) -> None:
    """Extract new and changed PDFs, rebuild what they change with dbt, publish atomically.

    Nothing is built when no document, vocabulary or model changed since the published build;
    a few changed documents are rebuilt alone (incremental models); ``--full`` rebuilds all.
    Exits 1 when any document needs attention (failed, not loadable yet, or quarantined:
    after publishing all the others), 2 on an error that stopped the refresh (the published
    warehouse is then unchanged).
    """
    from pipelines.build_plan import NOTHING, plan_build
    from pipelines.warehouse import RefreshBusy, refresh_lock, refresh_warehouse

    staging = staging_dir_for(warehouse, staging_dir)
    if not raw_dir.is_dir():
        _fail(f"raw folder {raw_dir} does not exist")
    try:
        with refresh_lock(warehouse, wait_seconds=wait):
            console.print(f"[bold]Extracting[/] {raw_dir} → {staging}", soft_wrap=True)
            summary = _extract(raw_dir, staging, passwords, workers, timeout, memory_limit)
            plan = plan_build(staging, warehouse, full=full)
            if plan.mode == NOTHING:
                console.print(f"[bold]Up to date[/]: {plan.reason} since the published build, "
                              "nothing to rebuild")
            else:
                console.print(f"[bold]Building[/] the warehouse with dbt ({plan.mode}: "
                              f"{plan.reason})", soft_wrap=True)
            built = refresh_warehouse(staging, warehouse, plan=plan)
    except RefreshBusy as exc:
        _fail(f"{exc}; retry later or pass --wait SECONDS")
    except (OSError, RuntimeError, ValueError) as exc:
        _fail(str(exc))
    console.print(
        f"[bold]{'Published' if plan.mode != NOTHING else 'Unchanged'}[/] {warehouse}: "
        f"{len(summary.by_action('extracted'))} extracted, "
        f"{len(summary.by_action('unchanged'))} unchanged, "
        f"{len(summary.removed)} removed, {len(summary.failed)} not loaded, "
        f"{len(built.quarantined)} quarantined, "
        f"{len(summary.by_action('duplicate'))} duplicates, "
        f"{_reconciliation_summary(warehouse)}",
        soft_wrap=True,
    )
    if built.batches > 1:
        console.print(f"  made the documents in {built.batches} batches, to fit DuckDB's memory",
                      soft_wrap=True)
    for name in built.warned:
        console.print(f"  [yellow]dbt test warned[/] {name}", soft_wrap=True)
    for o in summary.failed:
        label = "failed" if o.status == "failed" else o.status
        console.print(f"  [red]{label}[/] " + escape(f"[{o.error_kind}] {o.error_message}"),
                      soft_wrap=True, highlight=False)
    names = {o.document_id: o.file_name for o in summary.outcomes}
    for document, reason in built.quarantined.items():
        line = f"{names.get(document, document)}: {reason}"
        console.print("  [red]quarantined[/] " + escape(line), soft_wrap=True, highlight=False)
    if summary.failed or built.quarantined:
        raise typer.Exit(code=1)


def _reconciliation_summary(warehouse: Path) -> str:
    """How many reconciliation checks fail in the published warehouse (findings, not errors)."""
    import duckdb

    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            failing, major = con.execute(
                "select count(*), count(*) filter (where severity = 'major') "
                "from fct_reconciliation where status = 'fail'"
            ).fetchall()[0]
    except duckdb.Error:
        return "checks not available"
    return f"{failing} checks failing ({major} major; `budgetwh check` lists them)"


@app.command()
def extract(
    raw_dir: RawDir = DEFAULT_RAW,
    warehouse: Warehouse = DEFAULT_WAREHOUSE,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out", "--staging-dir", help="Staging folder to write (default: the warehouse's)."
        ),
    ] = None,
    passwords: Passwords = None,
    workers: Workers = None,
    timeout: Timeout = 300,
    memory_limit: MemoryLimit = 4096,
) -> None:
    """Extraction and cleaning only: bring the staging store up to date with the raw folder."""
    out_dir = staging_dir_for(warehouse, out_dir)
    summary = _extract(raw_dir, out_dir, passwords, workers, timeout, memory_limit)
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
    warehouse: Warehouse = DEFAULT_WAREHOUSE,  # noqa: ARG001 - every command takes it
) -> None:
    """Copy documents into the raw folder (picked up by the next refresh)."""
    for f in files:
        if not f.is_file():
            _fail(f"{f}: no such file")
        if f.suffix.lower() != ".pdf":
            _fail(f"{f}: not a .pdf file (a refresh reads only *.pdf)")
    raw_dir.mkdir(parents=True, exist_ok=True)
    for f in files:
        target = raw_dir / f.name
        existed = target.exists()
        tmp = raw_dir / f".{f.name}.adding"
        shutil.copy2(f, tmp)
        tmp.replace(target)  # a refresh running now sees the old file or the new, never half
        console.print(f"{'replaced' if existed else 'added'} {f.name}")


def _register_check() -> None:
    from pipelines.check import check

    app.command(name="check")(check)


_register_check()


def _connect(warehouse: Path):
    import duckdb

    if not warehouse.is_file():
        _fail(f"no warehouse at {warehouse}: run `budgetwh refresh` first")
    try:
        return duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        _fail(f"cannot open {warehouse}: {str(exc).splitlines()[0]}")


@app.command()
def status(
    raw_dir: RawDir = DEFAULT_RAW,
    warehouse: Warehouse = DEFAULT_WAREHOUSE,
    staging_dir: StagingDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List every file with its status and reason, and how well each document was read.

    Reads the published warehouse (what analysts see); before a refresh has published
    one, the staging store's record of the last extraction.
    """
    if warehouse.is_file():
        with _connect(warehouse) as con:
            columns = [
                c[0] for c in con.execute("describe document_status").fetchall()
                if c[0] in STATUS_COLUMNS + QUALITY_COLUMNS
            ]
            cur = con.execute(f"select {', '.join(columns)} from document_status "
                              "order by file_name")
            rows = [dict(zip(columns, r, strict=True)) for r in cur.fetchall()]
    else:
        rows = _staged_status(staging_dir_for(warehouse, staging_dir))
        if not rows:
            _fail(f"no warehouse at {warehouse}: run `budgetwh refresh` first")
    if as_json:
        text = json.dumps(rows, default=lambda v: v.isoformat()
                          if isinstance(v, datetime) else str(v), ensure_ascii=False, indent=2)
        typer.echo(text)
        return
    out.print(status_table(rows))
    for r in rows:
        missing = r.get("standard_tables_missing")
        if missing:
            out.print(f"{r['file_name']}: standard tables not found: {', '.join(missing)}",
                      soft_wrap=True, highlight=False)


def status_table(rows: list[dict]) -> Table:
    """``document_status`` rows as a table that stays readable on an 80-column terminal.

    One column per question a user asks at a glance (which file, did it load and if not
    why, how much was read, how much is confirmed); the document id, the extraction time
    and the names of the missing tables are in ``--json`` (the missing tables also under
    the table).
    """
    table = Table("file", "status", "pages", "tables", "missing", "checks ok", "confirmed",
                  box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False)
    for column in table.columns:
        folds = column.header == "file"
        column.no_wrap = not folds
        column.justify = "left" if column.header in ("file", "status") else "right"
        column.overflow = "fold"
        column.min_width = 12 if folds else None
    for r in rows:
        state = r["status"] + (f": {r['error_kind']}" if r.get("error_kind") else "")
        missing = r.get("standard_tables_missing")
        table.add_row(
            r["file_name"], state, _text(r["page_count"]), _text(r["tables_found"]),
            _text(len(missing)) if missing is not None and r["status"] == "loaded" else "",
            _percent(r.get("checks_passed_pct")), _percent(r.get("confirmed_pct")),
        )
    return table


def _percent(value) -> str:
    return "" if value is None else f"{value}%"


def _text(value) -> str:
    return "" if value is None else str(value)


def _staged_status(staging: Path) -> list[dict]:
    """document_status rows from the staging store (before anything was published)."""
    from pipelines.staging.store import StagingStore, store_path

    if not store_path(staging).is_file():
        return []
    with StagingStore(staging, read_only=True) as store:
        files, extractions = store.files(), store.extractions()
    rows = []
    for name in sorted(files):
        record = files[name]
        extraction = extractions.get(record.document_id, {})
        row = {c: extraction.get(c) for c in STATUS_COLUMNS}
        row |= {"document_id": record.document_id, "file_name": name, "sha256": record.sha256}
        if not record.is_primary:
            row |= {"status": "duplicate", "error_kind": "duplicate"}
        rows.append(row)
    return rows


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


@app.command()
def docs(
    warehouse: Warehouse = DEFAULT_WAREHOUSE,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the static site.")] = Path(
        "site"
    ),
    serve: Annotated[bool, typer.Option("--serve", help="Serve the site on 127.0.0.1.")] = False,
    port: Annotated[int, typer.Option(help="Port for --serve.")] = 8080,
    generate: Annotated[
        bool, typer.Option(help="Regenerate the site first (--no-generate serves as is).")
    ] = True,
) -> None:
    """Write the dbt docs site (index.html, manifest.json, catalog.json); --serve serves it."""
    from pipelines.docs_site import generate_site, site_server

    if generate:
        try:
            generate_site(warehouse, out_dir, staging_dir=staging_dir_for(warehouse))
        except (OSError, RuntimeError) as exc:
            _fail(str(exc))
        console.print(f"[bold]Docs site[/] written to {out_dir}")
    if not serve:
        return
    try:
        server = site_server(out_dir, port=port)
    except OSError as exc:
        _fail(str(exc))
    host, bound = server.server_address[:2]
    console.print(f"Serving http://{host}:{bound}/ — Ctrl-C to stop")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main() -> None:
    """Entry point of the ``budgetwh`` script.

    Anything a command did not turn into a clear message is a bug: it is still reported
    in one line (``BUDGETWH_DEBUG=1`` shows the traceback).
    """
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("BUDGETWH_DEBUG"):
            raise
        console.print(f"[bold red]internal error:[/] {type(exc).__name__}: {exc} "
                      "(BUDGETWH_DEBUG=1 shows the traceback)", soft_wrap=True)
        sys.exit(3)
