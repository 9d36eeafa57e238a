"""Rules as data: keyword and header tables that recognise and interpret budget tables.

Everything that depends on how a province words its tables lives in the CSV files here, so a
new template is a data change, not a code change.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def load_rules(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``pipelines/rules/<name>.csv`` as dicts, in file order."""
    text = resources.files("pipelines.rules").joinpath(f"{name}.csv").read_text("utf-8")
    return tuple(csv.DictReader(text.splitlines()))
