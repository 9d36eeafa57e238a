"""The refresh: raw folder → per-document staging (incremental) → dbt build → publish.

Documents are identified by content hash: an unchanged file is not extracted again, a
changed one is re-extracted alone, a removed one leaves the staging (and so the
warehouse). Extraction runs in a process pool, each document under time and memory
bounds, and a bad document becomes a ``failed`` row of ``document_status`` while every
other document lands. This module imports neither Dagster nor dbt at import time, so the
extract path starts fast.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines.extract.document import check_file, extract_document, sha256_of
from pipelines.extract.errors import DocumentError
from pipelines.extract.model import ExtractedDocument
from pipelines.staging.version import extractor_version
from pipelines.staging.write import (
    document_frames,
    remove_document,
    write_frames,
)
from pipelines.workers import worker_context

STATUS_ENTITY = "document_status"
STATUS_SCHEMA = {
    "document_id": pl.String,
    "file_name": pl.String,
    "sha256": pl.String,
    "status": pl.String,
    "error_kind": pl.String,
    "error_message": pl.String,
    "page_count": pl.Int32,
    "tables_found": pl.Int32,
    "extracted_at": pl.Datetime("us", "UTC"),
    # not a document_status column: which code produced the staging rows (see version.py)
    "extractor_version": pl.String,
}
DEFAULT_TIMEOUT_SECONDS = 300
DEFAULT_MEMORY_LIMIT_MB = 4096


@dataclass
class DocumentOutcome:
    """What happened to one file in a refresh."""

    document_id: str
    file_name: str
    sha256: str
    status: str  # loaded | failed
    action: str  # extracted | unchanged | failed
    error_kind: str | None = None
    error_message: str | None = None
    page_count: int | None = None
    tables_found: int | None = None
    extracted_at: datetime | None = None
    extractor_version: str = field(default_factory=extractor_version)


@dataclass
class ExtractSummary:
    """Outcome of the extraction stage of a refresh."""

    outcomes: list[DocumentOutcome] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def by_action(self, action: str) -> list[DocumentOutcome]:
        """Outcomes with the given action."""
        return [o for o in self.outcomes if o.action == action]

    @property
    def failed(self) -> list[DocumentOutcome]:
        """Documents whose status is failed (newly or unchanged)."""
        return [o for o in self.outcomes if o.status == "failed"]


def raw_files(raw_dir: Path) -> list[Path]:
    """The PDFs of the raw folder (by extension, any case), sorted by name."""
    return sorted(p for p in Path(raw_dir).iterdir() if p.is_file() and p.suffix.lower() == ".pdf")


def load_passwords(path: Path | None) -> dict[str, str]:
    """Passwords of encrypted PDFs: a JSON object keyed by file name.

    Raises:
        ValueError: the file is missing, not JSON, or not an object of strings.
    """
    if path is None:
        return {}
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"passwords file {path} does not exist")
    try:
        data = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"passwords file {path} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"passwords file {path} must be a JSON object {{file name: password}}")
    return {str(k): v for k, v in data.items()}


def read_status(staging_dir: Path) -> dict[str, dict]:
    """The last recorded status of every document, keyed by document id."""
    folder = Path(staging_dir) / STATUS_ENTITY
    if not folder.exists():
        return {}
    out = {}
    for path in folder.glob("*.parquet"):
        if path.name.startswith("_"):
            continue
        for row in pl.read_parquet(path).to_dicts():
            out[row["document_id"]] = row
    return out


def status_frame(outcome: DocumentOutcome) -> pl.DataFrame:
    """One document_status row."""
    return pl.DataFrame(
        [
            {
                "document_id": outcome.document_id,
                "file_name": outcome.file_name,
                "sha256": outcome.sha256,
                "status": outcome.status,
                "error_kind": outcome.error_kind,
                "error_message": outcome.error_message,
                "page_count": outcome.page_count,
                "tables_found": outcome.tables_found,
                "extracted_at": outcome.extracted_at,
                "extractor_version": outcome.extractor_version,
            }
        ],
        schema=STATUS_SCHEMA,
    )


def write_empty_schemas(staging_dir: Path) -> None:
    """An empty ``_schema.parquet`` per entity so dbt's globs match even with no documents."""
    empty = ExtractedDocument("_schema", "", "", 0, None, None, None)
    frames = document_frames(empty, datetime.now(UTC))
    frames = {k: v.clear() for k, v in frames.items()}
    frames[STATUS_ENTITY] = pl.DataFrame(schema=STATUS_SCHEMA)
    write_frames("_schema", frames, staging_dir)


def clean_stale_files(staging_dir: Path) -> list[Path]:
    """Remove half-written Parquet left by a killed refresh (``.<id>.parquet.tmp``)."""
    removed = []
    for tmp in Path(staging_dir).glob("*/.*.parquet.tmp"):
        tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


def die_with_parent(parent_pid: int | None = None) -> None:
    """Ask Linux to SIGKILL this process when its parent dies.

    A refresh killed with SIGKILL cannot stop its children; without this, orphaned
    extraction workers (or dbt) would go on writing staging files while the next refresh
    runs. If the parent (``parent_pid``) already died before the signal was armed, exit
    now. Elsewhere than Linux only that last check applies.
    """
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


def limit_memory(limit_mb: int, parent_pid: int | None = None) -> None:
    """Worker initialiser: die with the refresh, and bound the address space."""
    # A worker whose refresh died while it was starting would otherwise wait forever on a
    # queue no one writes.
    die_with_parent(parent_pid)
    if limit_mb > 0:
        limit = limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise TimeoutError


def extract_and_stage(
    path: str,
    staging_dir: str,
    password: str | None,
    timeout_seconds: float,
    page_workers: int = 1,
) -> DocumentOutcome:
    """Worker: extract one PDF and write its staging files; errors become a failed outcome.

    ``timeout_seconds`` bounds extraction and cleaning (a real-time timer, fractions
    allowed; 0 or less means no bound). ``page_workers`` processes may read the pages of a
    big document at once (see :func:`pipelines.extract.document.read_layouts`).
    """
    p = Path(path)
    sha = sha256_of(p)
    extracted_at = datetime.now(UTC)
    base = {"document_id": p.stem, "file_name": p.name, "sha256": sha}
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        # Not a PDF at all (empty, another format) is told from the first bytes, before
        # the clock starts: the bound is for reading documents, and the verdict on a
        # non-PDF should not depend on how busy the machine is.
        check_file(p)
        signal.setitimer(signal.ITIMER_REAL, max(float(timeout_seconds), 0.0))
        doc = extract_document(p, password=password, page_workers=page_workers)
        frames = document_frames(doc, extracted_at)
        signal.setitimer(signal.ITIMER_REAL, 0)
        write_frames(doc.document_id, frames, Path(staging_dir))
        return DocumentOutcome(
            **base,
            status="loaded",
            action="extracted",
            page_count=doc.page_count,
            tables_found=len(doc.tables),
            extracted_at=extracted_at,
        )
    except DocumentError as exc:
        kind, message = exc.kind, exc.message
    except TimeoutError:
        kind, message = "timeout", f"extraction took longer than {timeout_seconds:g} s"
    except MemoryError:
        kind, message = "memory_limit", "extraction exceeded the per-document memory limit"
    except Exception as exc:  # any other failure is this document's, not the run's
        kind, message = "internal_error", f"{type(exc).__name__}: {exc}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    remove_document(p.stem, Path(staging_dir))
    return DocumentOutcome(
        **base,
        status="failed",
        action="failed",
        error_kind=kind,
        error_message=f"{p.name}: {message}",
        extracted_at=extracted_at,
    )


def extract_changed(
    raw_dir: Path,
    staging_dir: Path,
    *,
    passwords: dict[str, str] | None = None,
    workers: int | None = None,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
    on_plan: Callable[[int, int], None] | None = None,
    on_document: Callable[[DocumentOutcome], None] | None = None,
) -> ExtractSummary:
    """Bring the staging folder in line with the raw folder, extracting only what changed.

    Args:
        raw_dir: Folder of PDFs.
        staging_dir: Per-document Parquet folder (created if missing).
        passwords: Passwords of encrypted PDFs, keyed by file name.
        workers: Extraction processes (default: one per CPU, at most one per document).
        timeout_seconds: Bound on one document's extraction (0: none).
        memory_limit_mb: Address-space bound of a worker process (0: none).
        on_plan: Called once with (files seen, files to extract) before extraction starts.
        on_document: Called with each document's outcome as it is known.
    """
    staging_dir = Path(staging_dir)
    staging_dir.mkdir(parents=True, exist_ok=True)
    clean_stale_files(staging_dir)
    write_empty_schemas(staging_dir)
    status = read_status(staging_dir)
    summary = ExtractSummary()
    files = raw_files(raw_dir)
    present = {p.stem for p in files}
    for document_id in sorted(set(status) - present):
        remove_document(document_id, staging_dir)
        (staging_dir / STATUS_ENTITY / f"{document_id}.parquet").unlink(missing_ok=True)
        summary.removed.append(document_id)
    summary.outcomes = extract_documents(
        files,
        staging_dir,
        status,
        only_changed=True,
        passwords=passwords,
        workers=workers,
        timeout_seconds=timeout_seconds,
        memory_limit_mb=memory_limit_mb,
        on_plan=on_plan,
        on_document=on_document,
    )
    return summary


def unchanged_outcome(
    path: Path, previous: dict | None, passwords: dict[str, str]
) -> DocumentOutcome | None:
    """The recorded outcome of a document whose staging is current; ``None``: extract it.

    Current means the same bytes and the same extractor version as when it was staged, and
    either it loaded or it failed with no password on offer now (a password added for a
    failed encrypted PDF is a reason to try again).
    """
    sha = sha256_of(path)
    if not (
        previous
        and previous["sha256"] == sha
        and previous.get("extractor_version") == extractor_version()
        and (previous["status"] == "loaded" or path.name not in passwords)
    ):
        return None
    return DocumentOutcome(
        document_id=path.stem,
        file_name=path.name,
        sha256=sha,
        status=previous["status"],
        action="unchanged",
        error_kind=previous["error_kind"],
        error_message=previous["error_message"],
        page_count=previous["page_count"],
        tables_found=previous["tables_found"],
        extracted_at=previous["extracted_at"],
    )


def extract_documents(
    files: list[Path],
    staging_dir: Path,
    status: dict[str, dict],
    *,
    only_changed: bool = True,
    passwords: dict[str, str] | None = None,
    workers: int | None = None,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
    on_plan: Callable[[int, int], None] | None = None,
    on_document: Callable[[DocumentOutcome], None] | None = None,
) -> list[DocumentOutcome]:
    """Extract the given PDFs into staging and record each one's ``document_status`` row.

    The extraction stage of :func:`extract_changed`, for a list of files chosen by the caller
    (the Dagster asset passes the documents of its partitions). Call it with the staging
    folder prepared (``write_empty_schemas``) and under the warehouse lock.

    Args:
        files: The PDFs.
        staging_dir: Per-document Parquet folder.
        status: The recorded ``document_status`` rows (:func:`read_status`).
        only_changed: Skip documents whose staging is current (:func:`unchanged_outcome`);
            ``False`` extracts every file again.
        passwords: Passwords of encrypted PDFs, keyed by file name.
        workers: Extraction processes (default: one per CPU, at most one per document).
        timeout_seconds: Bound on one document's extraction (0: none).
        memory_limit_mb: Address-space bound of a worker process (0: none).
        on_plan: Called once with (files given, files to extract) before extraction starts.
        on_document: Called with each document's outcome as it is known.

    Returns:
        One outcome per file, sorted by document id. A bad document is a ``failed`` outcome,
        never an exception.
    """
    staging_dir = Path(staging_dir)
    passwords = passwords or {}
    outcomes: list[DocumentOutcome] = []
    todo = []
    for path in files:
        outcome = (
            unchanged_outcome(path, status.get(path.stem), passwords) if only_changed else None
        )
        if outcome is None:
            todo.append(path)
        else:
            outcomes.append(outcome)
    if on_plan:
        on_plan(len(files), len(todo))
    if on_document:
        for outcome in outcomes:
            on_document(outcome)

    def record(outcome: DocumentOutcome) -> None:
        write_frames(outcome.document_id, {STATUS_ENTITY: status_frame(outcome)}, staging_dir)
        outcomes.append(outcome)
        if on_document:
            on_document(outcome)

    options = (staging_dir, passwords, timeout_seconds, memory_limit_mb)
    crashed = _extract_in_pool(todo, workers, *options, record)
    # A worker that dies (a crash in native PDF code, the memory bound hit outside Python)
    # breaks the whole pool: retry those documents one at a time so only the culprit fails.
    for path in crashed:
        for again in _extract_in_pool([path], 1, *options, record):
            remove_document(again.stem, staging_dir)
            message = "the extraction process died (a crash in the PDF reader, or the memory "
            record(failed_outcome(again, "crashed", message + "bound hit in native code)"))
    outcomes.sort(key=lambda o: o.document_id)
    return outcomes


def failed_outcome(path: Path, kind: str, message: str) -> DocumentOutcome:
    """The outcome of a document that failed outside the worker's own error handling."""
    return DocumentOutcome(
        document_id=path.stem,
        file_name=path.name,
        sha256=sha256_of(path),
        status="failed",
        action="failed",
        error_kind=kind,
        error_message=f"{path.name}: {message}",
        extracted_at=datetime.now(UTC),
    )


def _extract_in_pool(
    paths: list[Path],
    workers: int | None,
    staging_dir: Path,
    passwords: dict[str, str],
    timeout_seconds: float,
    memory_limit_mb: int,
    record: Callable[[DocumentOutcome], None],
) -> list[Path]:
    """Extract ``paths`` in a process pool, recording each outcome; return those it lost."""
    if not paths:
        return []
    cores = workers or os.cpu_count() or 1
    workers = max(1, min(cores, len(paths)))
    # With few documents the pool idles while the biggest one finishes: let each document
    # spread its pages over the cores (small ones stay in one process, see read_layouts).
    # With many, documents alone keep every core busy, and biggest-first keeps the tail short.
    page_workers = cores if len(paths) <= 2 * cores else 1
    paths = sorted(paths, key=lambda p: -p.stat().st_size)
    lost = []
    # Forked from a fork server that has imported the extraction code (pipelines.workers),
    # never from this process: a child forked from here would inherit Polars' thread pool
    # mid-state and can deadlock.
    context, parent_pid = worker_context()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=limit_memory,
        initargs=(memory_limit_mb, parent_pid),
    ) as pool:
        futures = [
            pool.submit(
                extract_and_stage,
                str(p),
                str(staging_dir),
                passwords.get(p.name),
                timeout_seconds,
                page_workers,
            )
            for p in paths
        ]
        for path, future in zip(paths, futures, strict=True):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                lost.append(path)
                continue
            except MemoryError:  # raised in the worker outside the document's own handler
                remove_document(path.stem, staging_dir)
                message = "extraction exceeded the per-document memory limit"
                outcome = failed_outcome(path, "memory_limit", message)
            except Exception as exc:  # the worker could not even start on this document
                remove_document(path.stem, staging_dir)
                outcome = failed_outcome(path, "internal_error", f"{type(exc).__name__}: {exc}")
            record(outcome)
    return lost
