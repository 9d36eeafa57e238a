"""The refresh: raw folder → staging store (incremental) → dbt build → publish.

A document is its content (:mod:`pipelines.identity`): the same bytes under two file names are
one document (the second name is recorded as a ``duplicate``), a renamed file is not read
again, and a changed file is a new document that replaces the old one. Only what changed is
extracted, in a process pool, each document under time and memory bounds; a bad document
becomes a ``failed`` record while every other document lands. This module imports neither
Dagster nor dbt, so the extract path starts fast.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import sys
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines.extract.document import check_file, extract_document
from pipelines.extract.errors import DocumentError
from pipelines.extract.model import ExtractedDocument
from pipelines.extract.scanned import SECONDS_PER_PAGE as SCAN_SECONDS_PER_PAGE
from pipelines.identity import document_id, sha256_of
from pipelines.staging.frames import ENTITIES, document_frames
from pipelines.staging.store import EXTRACTIONS_SCHEMA, FileRecord, StagingStore
from pipelines.staging.version import extractor_version
from pipelines.workers import worker_context

DEFAULT_TIMEOUT_SECONDS = 300
DEFAULT_MEMORY_LIMIT_MB = 4096
LOADED = "loaded"
FAILED = "failed"
DUPLICATE = "duplicate"
UNSUPPORTED = "unsupported"


@dataclass
class DocumentOutcome:
    """What happened to one file in a refresh.

    Attributes:
        status: ``loaded``, ``failed``, ``unsupported`` (recognised, of a kind not loaded)
            or ``duplicate`` (the same bytes as another file).
        action: ``extracted``, ``unchanged``, ``failed``, ``duplicate`` or ``removed``.
    """

    document_id: str
    file_name: str
    sha256: str
    status: str
    action: str
    error_kind: str | None = None
    error_message: str | None = None
    page_count: int | None = None
    tables_found: int | None = None
    extracted_at: datetime | None = None
    extractor_version: str = field(default_factory=extractor_version)
    ocr_pages: int | None = None

    @property
    def needs_attention(self) -> bool:
        """A file the user should look at (it did not load as a budget)."""
        return self.status in (FAILED, UNSUPPORTED)


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
        """Files that need attention: failed, or recognised but not loadable yet."""
        return [o for o in self.outcomes if o.needs_attention]


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


def entity_schemas() -> dict[str, dict]:
    """The columns of every staging entity (from the frames of an empty document)."""
    empty = ExtractedDocument("_schema", "", "", 0, None, None, None)
    return {name: dict(frame.schema) for name, frame in document_frames(empty, _now()).items()}


def _now() -> datetime:
    return datetime.now(UTC)


def hash_files(paths: list[Path], known: dict[str, FileRecord]) -> list[FileRecord]:
    """A record of each file with the sha256 of its bytes.

    A file whose size and modification time are those recorded is not read again: hashing
    a large collection on every refresh would cost more than the refresh itself.
    """
    records = []
    for path in paths:
        stat = path.stat()
        previous = known.get(path.name)
        if previous and (previous.size_bytes, previous.modified_ns) == (
            stat.st_size,
            stat.st_mtime_ns,
        ):
            sha = previous.sha256
        else:
            sha = sha256_of(path)
        records.append(
            FileRecord(path.name, sha, document_id(sha), stat.st_size, stat.st_mtime_ns, False)
        )
    return mark_primary(records)


def mark_primary(records: list[FileRecord]) -> list[FileRecord]:
    """The first file name (sorted) of each content is its document's file; others alias it."""
    seen: set[str] = set()
    out = []
    for record in sorted(records, key=lambda r: r.file_name):
        primary = record.document_id not in seen
        seen.add(record.document_id)
        out.append(FileRecord(**{**record.__dict__, "is_primary": primary}))
    return out


def duplicate_outcome(record: FileRecord, primary: FileRecord) -> DocumentOutcome:
    """The outcome of a file whose bytes another file already has."""
    return DocumentOutcome(
        document_id=record.document_id,
        file_name=record.file_name,
        sha256=record.sha256,
        status=DUPLICATE,
        action=DUPLICATE,
        error_kind=DUPLICATE,
        error_message=(
            f"{record.file_name}: the same content as {primary.file_name} (document "
            f"{record.document_id}); recorded as another name of that document"
        ),
    )


def die_with_parent(parent_pid: int | None = None) -> None:
    """Ask Linux to SIGKILL this process when its parent dies.

    A refresh killed with SIGKILL cannot stop its children; without this, orphaned
    extraction workers (or dbt) would go on while the next refresh runs. If the parent
    (``parent_pid``) already died before the signal was armed, exit now. Elsewhere than
    Linux only that last check applies.
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


# The kinds of document the warehouse loads: budgets (预算) and final accounts (决算, actual
# spending). A document of another kind is recognised and recorded as ``unsupported``.
SUPPORTED_KINDS = frozenset({"budget", "final_accounts"})


def unsupported_reason(doc: ExtractedDocument) -> tuple[str, str] | None:
    """Why a readable document is not loaded, if its kind is not one the warehouse holds."""
    if doc.document_kind not in SUPPORTED_KINDS:
        return (
            "unsupported_kind",
            f"a document of kind {doc.document_kind!r}: recognised, not loaded",
        )
    return None


# Seconds the current document's extraction bound was extended by for its scanned pages.
_scan_allowance: list[float] = []


def _allow_for_scans(pages: int) -> None:
    """Extend the running extraction bound by the time OCR may take on ``pages`` pages."""
    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    extra = pages * SCAN_SECONDS_PER_PAGE
    _scan_allowance.append(extra)
    if remaining > 0:
        signal.setitimer(signal.ITIMER_REAL, remaining + extra)


def extract_one(
    path: str, password: str | None, timeout_seconds: float, page_workers: int = 1
) -> tuple[DocumentOutcome, dict[str, pl.DataFrame] | None]:
    """Worker: extract and clean one PDF; errors become a failed outcome, never an exception.

    Returns the outcome and the document's staging frames (``None`` unless it loaded); the
    coordinating process writes them. ``timeout_seconds`` bounds extraction and cleaning
    (a real-time timer, fractions allowed; 0 or less means no bound).
    """
    p = Path(path)
    sha = sha256_of(p)
    extracted_at = _now()
    base = {"document_id": document_id(sha), "file_name": p.name, "sha256": sha}
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _scan_allowance.clear()
    try:
        # Not a PDF at all (empty, another format) is told from the first bytes, before
        # the clock starts: the bound is for reading documents, and the verdict on a
        # non-PDF should not depend on how busy the machine is.
        check_file(p)
        signal.setitimer(signal.ITIMER_REAL, max(float(timeout_seconds), 0.0))
        doc = extract_document(
            p, password=password, page_workers=page_workers, on_scanned=_allow_for_scans
        )
        unsupported = unsupported_reason(doc)
        frames = None if unsupported else document_frames(doc, extracted_at)
        signal.setitimer(signal.ITIMER_REAL, 0)
        counts = {"page_count": doc.page_count, "tables_found": len(doc.tables)}
        if unsupported:
            kind, message = unsupported
            return DocumentOutcome(
                **base, status=UNSUPPORTED, action="extracted", error_kind=kind,
                error_message=f"{p.name}: {message}", extracted_at=extracted_at, **counts,
            ), None
        return DocumentOutcome(
            **base, status=LOADED, action="extracted", extracted_at=extracted_at,
            ocr_pages=doc.ocr_pages, **counts,
        ), frames
    except DocumentError as exc:
        kind, message = exc.kind, exc.message
    except TimeoutError:
        kind, message = "timeout", f"extraction took longer than {timeout_seconds:g} s"
        if _scan_allowance:
            message += f" and {_scan_allowance[-1]:g} s for its scanned pages"
    except MemoryError:
        kind, message = "memory_limit", "extraction exceeded the per-document memory limit"
    except Exception as exc:  # any other failure is this document's, not the run's
        kind, message = "internal_error", f"{type(exc).__name__}: {exc}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return DocumentOutcome(
        **base, status=FAILED, action=FAILED, error_kind=kind,
        error_message=f"{p.name}: {message}", extracted_at=extracted_at,
    ), None


def failed_outcome(path: Path, kind: str, message: str) -> DocumentOutcome:
    """The outcome of a document that failed outside the worker's own error handling."""
    sha = sha256_of(path)
    return DocumentOutcome(
        document_id=document_id(sha),
        file_name=path.name,
        sha256=sha,
        status=FAILED,
        action=FAILED,
        error_kind=kind,
        error_message=f"{path.name}: {message}",
        extracted_at=_now(),
    )


def extraction_record(outcome: DocumentOutcome) -> pl.DataFrame:
    """The ``extractions`` row of a document."""
    row = {key: getattr(outcome, key) for key in EXTRACTIONS_SCHEMA}
    return pl.DataFrame([row], schema=EXTRACTIONS_SCHEMA)


def store_outcome(
    store: StagingStore, outcome: DocumentOutcome, frames: dict[str, pl.DataFrame] | None
) -> None:
    """Write a document's rows (or, for a document that did not load, none) and its record."""
    empty = {entity: pl.DataFrame() for entity in ENTITIES}
    store.write_document(
        outcome.document_id, {**empty, **(frames or {}), "extractions": extraction_record(outcome)}
    )


def unchanged_outcome(
    record: FileRecord, previous: dict | None, passwords: dict[str, str]
) -> DocumentOutcome | None:
    """The recorded outcome of a document whose staging is current; ``None``: extract it.

    Current means extracted from these bytes by this extractor version, and either it
    loaded or it failed with no password on offer now (a password added for a failed
    encrypted PDF is a reason to try again).
    """
    if not (
        previous
        and previous["extractor_version"] == extractor_version()
        and (previous["status"] != FAILED or record.file_name not in passwords)
    ):
        return None
    return DocumentOutcome(
        document_id=record.document_id,
        file_name=record.file_name,
        sha256=record.sha256,
        status=previous["status"],
        action="unchanged",
        error_kind=previous["error_kind"],
        error_message=previous["error_message"],
        page_count=previous["page_count"],
        tables_found=previous["tables_found"],
        extracted_at=previous["extracted_at"],
        ocr_pages=previous.get("ocr_pages"),
    )


def prepare_store(store: StagingStore) -> None:
    """Make the store ready for this extractor version (tables created, stale rows gone)."""
    store.prepare(entity_schemas(), extractor_version())


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
    """Bring the staging store in line with the raw folder, extracting only what changed.

    Args:
        raw_dir: Folder of PDFs.
        staging_dir: Folder of the staging store (created if missing).
        passwords: Passwords of encrypted PDFs, keyed by file name.
        workers: Extraction processes (default: one per CPU, at most one per document).
        timeout_seconds: Bound on one document's extraction (0: none).
        memory_limit_mb: Address-space bound of a worker process (0: none).
        on_plan: Called once with (files seen, documents to extract) before extraction.
        on_document: Called with each file's outcome as it is known.
    """
    summary = ExtractSummary()
    with StagingStore(staging_dir) as store:
        prepare_store(store)
        records, summary.removed = sync_files(raw_dir, store)
        summary.outcomes = extract_records(
            records,
            Path(raw_dir),
            store,
            only_changed=True,
            passwords=passwords,
            workers=workers,
            timeout_seconds=timeout_seconds,
            memory_limit_mb=memory_limit_mb,
            on_plan=on_plan,
            on_document=on_document,
        )
    return summary


def sync_files(raw_dir: Path, store: StagingStore) -> tuple[list[FileRecord], list[str]]:
    """Record the raw folder's files in the store and drop documents no file holds any more.

    Returns the files (hashed, aliases marked) and the ids of the documents removed.
    """
    paths = raw_files(raw_dir) if Path(raw_dir).is_dir() else []
    records = hash_files(paths, store.files())
    current = {r.document_id for r in records}
    removed = sorted(set(store.extractions()) - current)
    for doc_id in removed:
        store.remove_document(doc_id, list(ENTITIES))
    store.set_files(records)
    return records, removed


def extract_records(
    records: list[FileRecord],
    raw_dir: Path,
    store: StagingStore,
    *,
    only_changed: bool = True,
    passwords: dict[str, str] | None = None,
    workers: int | None = None,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
    on_plan: Callable[[int, int], None] | None = None,
    on_document: Callable[[DocumentOutcome], None] | None = None,
) -> list[DocumentOutcome]:
    """Extract the documents of these files into the store; one outcome per file.

    The extraction stage of :func:`extract_changed`, for files chosen by the caller (the
    Dagster asset passes the files of its partitions). Call it with the store prepared
    (:func:`prepare_store`) and under the warehouse lock.

    Args:
        records: The files, hashed (:func:`hash_files`); aliases of one content become
            ``duplicate`` outcomes of its primary file.
        raw_dir: The folder the files are in.
        store: The open staging store.
        only_changed: Skip documents whose staging is current (:func:`unchanged_outcome`);
            ``False`` extracts every document again.
        passwords: As for :func:`extract_changed`.
        workers: As for :func:`extract_changed`.
        timeout_seconds: As for :func:`extract_changed`.
        memory_limit_mb: As for :func:`extract_changed`.
        on_plan: As for :func:`extract_changed`.
        on_document: As for :func:`extract_changed`.

    Returns:
        One outcome per file, sorted by file name. A bad document is a ``failed`` outcome,
        never an exception.
    """
    passwords = passwords or {}
    previous = store.extractions()
    primaries = {r.document_id: r for r in records if r.is_primary}
    outcomes: list[DocumentOutcome] = [
        duplicate_outcome(r, primaries[r.document_id]) for r in records if not r.is_primary
    ]
    todo: list[Path] = []
    for record in primaries.values():
        outcome = (
            unchanged_outcome(record, previous.get(record.document_id), passwords)
            if only_changed
            else None
        )
        if outcome is None:
            todo.append(raw_dir / record.file_name)
        else:
            outcomes.append(outcome)
    if on_plan:
        on_plan(len(records), len(todo))
    if on_document:
        for outcome in outcomes:
            on_document(outcome)

    def record(outcome: DocumentOutcome, frames: dict[str, pl.DataFrame] | None) -> None:
        store_outcome(store, outcome, frames)
        outcomes.append(outcome)
        if on_document:
            on_document(outcome)

    options = (passwords, timeout_seconds, memory_limit_mb)
    crashed = _extract_in_pool(todo, workers, *options, record)
    # A worker that dies (a crash in native PDF code, the memory bound hit outside Python)
    # breaks the whole pool: retry those documents one at a time so only the culprit fails.
    for path in crashed:
        for again in _extract_in_pool([path], 1, *options, record):
            message = "the extraction process died (a crash in the PDF reader, or the memory "
            record(failed_outcome(again, "crashed", message + "bound hit in native code)"), None)
    outcomes.sort(key=lambda o: o.file_name)
    return outcomes


def _extract_in_pool(
    paths: list[Path],
    workers: int | None,
    passwords: dict[str, str],
    timeout_seconds: float,
    memory_limit_mb: int,
    record: Callable[[DocumentOutcome, dict | None], None],
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
        pending = deque(
            (p, pool.submit(
                extract_one, str(p), passwords.get(p.name), timeout_seconds, page_workers
            ))
            for p in paths
        )
        while pending:
            # Taken off the queue: a done future keeps its result (the document's frames)
            # for as long as anything holds it, and a collection's would pile up.
            path, future = pending.popleft()
            try:
                outcome, frames = future.result()
            except BrokenProcessPool:
                lost.append(path)
                continue
            except MemoryError:  # raised in the worker outside the document's own handler
                message = "extraction exceeded the per-document memory limit"
                outcome, frames = failed_outcome(path, "memory_limit", message), None
            except Exception as exc:  # the worker could not even start on this document
                outcome = failed_outcome(path, "internal_error", f"{type(exc).__name__}: {exc}")
                frames = None
            record(outcome, frames)
    return lost




def stage_extracted(
    doc: ExtractedDocument, staging_dir: Path, extracted_at: datetime | None = None
) -> DocumentOutcome:
    """Stage a document that is already extracted (built by hand, or read elsewhere).

    The document is recorded as loaded from a file of its name, exactly as a refresh would
    record it; tests and tools use it to put known tables in front of the dbt models.
    """
    at = extracted_at or _now()
    outcome = DocumentOutcome(
        document_id=doc.document_id,
        file_name=doc.file_name,
        sha256=doc.sha256,
        status=LOADED,
        action="extracted",
        page_count=doc.page_count,
        tables_found=len(doc.tables),
        extracted_at=at,
        ocr_pages=doc.ocr_pages,
    )
    with StagingStore(staging_dir) as store:
        prepare_store(store)
        store_outcome(store, outcome, document_frames(doc, at))
        files = {name: r for name, r in store.files().items() if name != doc.file_name}
        record = FileRecord(doc.file_name, doc.sha256, doc.document_id, 0, 0, True)
        store.set_files(mark_primary([*files.values(), record]))
    return outcome
