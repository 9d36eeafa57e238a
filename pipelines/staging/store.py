"""The staging store: one DuckDB file that holds every document's cleaned rows.

One table per entity (``line_items``, ``tables`` …), every row keyed by ``document_id``, plus
the store's own records: ``files`` (every PDF seen, with its hash, so an unchanged file is not
hashed again), ``extractions`` (one row per document: loaded or failed, why, with which
extractor version), ``quarantine`` (documents a build kept out of the marts, and why) and
``changed_documents`` (the documents whose rows the next dbt build makes: a batch of a full
build, or an incremental build's changed documents; see
:func:`pipelines.warehouse.build_warehouse`).

A document's rows are replaced in one transaction, so a reader never sees half a document and
a killed refresh leaves the store as it was before that document. dbt attaches the file
read-only and reads each table directly: no glob over thousands of files, and the file count
does not grow with the collection. Only the refresh's coordinating process writes (under the
warehouse lock); extraction workers hand it their frames.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.staging.layout import store_path

# The store is written a document at a time; left alone, DuckDB would keep every page it wrote
# cached (up to 80 % of RAM), and the refresh would grow with the collection.
MEMORY_LIMIT = "64MB"
FILES_SCHEMA = {
    "file_name": pl.String,
    "sha256": pl.String,
    "document_id": pl.String,
    "size_bytes": pl.Int64,
    "modified_ns": pl.Int64,
    "is_primary": pl.Boolean,
}
EXTRACTIONS_SCHEMA = {
    "document_id": pl.String,
    "sha256": pl.String,
    "file_name": pl.String,
    "status": pl.String,
    "error_kind": pl.String,
    "error_message": pl.String,
    "page_count": pl.Int32,
    "tables_found": pl.Int32,
    "extracted_at": pl.Datetime("us", "UTC"),
    "extractor_version": pl.String,
    "ocr_pages": pl.Int32,
}
QUARANTINE_SCHEMA = {
    "document_id": pl.String,
    "reason": pl.String,
    "quarantined_at": pl.Datetime("us", "UTC"),
}
CHANGED_SCHEMA = {"document_id": pl.String}
RECORDS = {
    "files": FILES_SCHEMA,
    "extractions": EXTRACTIONS_SCHEMA,
    "quarantine": QUARANTINE_SCHEMA,
    "changed_documents": CHANGED_SCHEMA,
}


@dataclass(frozen=True)
class FileRecord:
    """A file seen in the raw folder, with the hash of its bytes when it was last read."""

    file_name: str
    sha256: str
    document_id: str
    size_bytes: int
    modified_ns: int
    is_primary: bool


def _create(con: duckdb.DuckDBPyConnection, name: str, schema: dict) -> None:
    con.register("_empty", pl.DataFrame(schema=schema).to_arrow())
    try:
        con.execute(f'create table if not exists "{name}" as select * from _empty limit 0')
    finally:
        con.unregister("_empty")


def _insert(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    """Append a frame's rows to a table, columns matched by name."""
    con.register("_incoming", frame.to_arrow())
    try:
        con.execute(f'insert into "{name}" by name select * from _incoming')
    finally:
        con.unregister("_incoming")


class StagingStore:
    """Read and write the staging store of one warehouse (see the module docstring).

    Use as a context manager; ``read_only`` opens it for readers (dbt, ``budgetwh status``).
    """

    def __init__(self, staging_dir: Path, *, read_only: bool = False) -> None:
        self.path = store_path(staging_dir)
        self.read_only = read_only
        self.con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> StagingStore:
        if not self.read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(
            str(self.path), read_only=self.read_only, config={"memory_limit": MEMORY_LIMIT}
        )
        return self

    def __exit__(self, *exc) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        if self.con is None:
            raise RuntimeError("the staging store is not open (use it as a context manager)")
        return self.con

    def tables(self) -> set[str]:
        """Names of the tables the store holds."""
        rows = self._con.execute("select table_name from information_schema.tables").fetchall()
        return {r[0] for r in rows}

    def prepare(self, entity_schemas: dict[str, dict], version: str) -> bool:
        """Create missing tables; start afresh when the extractor version changed.

        Rows written by another version of the code have another shape, and every document
        is extracted again anyway (see :mod:`pipelines.staging.version`), so the entity
        tables are dropped and recreated empty; the records of files are kept (their hashes
        are still right). Returns whether the store was reset.
        """
        con = self._con
        _create(con, "store_meta", {"key": pl.String, "value": pl.String})
        rows = con.execute("select value from store_meta where key = 'version'").fetchall()
        row = rows[0] if rows else None
        reset = row is not None and row[0] != version
        with self.transaction():
            if reset:
                for name in [*entity_schemas, "extractions", "quarantine"]:
                    con.execute(f'drop table if exists "{name}"')
            for name, schema in {**RECORDS, **entity_schemas}.items():
                _create(con, name, schema)
            con.execute("delete from store_meta where key = 'version'")
            con.execute("insert into store_meta values ('version', ?)", [version])
        return reset

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic change: everything inside lands, or nothing does."""
        con = self._con
        con.execute("begin transaction")
        try:
            yield
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("commit")

    def _frame(self, sql: str, params: list | None = None) -> pl.DataFrame:
        rel = self._con.sql(sql, params=params) if params else self._con.sql(sql)
        return pl.from_arrow(rel.to_arrow_table())

    def files(self) -> dict[str, FileRecord]:
        """Every file seen, by file name."""
        if "files" not in self.tables():
            return {}
        return {
            row["file_name"]: FileRecord(**row)
            for row in self._frame("select * from files").iter_rows(named=True)
        }

    def extractions(self) -> dict[str, dict]:
        """The last extraction of every document, by document id."""
        if "extractions" not in self.tables():
            return {}
        return {
            row["document_id"]: row
            for row in self._frame("select * from extractions").iter_rows(named=True)
        }

    def quarantined(self) -> dict[str, str]:
        """Documents kept out of the marts, with the reason."""
        if "quarantine" not in self.tables():
            return {}
        return dict(self._con.execute("select document_id, reason from quarantine").fetchall())

    def set_files(self, records: list[FileRecord]) -> None:
        """Replace the record of files seen."""
        frame = pl.DataFrame([r.__dict__ for r in records], schema=FILES_SCHEMA)
        with self.transaction():
            self._con.execute("delete from files")
            _insert(self._con, "files", frame)

    def write_document(self, document_id: str, frames: dict[str, pl.DataFrame]) -> None:
        """Replace every row of a document, its extraction record included, in one step."""
        con = self._con
        with self.transaction():
            for entity in frames:
                con.execute(f'delete from "{entity}" where document_id = ?', [document_id])
            for entity, frame in frames.items():
                if frame.height:
                    _insert(con, entity, frame)

    def remove_document(self, document_id: str, entities: list[str]) -> None:
        """Delete every row of a document (its file left the raw folder)."""
        with self.transaction():
            for entity in [*entities, "extractions", "quarantine"]:
                self._con.execute(f'delete from "{entity}" where document_id = ?', [document_id])

    def set_quarantine(self, reasons: dict[str, str], when) -> None:
        """Replace the quarantine list: these documents stay out of the marts."""
        frame = pl.DataFrame(
            [{"document_id": d, "reason": r, "quarantined_at": when} for d, r in reasons.items()],
            schema=QUARANTINE_SCHEMA,
        )
        with self.transaction():
            self._con.execute("delete from quarantine")
            _insert(self._con, "quarantine", frame)

    def add_quarantine(self, reasons: dict[str, str], when) -> None:
        """Put documents on the quarantine list (replacing their earlier entry, if any)."""
        frame = pl.DataFrame(
            [{"document_id": d, "reason": r, "quarantined_at": when} for d, r in reasons.items()],
            schema=QUARANTINE_SCHEMA,
        )
        with self.transaction():
            self.release(list(reasons))
            _insert(self._con, "quarantine", frame)

    def release(self, document_ids: list[str]) -> None:
        """Take documents off the quarantine list (they changed: the build judges them anew)."""
        self._con.execute(
            "delete from quarantine where document_id in (select unnest(?::varchar[]))",
            [list(document_ids)],
        )

    def set_changed(self, document_ids: list[str]) -> None:
        """Replace the list of documents whose rows the next dbt build makes."""
        frame = pl.DataFrame({"document_id": sorted(document_ids)}, schema=CHANGED_SCHEMA)
        with self.transaction():
            self._con.execute("delete from changed_documents")
            _insert(self._con, "changed_documents", frame)

    def rows(self, entity: str, document_id: str) -> int:
        """Rows a document has in one entity."""
        return self._con.execute(
            f'select count(*) from "{entity}" where document_id = ?', [document_id]
        ).fetchall()[0][0]

    def frame(self, entity: str, document_id: str | None = None) -> pl.DataFrame:
        """An entity's rows (of one document, or all)."""
        if document_id is None:
            return self._frame(f'select * from "{entity}"')
        return self._frame(f'select * from "{entity}" where document_id = ?', [document_id])
