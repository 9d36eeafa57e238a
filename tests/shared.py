"""``../shared`` beside the project: the corpus ground truth and the real disclosures.

CI lays ``shared/`` beside the clone, so there a missing file is a broken setup and the test
fails; on a machine without it the tests that need it skip, and the session ends with one line
saying so (conftest).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# BUDGETWH_SHARED points elsewhere (the tiers' own test runs the suite without it)
SHARED = Path(
    os.environ.get("BUDGETWH_SHARED") or Path(__file__).resolve().parents[2] / "shared"
)
CORPUS = SHARED / "corpus"
REAL = SHARED / "real"


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(path: Path) -> Path:
    """``path`` under ``../shared``; skips the test when missing, fails it under CI."""
    path = Path(path)
    if not path.exists():
        reason = f"{path} is missing: this test needs ../shared beside the project"
        if on_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def is_missing() -> bool:
    return not SHARED.is_dir()
