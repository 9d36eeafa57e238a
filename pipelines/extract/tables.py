"""From page fragments to the logical tables of a document.

Pure functions over :class:`PageLayout` data: find each fragment's title and unit in the
text above it (or in caption rows printed inside its grid), join fragments that continue on
the next page (dropping a repeated header, rejoining a row the page break cut), split off
the header rows, recognise the table type. Every wording (a unit line, a table label, an
empty-table note, a total row) is read through :mod:`pipelines.vocabulary`.
"""

from __future__ import annotations

import re
import unicodedata

from pipelines import vocabulary
from pipelines.clean.amounts import is_amount, unit_after_label
from pipelines.clean.targets.words import load_form_words, starts_project_block
from pipelines.extract.grid import (
    Grid,
    align_columns,
    append_grid,
    column_paths,
    continue_cells_across_break,
    drop_empty_columns,
    drop_leading_rows,
    row_texts,
)
from pipelines.extract.model import ExtractedTable
from pipelines.extract.page import Fragment, PageLayout, TextLine
from pipelines.extract.rows import (  # noqa: F401 - is_column_number_row: cleaning imports it here
    is_column_number_row,
    is_data_row,
)

_MAX_HEADER_ROWS = 6
_TITLE_WINDOW = 140.0


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def is_title_line(text: str) -> bool:
    """Whether a line can be a table title.

    Not a unit, department, note or page line, and not a bare table label (``公开表一``).
    """
    s = _clean(text)
    if not s or unit_after_label(s) or vocabulary.search("page_number", s):
        return False
    if vocabulary.search("department_line", s) or vocabulary.search("note_line", s):
        return False
    label = vocabulary.search("table_label", s)
    return not (label and not s[label.end() :].strip(":：、 "))


def recognise_table_type(title: str, header_text: str = "") -> str:
    """The table type key of the ``table_types`` vocabulary whose pattern matches first."""
    text = _clean(title)
    for rule in vocabulary.table("table_types"):
        if re.search(rule["title_pattern"], text) and not (
            rule["exclude_pattern"] and re.search(rule["exclude_pattern"], text)
        ):
            return rule["table_type"]
    if header_text and header_text != title:
        return recognise_table_type(header_text)
    return "unknown"


def is_form(title: str) -> bool:
    """Whether a table of this title is a form (key/value blocks, one per project).

    Forms may all print the same title: a repeated title starts a new form only where the
    page opens a project's block (:func:`continues`).
    """
    layouts = {row["table_type"]: row["layout"] for row in vocabulary.table("table_types")}
    return layouts.get(recognise_table_type(title)) == "form"


def find_title(lines: list[TextLine], above: float, below: float) -> str | None:
    """The title of a table whose top is at ``below``: the most telling line above it.

    Lines between ``above`` (the previous table's bottom or the page top) and ``below`` are
    candidates; a line naming a known table type wins, then any line naming a table (…表)
    over part headings, then the line nearest the table.
    """
    candidates = [
        ln
        for ln in lines
        if above <= ln.top < below and below - ln.bottom <= _TITLE_WINDOW and is_title_line(ln.text)
    ]
    if not candidates:
        return None
    best = max(
        candidates,
        key=lambda ln: (
            recognise_table_type(ln.text) != "unknown",
            bool(vocabulary.search("table_word", _clean(ln.text))),
            not vocabulary.search("section_heading", _clean(ln.text)),
            ln.top,
        ),
    )
    return re.sub(r"\s+", " ", best.text).strip()


def find_unit(lines: list[TextLine], above: float, below: float) -> str | None:
    """The unit printed above a table (单位：万元), nearest line first."""
    for ln in sorted(lines, key=lambda ln: -ln.top):
        if above <= ln.top < below:
            unit = unit_after_label(ln.text)
            if unit:
                return unit
    return None


def find_note(lines: list[TextLine], above: float, below: float) -> str | None:
    """Text printed directly below a table (注：本表无数据), up to the next table."""
    texts = [
        _clean(ln.text)
        for ln in lines
        if above <= ln.top < below and not vocabulary.search("page_number", _clean(ln.text))
    ]
    notes = [
        t
        for t in texts
        if vocabulary.search("note_line", t) or vocabulary.search("empty_table_note", t)
    ]
    return notes[0] if notes else None


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


def _caption_lines(grid: Grid, row: int) -> list[str] | None:
    """The printed lines of a leading row, if the row is a caption rather than a header.

    Spreadsheet exports print the caption inside the grid, as one cell across the table or
    spread over cells: the title naming the table (…表), its label (公开表一), and the line
    ``部门：… 单位：万元``. Every line of a caption row is one of those; a department field
    without a unit in its row is left alone (a form's 申报单位名称 is content). An empty row
    is a caption row with no lines.
    """
    cells = [c for c in grid.row_cells(row) if _clean(c.text)]
    if any(c.row != row for c in cells):
        return None
    lines = [ln for c in cells for ln in (c.lines or (c.text,)) if _clean(ln)]
    if any(unit_after_label(ln) for ln in lines):
        # the 部门：… 单位：万元 line, its name possibly in a cell of its own
        return None if any(is_amount(ln) for ln in lines) else lines

    def is_caption(line: str) -> bool:
        text = _clean(line)
        if vocabulary.search("table_label", text):
            return True
        return is_title_line(text) and bool(vocabulary.search("table_word", text))

    return lines if all(is_caption(ln) for ln in lines) else None


def strip_caption_rows(grid: Grid) -> tuple[Grid, str | None, str | None]:
    """Take the title, unit and department lines printed inside the grid's first rows."""
    title = unit = None
    drop = 0
    for row in range(grid.n_rows):
        lines = _caption_lines(grid, row)
        if lines is None:
            break
        for line in lines:
            text = _clean(line)
            found_unit = unit_after_label(text)
            unit = unit or found_unit
            label = vocabulary.search("table_label", text)
            named = text[label.end() :].strip(":：、") if label else text
            if title is None and named and not found_unit and is_title_line(named):
                if vocabulary.search("table_word", named):
                    title = named
        drop = row + 1
    if drop >= grid.n_rows:
        return grid, title, unit
    return (drop_leading_rows(grid, drop) if drop else grid), title, unit


def _folded_row(grid: Grid, row: int) -> tuple[str, ...]:
    """A row's texts as compared across pages: one width of brackets, colons and digits.

    A page read by OCR prints ``(`` where the text layer of the page before printed ``（``.
    """
    return tuple(unicodedata.normalize("NFKC", text) for text in row_texts(grid, row))


def _repeated_header_rows(head: Grid, head_header_rows: int, tail: Grid) -> int:
    n = 0
    while (
        n < head_header_rows
        and n < tail.n_rows
        and row_texts(tail, n)
        and _folded_row(tail, n) == _folded_row(head, n)
    ):
        n += 1
    return n


def _same_title(title: str, previous_title: str | None) -> bool:
    if previous_title is None:
        return False
    marker = vocabulary.search("continued_table", _clean(title))
    stripped = _clean(title)[: marker.start()] if marker else _clean(title)
    return stripped == _clean(previous_title)


def continues(table: dict, frag: Fragment, title: str | None, page: int) -> bool:
    """Whether a page's first fragment continues the last table of the previous page.

    It must start on the next page after a table that ended its page, and have no title of
    its own (above it, or in caption rows inside its grid) — or the same title again,
    marked 续 or not, above a repeat of the header (a form printed again under its title is
    a new form).
    """
    if not table["last_on_page"] or table["page_last"] != page - 1:
        return False
    if title is None:
        return True
    if not _same_title(title, table["title"]):
        return False
    if is_form(title):
        # every project's form may print the same title: a new form opens its project's
        # block (项目名称 …); a page that goes on with the indicators continues the form
        return not _opens_form(frag.grid)
    head: Grid = table["grid"]
    return _repeated_header_rows(head, count_header_rows(head), frag.grid) > 0


_FORM_OPENING_ROWS = 4


def _opens_form(grid: Grid) -> bool:
    """Whether a fragment opens a form's project block (its first rows name the project)."""
    words = load_form_words()
    return any(
        starts_project_block(row, words) for row in grid.rows()[:_FORM_OPENING_ROWS]
    )


def assemble_tables(layouts: list[PageLayout]) -> list[ExtractedTable]:
    """Turn the page layouts of a document into its logical tables."""
    pending: list[dict] = []
    for layout in layouts:
        previous_bottom = 0.0
        for i, frag in enumerate(layout.fragments):
            grid, caption_title, caption_unit = strip_caption_rows(frag.grid)
            frag = Fragment(frag.page, frag.top, frag.bottom, grid, frag.ruling)
            title = find_title(layout.lines, previous_bottom, frag.top) or caption_title
            unit = find_unit(layout.lines, previous_bottom, frag.top) or caption_unit
            next_top = (
                layout.fragments[i + 1].top if i + 1 < len(layout.fragments) else layout.height
            )
            note = find_note(layout.lines, frag.bottom, next_top)
            if i == 0 and pending and continues(pending[-1], frag, title, layout.page):
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
    return [_finish(i, p) for i, p in enumerate(pending)]


def _extend(table: dict, frag: Fragment) -> None:
    head: Grid = table["grid"]
    tail = frag.grid
    if "ruled" not in (frag.ruling, table["ruling"]):
        # column borders read from text differ from page to page: one set of columns
        tail = align_columns(head, tail)
    header_rows = count_header_rows(head)
    drop = _repeated_header_rows(head, header_rows, tail)
    boundary = head.n_rows
    joined = append_grid(head, tail, drop_rows=drop)
    joined = continue_cells_across_break(joined, boundary)
    table["grid"] = joined
    table["page_last"] = frag.page


def _finish(index: int, table: dict) -> ExtractedTable:
    grid = drop_empty_columns(table["grid"])
    title = table["title"] or ""
    header_text = " ".join(row_texts(grid, 0)) if grid.n_rows else ""
    table_type = recognise_table_type(title, header_text)
    n_header = 0 if table_type == "performance_targets" else count_header_rows(grid)
    rows = grid.rows()
    body = rows[n_header:]
    confidence = grid.confidences()[n_header:]
    note = table["note"]
    has_values = any(is_amount(cell) for row in body for cell in row[1:] if cell)
    says_empty = bool(note and vocabulary.search("empty_table_note", note))
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
        is_empty=not has_values,
        says_empty=says_empty,
        note=note,
        body_confidence=confidence if any(v is not None for r in confidence for v in r) else [],
    )
