"""What a row of a table says about itself: data, a header, or the numbers of the columns.

Both the assembly of tables (where a header ends) and the text-aligned table reader (where a
table's body starts, before any cell grid exists) ask these questions of a row's texts, so
they live apart from either.
"""

from __future__ import annotations

import re

from pipelines import vocabulary
from pipelines.clean.amounts import is_amount
from pipelines.clean.labels import is_code


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def is_column_number_row(texts: tuple[str, ...]) -> bool:
    """A row that only numbers the columns: ``栏次 1 2 3 …``, or ``1 2 3 …`` alone.

    Without the 栏次 label, the numbers must run from 1 (or 0) over at least three columns:
    a data row of small whole amounts rarely does.
    """
    labelled = [t for t in texts if vocabulary.search("column_number_label", t)]
    nums = [t for t in texts if t not in labelled]
    if not nums or not all(t.isdigit() for t in nums):
        return False
    if labelled:
        return True
    values = [int(t) for t in nums]
    return len(values) >= 3 and values[0] in (0, 1) and values == list(
        range(values[0], values[0] + len(values))
    )


def is_row_label(text: str) -> bool:
    """A label that starts a data row: a total, or a numbered item (一、 1. （一）)."""
    return bool(
        vocabulary.classify("total_row", text) or vocabulary.search("numbering_prefix", text)
    )


def is_data_row(cells: list[str | None]) -> bool:
    """Whether a row carries data (amounts, a subject code, a total or numbered item).

    ``合计`` heads a column in some headers (三公 tables), so a total or numbered label only
    makes a data row when nothing but amounts follows it. A label followed only by blank
    (not merged) cells is a data row with nothing printed: headers merge, they do not
    leave blanks.
    """
    texts = tuple(_clean(c) for c in cells if c and _clean(c))
    if not texts or is_column_number_row(texts):
        return False
    if is_code(texts[0]):
        return True
    if is_row_label(texts[0]) and all(is_amount(t) for t in texts[1:]):
        return True
    if len(texts) == 1 and len(cells) > 1 and all(c == "" for c in cells[1:]):
        return True
    return any(is_amount(t) for t in texts)
