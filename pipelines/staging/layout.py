"""Where a warehouse keeps its staging: imported by the CLI before anything heavy."""

from __future__ import annotations

from pathlib import Path

STORE_FILE = "staging.duckdb"


def store_path(staging_dir: Path) -> Path:
    """The staging store file inside a staging folder."""
    return Path(staging_dir) / STORE_FILE
