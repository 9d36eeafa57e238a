"""The suite's own promises about ../shared: CI never skips what needs it, a user sees why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NEEDS_SHARED = "tests/unit/test_reference_seeds.py"


def _pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    environment.update(BUDGETWH_SHARED=str(tmp_path / "no-shared"), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         NEEDS_SHARED],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )


def test_without_shared_a_user_run_skips_and_says_so_in_one_line(tmp_path):
    run = _pytest(tmp_path)
    assert run.returncode == 0, run.stdout[-2000:]
    said = [line for line in run.stdout.splitlines() if line.startswith("../shared not found")]
    assert len(said) == 1, run.stdout[-2000:]
    assert "skipped" in said[0]


def test_without_shared_a_ci_run_fails(tmp_path):
    run = _pytest(tmp_path, CI="true")
    assert run.returncode == 1, run.stdout[-2000:]
    assert "this test needs ../shared" in run.stdout
