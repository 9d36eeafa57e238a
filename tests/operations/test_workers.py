"""The fork server extraction workers start from: safe to fork, and gone with its starter."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipelines import workers

PROBE = """
import sys
for module in {preload!r}:
    __import__(module)
threads = int(open("/proc/self/status").read().split("Threads:")[1].split()[0])
print("polars" in sys.modules, threads)
"""


def test_the_server_imports_no_threads():
    """Forking a process that has threads can deadlock the child: the preload starts none."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(preload=workers.PRELOAD)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["False", "1"]


STARTER = """
import time
from pipelines.workers import worker_context
context, server = worker_context()
print(context.get_start_method(), server, flush=True)
time.sleep(60)
"""


def test_the_server_dies_with_the_process_that_started_it():
    starter = subprocess.Popen([sys.executable, "-c", STARTER], stdout=subprocess.PIPE, text=True)
    method, server = starter.stdout.readline().split()
    assert method == "forkserver"
    assert Path(f"/proc/{server}").exists()
    starter.send_signal(signal.SIGKILL)
    starter.wait(timeout=10)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{server}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{server}").exists()


def test_workers_are_forked_by_the_server():
    context, server = workers.worker_context()
    with context.Pool(1) as pool:
        pid, parent = pool.apply(_pids)
    assert pid != os.getpid()
    assert parent == server


def _pids() -> tuple[int, int]:
    return os.getpid(), os.getppid()
