"""The text of a table cell from its characters: pdfplumber's ``extract_text``, made lean.

A table page has thousands of cells and pdfplumber builds a word extractor, word dicts and
a text map for each; that was the largest remaining step of reading a page. For the usual
cell, every character upright, this is the same algorithm with plain tuples: characters
clustered into lines by ``top`` (chained within ``y_tolerance``), sorted by ``x0`` within a
line, split into words at blanks and gaps wider than ``x_tolerance``, words clustered into
lines again by their top and joined with spaces and newlines. Anything else (rotated or
vertical text) goes to pdfplumber itself. ``tests/unit/test_extract_speed.py`` checks the
two agree on every cell of the bundled documents.
"""

from __future__ import annotations

from pdfplumber.utils.text import LIGATURES, extract_text

# pdfplumber's defaults (``DEFAULT_X_TOLERANCE``, ``DEFAULT_Y_TOLERANCE``).
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0


def cluster_index(values, tolerance: float) -> dict[float, int]:
    """Each distinct value's cluster number: sorted values chained within ``tolerance``."""
    index: dict[float, int] = {}
    cluster, last = -1, None
    for value in sorted(set(values)):
        if last is None or value > last + tolerance:
            cluster += 1
        index[value] = cluster
        last = value
    return index


def _words(line: list[dict]) -> list[tuple[float, str]]:
    """Words of one line (characters sorted by x0) as (top, text)."""
    words: list[tuple[float, str]] = []
    text: list[str] = []
    top = 0.0
    prev = None
    for char in line:
        ch = char["text"]
        if ch.isspace():
            if text:
                words.append((top, "".join(text)))
            text, prev = [], None
            continue
        if prev is not None and (
            char["x0"] < prev["x0"]
            or char["x0"] > prev["x1"] + X_TOLERANCE
            or abs(char["top"] - prev["top"]) > Y_TOLERANCE
        ):
            words.append((top, "".join(text)))
            text = []
        if not text:
            top = char["top"]
        else:
            top = min(top, char["top"])
        text.append(LIGATURES.get(ch, ch))
        prev = char
    if text:
        words.append((top, "".join(text)))
    return words


def cell_text(chars: list[dict]) -> str:
    """The text pdfplumber's ``extract_text(chars)`` returns, with its default settings."""
    if not chars:
        return ""
    if not all(char["upright"] for char in chars):
        return extract_text(chars)
    line_of = cluster_index((char["top"] for char in chars), Y_TOLERANCE)
    lines: dict[int, list[dict]] = {}
    for char in chars:
        lines.setdefault(line_of[char["top"]], []).append(char)
    words: list[tuple[float, str]] = []
    for number in sorted(lines):
        words.extend(_words(sorted(lines[number], key=lambda char: char["x0"])))
    word_line = cluster_index((top for top, _ in words), Y_TOLERANCE)
    text_lines: dict[int, list[str]] = {}
    for top, text in words:
        text_lines.setdefault(word_line[top], []).append(text)
    return "\n".join(" ".join(text_lines[number]) for number in sorted(text_lines))
