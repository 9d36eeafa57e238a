"""Render a budget document's tables as a PDF in one layout; a CLI to write the variants.

``render_document`` takes any tables in the ``*.tables.json`` structure, so benchmarks can
render documents with changed content too. The document is a cover page (department, then
``{year}年部门预算`` — or another kind, ``{year}年度部门决算`` — which is how the pipeline reads
who, when and what) and then every table:
financial tables each from a new page, forms (绩效目标表, no header) one after another
on pages of their own.

    python -m tests.layouts.render --out DIR [--doc ID] [--layout SLUG|all]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.layouts.draw import Slot, cell_boxes, cell_texts, rules
from tests.layouts.factors import Layout, layout_from_slug
from tests.layouts.fonts import FACES, FontFace, text_width
from tests.layouts.paginate import (
    Frame,
    TableGeometry,
    measure_table,
    row_groups,
    wrap,
)
from tests.layouts.pdf import Page, PlacedCell, Text, write_pdf
from tests.layouts.transform import Table, prepare_table

A4 = (595.28, 841.89)
FRAMES = {
    "portrait": Frame(*A4),
    "landscape": Frame(A4[1], A4[0]),
    "a3_landscape": Frame(1190.55, 841.89, margin_x=48.0),
}
BASE_SIZE = {"portrait": 9.0, "landscape": 9.0, "a3_landscape": 10.0}
FORM_GAP = 24.0


@dataclass
class _Cursor:
    """Where the next thing goes: the pages so far and the y of the current page's free top."""

    frame: Frame
    pages: list[Page] = field(default_factory=list)
    y: float = 0.0
    after_form: bool = False  # forms share a page only with forms, as in the corpus

    def new_page(self, frame: Frame) -> Page:
        page = Page(frame.width, frame.height)
        self.pages.append(page)
        self.frame = frame
        self.y = frame.height - frame.margin_top
        return page


BUDGET_TITLE = "{year}年部门预算"
FINAL_ACCOUNTS_TITLE = "{year}年度部门决算"


def cover_page(
    department_name: str, year: int | str, frame: Frame, face: FontFace,
    document_title: str = BUDGET_TITLE,
) -> Page:
    """A cover: the department on one line, ``document_title`` (``{year}年部门预算``) next."""
    page = Page(frame.width, frame.height)
    size = 26.0 if frame.width > 1000 else 22.0
    y = frame.height * 0.62
    for line in (department_name, document_title.format(year=year)):
        fitted = min(size, frame.inner_width / max(1, len(line)))
        width = text_width(face, line, fitted)
        page.items.append(Text((frame.width - width) / 2, y, fitted, line))
        y -= size * 2.2
    return page


def title_items(
    table: Table, geom: TableGeometry, face: FontFace, frame: Frame, top: float,
    issuer: str | None,
) -> tuple[list[Text], float]:
    """The title (centred, wrapped if long) and the 编制部门/单位 line; returns the y below."""
    items: list[Text] = []
    size = geom.size + 6
    lines = wrap(table.title, frame.inner_width, face, size)
    y = top
    for line in lines:
        y -= size * 1.2
        width = text_width(face, line, size)
        items.append(Text((frame.width - width) / 2, y, size, line))
    y -= size * 0.6
    small = geom.size
    left, right = geom.col_x[0], geom.col_x[-1]
    if table.unit or issuer:
        y -= small * 1.3
        if issuer:
            items.append(Text(left, y, small, f"编制部门：{issuer}"))
        if table.unit:
            unit = f"单位：{table.unit}"
            items.append(Text(right - text_width(face, unit, small), y, small, unit))
        y -= small * 0.6
    return items, y


def _header_slots(geom: TableGeometry, top: float) -> list[Slot]:
    slots, y = [], top
    for r, h in enumerate(geom.header_heights):
        slots.append(Slot("header", r, y, h))
        y -= h
    return slots


def _emit(page: Page, geom: TableGeometry, slots: list[Slot], face: FontFace, layout: Layout,
          table: Table) -> None:
    page.items += rules(geom, slots, layout.ruling)
    page.items += cell_texts(geom, slots, face, table.is_form)
    page.cells += [
        PlacedCell(table.title, part, cell.text, box)
        for part, cell, box in cell_boxes(geom, slots)
        if cell.text
    ]


def whole_form(
    table: Table, face: FontFace, frame: Frame, geom: TableGeometry, issuer: str | None
) -> tuple[TableGeometry, float, bool]:
    """A form at the largest size (from its own down to ``MIN_SIZE``) at which it fits on
    one page, as forms are printed smaller to keep them on one sheet: its geometry, the
    height of its title and whether it fits."""
    room = frame.height - frame.margin_top - frame.margin_bottom
    while True:
        probe, _ = title_items(table, geom, face, frame, 0.0, issuer)
        title_height = -probe[-1].y + geom.size if probe else 0.0
        fits = title_height + sum(geom.body_heights) <= room
        smaller = None if fits else measure_table(table, face, frame, geom.size - 0.5)
        if smaller is None:
            return geom, title_height, fits
        geom = smaller


def place_table(
    cursor: _Cursor, table: Table, layout: Layout, face: FontFace, department_name: str,
    keep_forms_whole: bool = False,
) -> None:
    """Lay one table onto pages from the cursor on, breaking pages between row groups.

    With ``keep_forms_whole``, a form is set smaller until it fits on one page (down to
    ``MIN_SIZE``) and is never broken across two: it starts a page unless all of it fits
    below the form before it.
    """
    frame = FRAMES[layout.orientation]
    base = BASE_SIZE[layout.orientation]
    geom = measure_table(table, face, frame, base)
    if geom is None:  # too wide even at the smallest size: this table goes on A3 landscape
        frame = FRAMES["a3_landscape"]
        geom = measure_table(table, face, frame, base)
    if geom is None:
        raise ValueError(f"table too wide to render: {table.title}")
    issuer = department_name if layout.issuer == "issuer" else None
    header_height = sum(geom.header_heights)
    groups = row_groups(geom.body)
    first_height = sum(geom.body_heights[r] for r in groups[0]) if groups else 0.0
    probe, _ = title_items(table, geom, face, frame, 0.0, issuer)
    title_height = -probe[-1].y + geom.size if probe else 0.0
    if keep_forms_whole and table.is_form:
        geom, title_height, fits = whole_form(table, face, frame, geom, issuer)
        groups = row_groups(geom.body)
        if fits:  # one piece: it shares a page only if all of it fits there
            groups, first_height = [list(range(geom.body.n_rows))], sum(geom.body_heights)
    fits_here = (
        table.is_form
        and cursor.after_form
        and cursor.pages
        and cursor.frame == frame
        and cursor.y - FORM_GAP - title_height - header_height - first_height
        > frame.margin_bottom
    )
    if fits_here:
        page = cursor.pages[-1]
        top = cursor.y - FORM_GAP
    else:
        page = cursor.new_page(frame)
        top = cursor.y
    items, top = title_items(table, geom, face, frame, top, issuer)
    page.items += items
    slots = _header_slots(geom, top)
    y = top - header_height
    pending = False
    for group in groups:
        height = sum(geom.body_heights[r] for r in group)
        if y - height < frame.margin_bottom and pending:
            _emit(page, geom, slots, face, layout, table)
            page = cursor.new_page(frame)
            top = cursor.y
            if layout.continuation == "title_header":
                items, top = title_items(table, geom, face, frame, top, issuer)
                page.items += items
            slots = _header_slots(geom, top) if layout.continuation != "none" else []
            y = top - sum(s.height for s in slots)
            pending = False
        for r in group:
            slots.append(Slot("body", r, y, geom.body_heights[r]))
            y -= geom.body_heights[r]
        pending = True
    _emit(page, geom, slots, face, layout, table)
    cursor.y = y
    cursor.after_form = table.is_form


def number_pages(pages: Sequence[Page], face: FontFace) -> None:
    """``- n -`` centred under every page but the cover, as printed disclosures do."""
    for n, page in enumerate(pages[1:], start=1):
        label = f"- {n} -"
        width = text_width(face, label, 9)
        page.items.append(Text((page.width - width) / 2, 24, 9, label))


def render_pages(
    tables: Sequence[dict], department_name: str, year: int | str, layout: Layout,
    document_title: str = BUDGET_TITLE, *, keep_forms_whole: bool = False,
) -> list[Page]:
    """The pages of a document: cover, then every table as ``layout`` prints it
    (``keep_forms_whole``: see :func:`place_table`)."""
    face = FACES[layout.font]
    frame = FRAMES[layout.orientation]
    cursor = _Cursor(frame, [cover_page(department_name, year, frame, face, document_title)])
    cursor.y = 0.0  # nothing flows onto the cover
    for source in tables:
        place_table(cursor, prepare_table(source, layout), layout, face, department_name,
                    keep_forms_whole)
    number_pages(cursor.pages, face)
    return cursor.pages


def render_document(
    tables: Sequence[dict],
    department_name: str,
    year: int | str,
    layout: Layout,
    out_path: str | Path | None = None,
    document_title: str = BUDGET_TITLE,
    *,
    keep_forms_whole: bool = False,
) -> bytes:
    """A PDF of ``tables`` (``*.tables.json`` structure) in ``layout``; written to
    ``out_path`` when given. Returns the PDF bytes. ``document_title`` is the cover's second
    line (:data:`FINAL_ACCOUNTS_TITLE` for a 决算); ``keep_forms_whole``: see
    :func:`place_table`."""
    pages = render_pages(tables, department_name, year, layout, document_title,
                         keep_forms_whole=keep_forms_whole)
    data = write_pdf(pages, FACES[layout.font])
    if out_path is not None:
        Path(out_path).write_bytes(data)
    return data


def render_with_pages(
    tables: Sequence[dict], department_name: str, year: int | str, layout: Layout,
    *, keep_forms_whole: bool = False,
) -> tuple[bytes, list[Page]]:
    """The PDF bytes and the pages they were written from (with every placed cell)."""
    pages = render_pages(tables, department_name, year, layout, keep_forms_whole=keep_forms_whole)
    return write_pdf(pages, FACES[layout.font]), pages


def main(argv: Sequence[str] | None = None) -> int:
    """Write variant PDFs for people to look at (and benchmarks to time)."""
    from tests.layouts.corpus import CORPUS, load_documents, variants

    parser = argparse.ArgumentParser(prog="python -m tests.layouts.render", description=__doc__)
    parser.add_argument("--out", required=True, type=Path, help="folder for the PDFs")
    parser.add_argument("--doc", help="a corpus document id (default: every document)")
    parser.add_argument("--layout", default=None,
                        help="a layout slug; 'all' for every pairwise layout; 'one-factor' for "
                             "the default layout and each one-factor change of it (default: the "
                             "harness's variants)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of *.tables.json")
    args = parser.parse_args(argv)
    docs = load_documents(args.corpus)
    every = variants(list(docs))
    if args.doc:
        docs = {k: v for k, v in docs.items() if k == args.doc}
        if not docs:
            parser.error(f"no document {args.doc!r} in {args.corpus}")
    if args.layout is None:
        chosen = [v for v in every if v.doc_id in docs]
    else:
        from tests.layouts.corpus import LAYOUTS, Variant, one_factor_layouts

        layouts = {"all": LAYOUTS, "one-factor": one_factor_layouts()}.get(args.layout)
        layouts = layouts or [layout_from_slug(args.layout)]
        chosen = [Variant(d, lay) for d in docs for lay in layouts]
    args.out.mkdir(parents=True, exist_ok=True)
    for variant in chosen:
        doc = docs[variant.doc_id]
        path = args.out / variant.file_name
        render_document(doc.tables, doc.department_name, doc.budget_year, variant.layout, path)
        print(path)  # noqa: T201 - a CLI lists what it wrote
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
