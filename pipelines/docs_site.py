"""The dbt docs site of the warehouse: generate it (``dbt docs generate``) and serve it.

The site is dbt's own: ``index.html`` (the single-page app), ``manifest.json`` (models,
descriptions, lineage) and ``catalog.json`` (the tables' actual columns and types, read from
the warehouse). dbt opens its database read-write to read the catalog, and analysts keep the
published file open while refreshes publish a new one: so the catalog is read from a copy of
the warehouse in a temporary folder, never from the published file.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipelines.refresh import prepare_store
from pipelines.staging.store import StagingStore, store_path
from pipelines.warehouse import DBT_PROJECT_DIR, dbt_env, run_dbt

SITE_FILES = ("index.html", "manifest.json", "catalog.json")


def docs_generate_args(target_path: Path, log_path: Path) -> list[str]:
    """Arguments of ``dbt docs generate`` writing into ``target_path`` (never the project's).

    Other dbt runs (refreshes, parses) use the project's own ``target/``; a separate target and
    log path keeps concurrent runs from overwriting each other's manifest.
    """
    return [
        "docs",
        "generate",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target_path),
        "--log-path",
        str(log_path),
        "--quiet",
    ]


def generate_site(warehouse: Path, out_dir: Path, staging_dir: Path | None = None) -> Path:
    """Write the static docs site of ``warehouse`` into ``out_dir``.

    Args:
        warehouse: The published DuckDB file the catalog describes. Only copied, never opened.
        out_dir: Folder that receives ``index.html``, ``manifest.json`` and ``catalog.json``
            (created if missing; those three files are replaced).
        staging_dir: Staging folder of the warehouse, whose store dbt attaches for the source
            tables; an empty store is used when it is absent.

    Returns:
        ``out_dir``.

    Raises:
        FileNotFoundError: ``warehouse`` does not exist.
        RuntimeError: dbt failed (its message is included).
    """
    warehouse = Path(warehouse)
    if not warehouse.is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `budgetwh refresh` first")
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="budgetwh-docs-") as tmp:
        work = Path(tmp)
        # Same file name: DuckDB names the catalog after the file stem, and the docs should
        # show the database name analysts see.
        copy = work / "db" / warehouse.name
        copy.parent.mkdir()
        shutil.copyfile(warehouse, copy)
        staging = Path(staging_dir) if staging_dir else work
        if not store_path(staging).is_file():
            staging = work
            with StagingStore(staging) as store:
                prepare_store(store)
        target = work / "target"
        run_dbt(docs_generate_args(target, work / "logs"), dbt_env(staging, copy))
        missing = [name for name in SITE_FILES if not (target / name).is_file()]
        if missing:
            raise RuntimeError(f"dbt docs generate wrote no {', '.join(missing)} in {target}")
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in SITE_FILES:
            shutil.copyfile(target / name, out_dir / name)
    return out_dir


def site_server(site_dir: Path, host: str = "127.0.0.1", port: int = 8080) -> ThreadingHTTPServer:
    """An HTTP server for the site folder (not started); port 0 picks a free port.

    dbt's ``index.html`` fetches ``manifest.json`` and ``catalog.json`` over HTTP, so the site
    needs a server rather than a ``file://`` URL.
    """
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"no docs site in {site_dir}: run `budgetwh docs --out {site_dir}`")

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Keep the terminal quiet: one line per request is noise for a local viewer."""

    handler = functools.partial(QuietHandler, directory=str(site_dir))
    return ThreadingHTTPServer((host, port), handler)
