"""Amount tables to long, typed line items: one row per printed amount cell.

A table is read through its structure (:mod:`pipelines.clean.columns`: panels of label, code
and amount columns) and every cell once, with the one amount policy
(:mod:`pipelines.clean.amounts`) and the one reading of meaning (:mod:`pipelines.clean.meaning`:
measure, fund source, 三公 item and period, total rows). What comes out says, per cell, what it
is: later steps filter, they never re-read a label.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from pipelines import vocabulary
from pipelines.clean import meaning
from pipelines.clean.amounts import AMOUNT, BLANK, read_amount, to_yuan, unit_in_brackets
from pipelines.clean.columns import Panel, join_code_parts, panels
from pipelines.clean.labels import (
    compact,
    numbering_level,
    split_code_name,
    split_part_marker,
)
from pipelines.clean.subjects import infer_codes, load_subjects, subject_system_of
from pipelines.extract.model import ExtractedTable
from pipelines.extract.tables import is_column_number_row
from pipelines.identity import table_id

# Tables read by a reader of their own (projects, targets) or that print no amounts.
NOT_LINE_ITEM_TABLES = frozenset(
    {"performance_targets", "unit_composition", "unknown", "project_expenditure",
     "government_procurement"}
)
DEFAULT_UNIT = "万元"

LINE_ITEM_SCHEMA = {
    "document_id": pl.String,
    "table_id": pl.String,
    "table_type": pl.String,
    "page": pl.Int32,
    "row_index": pl.Int32,
    "column_index": pl.Int32,
    "panel": pl.Int32,
    "side": pl.String,
    "view": pl.String,
    "label_printed": pl.String,
    "code_printed": pl.String,
    "secondary_label": pl.String,
    "item_name": pl.String,
    "row_kind": pl.String,
    "is_total": pl.Boolean,
    "row_level": pl.Int32,
    "parent_row_index": pl.Int32,
    "subject_system": pl.String,
    "subject_code": pl.String,
    "code_source": pl.String,
    "column_path": pl.String,
    "column_group": pl.String,
    "is_subtotal_column": pl.Boolean,
    "measure": pl.String,
    "amount_kind": pl.String,
    "row_fund_source": pl.String,
    "column_fund_source": pl.String,
    "three_public_item": pl.String,
    "item_from_header": pl.Boolean,
    "slot": pl.String,
    "period": pl.String,
    "amount_printed": pl.String,
    "reading": pl.String,
    "is_blank": pl.Boolean,
    "amount_yuan": pl.Decimal(20, 2),
    "unit": pl.String,
    "unit_source": pl.String,
    "ocr_confidence": pl.Float64,
}


def document_unit(tables: list[ExtractedTable]) -> str | None:
    """The unit most of a document's amount tables print (for a table that prints none)."""
    units = Counter(t.unit for t in tables if t.unit and t.table_type not in NOT_LINE_ITEM_TABLES)
    return units.most_common(1)[0][0] if units else None


def table_unit(table: ExtractedTable, fallback: str | None) -> tuple[str, str]:
    """The unit of a table and where it came from.

    ``printed`` (above the table or in its header, 金额（万元）), ``document`` (the unit the
    document's other tables print) or
    ``assumed`` (万元, the usual unit, when the document prints none).
    """
    if table.unit:
        return table.unit, "printed"
    for path in table.column_paths:
        unit = unit_in_brackets(path)
        if unit:
            return unit, "printed"
    if fallback:
        return fallback, "document"
    return DEFAULT_UNIT, "assumed"


def _covering_text(row: list[str | None], col: int) -> str | None:
    """The text of the merged cell covering ``row[col]``.

    ``None`` positions continue the nearest printed cell to their left.
    """
    while col >= 0 and row[col] is None:
        col -= 1
    return row[col] if col >= 0 else None


def _row_label(row: list[str | None], panel: Panel) -> tuple[str | None, str | None]:
    """The label and second label of a row within one panel."""
    texts = [row[c] for c in panel.labels if c < len(row) and row[c] and compact(row[c])]
    if texts:
        return texts[0], (texts[1] if len(texts) > 1 else None)
    # A total row prints its label across the code columns (合计 under 类 | 款 | 项).
    coded = [c for c, _ in panel.code_parts] + ([panel.code] if panel.code is not None else [])
    for c in coded:
        text = compact(row[c]) if c < len(row) and row[c] else ""
        if text and not text.isdigit():
            return row[c], None
    first = min(panel.columns)
    if first < len(row) and row[first] is None:
        covering = _covering_text(row, first)
        if covering and read_amount(covering).kind not in (AMOUNT,):
            return covering, None
    return None, None


def _row_code(row: list[str | None], panel: Panel) -> tuple[str | None, str | None, bool]:
    """``(code, printed text, complete)`` from the code column or the code-part columns."""
    # a total's label printed across the code columns (合计) is no code
    if panel.code is not None and panel.code < len(row):
        text = compact(row[panel.code])
        text = text if text.isdigit() else ""
        return (text or None), (text or None), True
    if panel.code_parts:
        parts = [
            (part, compact(row[c]) if compact(row[c]).isdigit() else "")
            for c, part in panel.code_parts
            if c < len(row)
        ]
        printed = " ".join(t for _, t in parts if t) or None
        code, complete = join_code_parts(parts)
        return code, printed, complete
    return None, None, True


def _subject_system(table: ExtractedTable, panel: Panel, labels_are_units: bool) -> str | None:
    if labels_are_units:
        return None  # rows name budget units (部门/单位), not subjects
    system = subject_system_of(table.table_type)
    if system == "function" and (panel.side == "income" or panel.view == "use"):
        return None  # an income side names sources; a 支出用途 side names uses
    return system


def raw_line_items(
    document_id: str,
    table: ExtractedTable,
    budget_year: int | None = None,
    fallback_unit: str | None = None,
    document_kind: str | None = None,
) -> list[dict]:
    """The printed cells of an amount table as line-item dicts, every cell read once.

    ``document_kind`` (``budget`` / ``final_accounts``) is the kind of figure a column holds
    when its header does not say (:func:`pipelines.clean.meaning.amount_kind`).
    """
    if table.table_type in NOT_LINE_ITEM_TABLES:
        return []
    unit, unit_source = table_unit(table, fallback_unit)
    tid = table_id(document_id, table.table_index)
    out = []
    for number, panel in enumerate(panels(table)):
        if not panel.amounts:
            continue
        labels_are_units = any(
            vocabulary.search("budget_unit_header", table.column_paths[c])
            for c in panel.labels + ([panel.code] if panel.code is not None else [])
        )
        system = _subject_system(table, panel, labels_are_units)
        column_meaning = {
            c: _column_meaning(table, panel, c, budget_year, document_kind)
            for c in panel.amounts
        }
        for r, row in enumerate(table.body_rows):
            texts = tuple(compact(c) for c in row if c and compact(c))
            if not texts or is_column_number_row(texts):
                continue
            label, secondary = _row_label(row, panel)
            code, code_printed, complete = _row_code(row, panel)
            label_code, name = split_code_name(label)
            if not name and secondary:
                _, name = split_code_name(secondary)
            if not any(row[c] and compact(row[c]) for c in panel.amounts if c < len(row)):
                if not (label or code):
                    continue
            kind = meaning.row_kind(name)
            if kind is None and not (label or code) and not (
                panel.labels or panel.code is not None or panel.code_parts
            ) and system:
                # a classification table printed as one row of figures (a 支出预算总表 such as
                # 合计 | 基本支出 | 项目支出 …) prints only its total
                kind = "total"
            page = table.row_pages[r] if r < len(table.row_pages) else table.page_first
            named = meaning.total_row_measure(table.table_type, name) if kind == "total" else None
            for c in panel.amounts:
                printed = row[c] if c < len(row) else None
                if printed is None:
                    continue  # a position a merged cell covers prints nothing of its own
                reading = read_amount(printed)
                item, from_header, slot, specificity = None, False, None, 0
                if table.table_type == "three_public":
                    path = column_meaning[c]["path"]
                    item, from_header, specificity = meaning.three_public_item(name, path)
                    slot = meaning.three_public_slot(path, from_header)
                out.append(
                    {
                        "document_id": document_id,
                        "table_id": tid,
                        "table_type": table.table_type,
                        "page": page,
                        "row_index": r,
                        "column_index": c,
                        "panel": number,
                        "side": panel.side,
                        "view": panel.view,
                        "label_printed": label,
                        "code_printed": code_printed or label_code,
                        "secondary_label": secondary,
                        "item_name": name or None,
                        "row_kind": kind,
                        "is_total": kind is not None,
                        "row_level": numbering_level(label or secondary),
                        "subject_system": system,
                        "item_code": (code if complete else None) or label_code,
                        "column_path": column_meaning[c]["path"],
                        "column_group": column_meaning[c]["group"],
                        "is_subtotal_column": column_meaning[c]["is_subtotal"],
                        # 人员经费合计 under a 决算数 column: the 人员经费 total
                        "measure": (
                            named if named and column_meaning[c]["measure"] == "total"
                            else column_meaning[c]["measure"]
                        ),
                        "amount_kind": column_meaning[c]["amount_kind"],
                        "row_fund_source": meaning.fund_source(name),
                        "column_fund_source": column_meaning[c]["fund_source"],
                        "three_public_item": item,
                        "item_from_header": from_header,
                        "_specificity": specificity,
                        "slot": slot,
                        "period": column_meaning[c]["period"],
                        "amount_printed": printed,
                        "reading": reading.kind,
                        "is_blank": reading.kind == BLANK,
                        "amount_yuan": to_yuan(reading.value, unit),
                        "unit": unit,
                        "unit_source": unit_source,
                        "ocr_confidence": table.confidence(r, c),
                    }
                )
    if table.table_type == "three_public":
        _separate_table_totals(out)
    return out


def _separate_table_totals(cells: list[dict]) -> None:
    """Tell a 三公 table's own 合计 from the 三公 total.

    Where a 三公 table prints the 三公 total by name and a 合计 beside it in the same row and
    period, the 合计 is the whole table's (with 会议费, 培训费 …): item ``table_total``.
    """
    totals: dict[tuple, list[dict]] = {}
    for cell in cells:
        if cell["three_public_item"] == "total" and cell["item_from_header"]:
            totals.setdefault((cell["row_index"], cell["slot"], cell["period"]), []).append(cell)
    for group in totals.values():
        most_specific = min(cell["_specificity"] for cell in group)
        for cell in group:
            if cell["_specificity"] > most_specific:
                cell["three_public_item"] = "table_total"


def _strip_side(path: str, panel: Panel) -> str:
    """A column's header path without the side and view levels that name its panel."""
    parts = path.split("/")
    while len(parts) > 1 and (
        (panel.side and vocabulary.classify("side_header", parts[0]) == panel.side)
        or (panel.view and vocabulary.classify("expenditure_view", parts[0]) == panel.view)
    ):
        parts = parts[1:]
    return "/".join(parts)


def _column_meaning(
    table: ExtractedTable,
    panel: Panel,
    col: int,
    budget_year: int | None,
    document_kind: str | None = None,
) -> dict[str, str | bool | None]:
    path = _strip_side(table.column_paths[col] if col < len(table.column_paths) else "", panel)
    period = None
    if table.table_type == "three_public":
        period = meaning.three_public_period(path, budget_year)
    *group, last = path.split("/")
    return {
        "path": path,
        # a 小计 / 合计 column under a header group (当年预算/小计) totals the columns beside it
        "group": "/".join(group) or None,
        "is_subtotal": bool(group) and meaning.row_kind(last) in ("total", "subtotal"),
        "measure": meaning.column_measure(table.table_type, panel.side, path),
        "amount_kind": meaning.amount_kind(path, document_kind),
        "fund_source": meaning.column_fund_source(path),
        "period": period,
    }


def subject_codes(rows: list[dict], year: int | None) -> list[dict]:
    """Add ``subject_code`` and ``code_source`` to raw line items.

    Rows of one table panel are resolved together, in printed order, so the hierarchy of the
    rows above can decide between codes that share a name.
    """
    groups: dict[tuple, list[dict]] = {}
    for item in rows:
        groups.setdefault((item["table_id"], item["panel"]), []).append(item)
    for items in groups.values():
        system = items[0]["subject_system"]
        for item in items:
            item["subject_code"] = None
            item["code_source"] = None
        if system is None:
            continue
        ordered: dict[int, tuple[str | None, str | None]] = {}
        for item in items:
            if not item["is_total"]:
                ordered.setdefault(item["row_index"], (item["item_name"], item["item_code"]))
        inferred = dict(
            zip(ordered, infer_codes(list(ordered.values()), load_subjects(system), year),
                strict=True)
        )
        for item in items:
            if item["row_index"] in inferred:
                item["subject_code"], item["code_source"] = inferred[item["row_index"]]
    return rows


def outline(rows: list[dict]) -> list[dict]:
    """Add ``parent_row_index``: the row a row is printed under.

    An item number sets a row's outline level (``一、`` 1, ``（一）`` 2 …); a numbered row's
    parent is the nearest row above it in its panel with a lower level. A ``其中：`` row is a
    part of the row above it. Unnumbered rows after a numbered row that has no numbered rows
    under it are its indented parts (一、本年收入 over 一般公共预算拨款 …); after a deeper
    outline they start a new top-level row (一、本年收入 （一）… then 上年结转). Rows without a
    number have no level, so no identity sums them as a parent's items. A total row closes
    the outline (the rows after 本年收入合计 are not parts of what came before it); after it,
    numbered rows under an unnumbered row are its parts (年初财政拨款结转和结余 over 一、一般
    公共预算财政拨款 二、… in a 决算's 财政拨款收入支出决算总表).
    """
    groups: dict[tuple, dict[int, dict]] = {}
    for item in rows:
        groups.setdefault((item["table_id"], item["panel"]), {}).setdefault(
            item["row_index"], item
        )
    parents: dict[tuple, int | None] = {}
    for (tid, panel), by_row in groups.items():
        open_rows: list[tuple[int, int]] = []  # (level, row_index), levels increasing
        whole: int | None = None  # the last row that is not itself a part
        after_total = False
        heading: int | None = None  # an unnumbered row after a total, over numbered rows
        for row_index in sorted(by_row):
            first = by_row[row_index]
            level = first["row_level"]
            if first["is_total"]:
                open_rows, whole, heading, after_total = [], None, None, True
                continue
            if split_part_marker(first["label_printed"])[0]:
                parents[(tid, panel, row_index)] = whole
                continue
            whole = row_index
            if level is None:
                if len(open_rows) == 1:
                    parents[(tid, panel, row_index)] = open_rows[0][1]
                else:
                    open_rows = []
                    heading = row_index if after_total else None
                continue
            while open_rows and open_rows[-1][0] >= level:
                open_rows.pop()
            parents[(tid, panel, row_index)] = open_rows[-1][1] if open_rows else heading
            open_rows.append((level, row_index))
    for item in rows:
        item["parent_row_index"] = parents.get((item["table_id"], item["panel"], item["row_index"]))
    return rows


def line_items_frame(
    document_id: str,
    tables: list[ExtractedTable],
    year: int | None = None,
    document_kind: str | None = None,
) -> pl.DataFrame:
    """All line items of a document as a typed Polars frame."""
    fallback = document_unit(tables)
    rows = [
        item for t in tables
        for item in raw_line_items(document_id, t, year, fallback, document_kind)
    ]
    rows = outline(subject_codes(rows, year))
    for item in rows:
        item.pop("item_code", None)
        item.pop("_specificity", None)
    return pl.DataFrame(rows, schema=LINE_ITEM_SCHEMA) if rows else pl.DataFrame(
        schema=LINE_ITEM_SCHEMA
    )


def unreadable_cells(frame: pl.DataFrame) -> pl.DataFrame:
    """The amount cells printed in a form that is not an amount (``1,23.4``): findings."""
    return frame.filter(pl.col("reading") == "unreadable")

