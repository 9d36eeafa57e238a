"""From page fragments to the logical tables of a document.

Pure functions over :class:`PageLayout` data: find each fragment's title and unit in the
text above it, join fragments that continue on the next page (dropping a repeated header,
rejoining a row the page break cut), split off the header rows, recognise the table type.
"""

from __future__ import annotations

import re

from pipelines import vocabulary
from pipelines.extract.grid import (
    Grid,
    append_grid,
    column_paths,
    continue_cells_across_break,
    drop_leading_rows,
    row_texts,
)
from pipelines.extract.model import ExtractedTable
from pipelines.extract.page import Fragment, PageLayout, TextLine

_UNIT = re.compile(r"单位\s*[:：]\s*(万元|千元|元)")
_EMPTY_NOTE = re.compile(r"本表无数据|空表|无数据|没有.{0,20}(支出|收入|经费)")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d+[-—–\s]*$|^第\s*\d+\s*页")
_NOT_TITLE = re.compile(
    r"^(金额|计量)?单位\s*[:：]|^(部门|单位|部门（单位）|部门\(单位\)|预算单位)(名称)?\s*[:：]"
    r"|^注\s*[:：]|^说明\s*[:：]|^(部门)?公开表\s*\d|^附表\s*\d|^表\s*\d"
)
_AMOUNT = re.compile(r"^[-−]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-−]?\d+\.\d+$|^[-−]?\d+$")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_DATA_LABEL = re.compile(
    r"^(合\s*计|总\s*计|小\s*计|部门合计|本年|[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）"
    r"|\([一二三四五六七八九十]+\)|\d+[、.．])"
)
_SECTION = re.compile(r"^第[一二三四五六七八九十]+部分")
_MAX_HEADER_ROWS = 5
_TITLE_WINDOW = 140.0


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def is_title_line(line: TextLine) -> bool:
    """Whether a text line can be a table title (not a unit, department or page line)."""
    text = _clean(line.text)
    return bool(text) and not _NOT_TITLE.search(text) and not _PAGE_NUMBER.match(text)


def find_title(lines: list[TextLine], above: float, below: float) -> str | None:
    """The title of a table whose top is at ``below``: the most prominent line above it.

    Lines between ``above`` (the previous table's bottom or the page top) and ``below`` are
    candidates; a line naming a table (…表) wins over section headings, then the larger font,
    then the line nearest the table.
    """
    candidates = [
        ln
        for ln in lines
        if above <= ln.top < below and below - ln.bottom <= _TITLE_WINDOW and is_title_line(ln)
    ]
    if not candidates:
        return None
    best = max(
        candidates,
        key=lambda ln: ("表" in ln.text, not _SECTION.match(_clean(ln.text)), ln.top),
    )
    return re.sub(r"\s+", " ", best.text).strip()


def find_unit(lines: list[TextLine], above: float, below: float) -> str | None:
    """The unit printed above a table (单位：万元)."""
    for ln in sorted(lines, key=lambda ln: -ln.top):
        if above <= ln.top < below:
            match = _UNIT.search(_clean(ln.text))
            if match:
                return match.group(1)
    return None


def find_note(lines: list[TextLine], above: float, below: float) -> str | None:
    """Text printed directly below a table (注：本表无数据), up to the next table."""
    texts = [
        _clean(ln.text)
        for ln in lines
        if above <= ln.top < below and not _PAGE_NUMBER.match(_clean(ln.text))
    ]
    notes = [t for t in texts if t.startswith(("注", "说明")) or _EMPTY_NOTE.search(t)]
    return notes[0] if notes else None


def is_column_number_row(texts: tuple[str, ...]) -> bool:
    """A row that only numbers the columns (栏次 1 2 3 …)."""
    nums = [t for t in texts if t not in ("栏次", "序号")]
    return len(nums) >= 2 and all(t.isdigit() for t in nums) and [int(t) for t in nums] == list(
        range(int(nums[0]), int(nums[0]) + len(nums))
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
    if _CODE.match(texts[0]):
        return True
    if _DATA_LABEL.match(texts[0]) and all(_AMOUNT.match(t) for t in texts[1:]):
        return True
    if len(texts) == 1 and len(cells) > 1 and all(c == "" for c in cells[1:]):
        return True
    return any(_AMOUNT.match(t) for t in texts)


def count_header_rows(grid: Grid) -> int:
    """Leading rows that form the header: everything before the first data row.

    A cell that spans down from the header into a row keeps that row in the header too.
    """
    n = 0
    rows = grid.rows()
    for row in range(min(grid.n_rows, _MAX_HEADER_ROWS + 1)):
        if is_data_row(rows[row]):
            break
        n = row + 1
    if n > _MAX_HEADER_ROWS or n == grid.n_rows and grid.n_rows > 3:
        return 0
    spans_down = max((c.row + c.rowspan for c in grid.cells if c.row < n), default=n)
    return max(n, min(spans_down, grid.n_rows))


def recognise_table_type(title: str, header_text: str = "") -> str:
    """The table type key from ``vocabulary/table_types.csv`` whose pattern matches first."""
    text = _clean(title)
    for rule in vocabulary.table("table_types"):
        if re.search(rule["title_pattern"], text) and not (
            rule["exclude_pattern"] and re.search(rule["exclude_pattern"], text)
        ):
            return rule["table_type"]
    if header_text:
        return recognise_table_type(header_text) if header_text != title else "unknown"
    return "unknown"


def _repeated_header_rows(head: Grid, head_header_rows: int, tail: Grid) -> int:
    n = 0
    while (
        n < head_header_rows
        and n < tail.n_rows
        and row_texts(tail, n)
        and row_texts(tail, n) == row_texts(head, n)
    ):
        n += 1
    return n


def _continues(title: str | None, previous_title: str | None) -> bool:
    if title is None:
        return True
    stripped = re.sub(r"[（(]?续[表)）]?", "", _clean(title))
    return previous_title is not None and stripped == _clean(previous_title) and stripped != _clean(
        title
    )


def assemble_tables(layouts: list[PageLayout]) -> list[ExtractedTable]:
    """Turn the page layouts of a document into its logical tables."""
    pending: list[dict] = []
    last_page_with_table = None
    for layout in layouts:
        previous_bottom = 0.0
        for i, frag in enumerate(layout.fragments):
            title = find_title(layout.lines, previous_bottom, frag.top)
            unit = find_unit(layout.lines, previous_bottom, frag.top)
            next_top = (
                layout.fragments[i + 1].top if i + 1 < len(layout.fragments) else layout.height
            )
            note = find_note(layout.lines, frag.bottom, next_top)
            is_continuation = (
                i == 0
                and pending
                and last_page_with_table == layout.page - 1
                and pending[-1]["last_on_page"]
                and _continues(title, pending[-1]["title"])
            )
            if is_continuation:
                _extend(pending[-1], frag)
                pending[-1]["note"] = pending[-1]["note"] or note
            else:
                pending.append(
                    {
                        "title": title,
                        "unit": unit,
                        "grid": frag.grid,
                        "page_first": frag.page,
                        "page_last": frag.page,
                        "ruling": frag.ruling,
                        "note": note,
                        "last_on_page": False,
                    }
                )
            for p in pending:
                p["last_on_page"] = False
            pending[-1]["last_on_page"] = i == len(layout.fragments) - 1
            previous_bottom = frag.bottom
        if layout.fragments:
            last_page_with_table = layout.page
    return [_finish(i, p) for i, p in enumerate(pending)]


def _extend(table: dict, frag: Fragment) -> None:
    head: Grid = table["grid"]
    header_rows = count_header_rows(head)
    drop = _repeated_header_rows(head, header_rows, frag.grid)
    boundary = head.n_rows
    joined = append_grid(head, frag.grid, drop_rows=drop)
    joined = continue_cells_across_break(joined, boundary)
    table["grid"] = joined
    table["page_last"] = frag.page


def strip_caption_rows(grid: Grid) -> tuple[Grid, str | None, str | None]:
    """Take title, unit and department lines printed inside the grid's first rows.

    Spreadsheet exports often put the caption in the grid: a first row that is one cell
    across the whole table (``一般公共预算支出表``, ``单位：万元``, ``部门名称：…``). Those rows
    are captions, not header or data; anything else in such a row (``(2021 年)``) stays.
    """
    title = unit = None
    drop = 0
    for row in range(grid.n_rows):
        cells = [c for c in grid.row_cells(row) if _clean(c.text)]
        if len(cells) != 1 or cells[0].colspan < grid.n_cols:
            break
        text = _clean(cells[0].text)
        found_unit = _UNIT.search(text)
        if found_unit:
            unit = found_unit.group(1)
        elif title is None and "表" in text and not _NOT_TITLE.search(text):
            title = cells[0].text.strip()
        elif not _NOT_TITLE.search(text):
            break
        drop = row + 1
    return (drop_leading_rows(grid, drop) if drop else grid), title, unit


def _finish(index: int, table: dict) -> ExtractedTable:
    grid: Grid = table["grid"]
    grid, caption_title, caption_unit = strip_caption_rows(grid)
    title = table["title"] or caption_title or ""
    table["unit"] = table["unit"] or caption_unit
    header_text = " ".join(row_texts(grid, 0)) if grid.n_rows else ""
    table_type = recognise_table_type(title, header_text)
    n_header = 0 if table_type == "performance_targets" else count_header_rows(grid)
    rows = grid.rows()
    body = rows[n_header:]
    note = table["note"]
    has_values = any(
        _AMOUNT.match(_clean(cell or "")) for row in body for cell in row[1:] if cell
    )
    is_empty = not body or bool(note and _EMPTY_NOTE.search(note) and not has_values)
    return ExtractedTable(
        table_index=index,
        title=title,
        table_type=table_type,
        unit=table["unit"],
        page_first=table["page_first"],
        page_last=table["page_last"],
        ruling=table["ruling"],
        header_rows=rows[:n_header],
        body_rows=body,
        row_pages=grid.row_pages[n_header:],
        column_paths=column_paths(grid, n_header),
        is_empty=is_empty,
        note=note,
    )
