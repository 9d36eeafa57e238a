"""Extraction worker processes that start in milliseconds instead of seconds.

A spawned worker imports polars, pdfplumber and pypdfium2 before it can take a document:
about 1.5 s of CPU per worker, most of a small refresh. With the ``forkserver`` start
method, one server process imports the PDF reading code once and every worker is forked
from it, already loaded. The server has only imported modules and has a single thread, so
forking it is safe, unlike forking the refresh process itself, whose Polars threads a
child would inherit mid-state.

:func:`start_worker_server` starts the server before the caller imports polars and reads
the staging status, so the server's imports overlap with that work. This module imports
nothing heavy itself. Where ``forkserver`` is unavailable, workers are spawned.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import sys
import threading
from multiprocessing.context import BaseContext

# Set for the fork server: the pid of the process that started it.
SERVER_PARENT_ENV = "BUDGETWH_WORKER_SERVER_PARENT"
# What the fork server imports: this module first, so that the server dies with the process
# that started it (see below), then the PDF reading code. Not polars: importing it starts
# threads (jemalloc's, an out-of-core cleaner), and a process with threads is not safe to
# fork. A worker imports polars itself, on its first document.
PRELOAD = [
    "pipelines.workers",
    "pipelines.extract.document",
    "pipelines.extract.page",
    "pipelines.extract.tables",
    "pipelines.extract.pdfium_objects",
]


def _die_with_starter() -> None:
    """In the fork server: be SIGKILLed when the process that started it dies.

    The server only exits by itself once no process holds its "alive" pipe, and the workers
    it forked hold it too; a refresh killed with SIGKILL would leave server and workers
    behind. So the server asks Linux for a SIGKILL when its parent dies (its workers ask
    the same of the server, in ``pipelines.refresh.limit_memory``).
    """
    starter = os.environ.get(SERVER_PARENT_ENV)
    if not starter or multiprocessing.parent_process() is not None:
        return
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PDEATHSIG
    if os.getppid() != int(starter):  # it died before the signal was armed
        os._exit(1)


if __name__ != "__main__" and sys.argv[:1] == ["-c"]:
    # Imported as a preload by the fork server (``python -c "from multiprocessing.forkserver
    # import main; …"``), not by the refresh or a test.
    _die_with_starter()


def _use_forkserver() -> bool:
    # Linux delivers the server's death signal when the *thread* that started it ends, so
    # only the main thread, which lives as long as the process, may start it.
    return (
        "forkserver" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
    )


def start_worker_server() -> None:
    """Start the fork server now (it imports :data:`PRELOAD` in the background)."""
    if _use_forkserver():
        multiprocessing.forkserver.set_forkserver_preload(PRELOAD)
        os.environ[SERVER_PARENT_ENV] = str(os.getpid())
        try:
            multiprocessing.forkserver.ensure_running()
        finally:
            del os.environ[SERVER_PARENT_ENV]


def worker_context() -> tuple[BaseContext, int]:
    """The context extraction workers start with, and the pid their parent will have.

    A worker checks that its parent is still the process that started it (see
    ``pipelines.refresh.die_with_parent``): the fork server, which exits when this process
    does, or this process itself when workers are spawned.
    """
    if _use_forkserver():
        start_worker_server()
        # CPython keeps the server's pid here (3.8 to 3.13); without it, spawn instead.
        server = getattr(multiprocessing.forkserver._forkserver, "_forkserver_pid", None)
        if server:
            return multiprocessing.get_context("forkserver"), server
    return multiprocessing.get_context("spawn"), os.getpid()
