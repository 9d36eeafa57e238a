"""Who a document is: its content, not its file name.

The same PDF saved under two names is one document; a renamed file is the same document and
is not read again. A document's id is derived from the sha256 of its bytes by
:func:`document_id` and nowhere else; the file name is an attribute (``dim_document`` keeps
every name the bytes were seen under).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# 16 hex digits (64 bits) of the sha256: unique for any collection that fits on a disk, and
# short enough to read in a table id.
_ID_DIGITS = 16


def sha256_of(path: Path) -> str:
    """Content hash of a file (a new mtime or name alone changes nothing)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def document_id(sha256: str) -> str:
    """The id of the document whose bytes have this sha256."""
    return sha256[:_ID_DIGITS]


def table_id(document: str, table_index: int) -> str:
    """Stable id of a table within the warehouse: the document and the table's position."""
    return f"{document}#{table_index:03d}"


def document_name(file_name: str) -> str:
    """A readable name for a document: its file name without the extension."""
    return Path(file_name).stem
