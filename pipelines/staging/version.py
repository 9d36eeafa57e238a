"""The version of the code and rules that turn a PDF into staging rows.

A document is re-extracted when its bytes change *or* when this version changes: a fixed
rule, a new keyword or a new staging entity must reach documents that were already loaded.
The version is a digest of the extraction and cleaning code and of the vocabulary they read,
so nobody has to remember to bump a number.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pipelines import vocabulary

_PACKAGE = Path(__file__).resolve().parents[1]


def _inputs() -> list[Path]:
    code = [
        path
        for stage in ("extract", "clean", "staging")
        for path in (_PACKAGE / stage).rglob("*.py")
    ]
    return sorted(code) + vocabulary.files()


@cache
def extractor_version() -> str:
    """A short digest of everything that shapes a document's staging rows."""
    digest = hashlib.sha256()
    for path in _inputs():
        digest.update(path.relative_to(_PACKAGE.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
