"""Amount tables to long, typed line items: one row per printed amount cell.

The structure of a table (which columns are labels, which carry amounts, whether it is
two-sided 收入 | 支出) is read from its cells and header paths; the meaning of each amount
column (基本支出, 人员经费, a fund source …) is applied later in dbt from a seed of header
patterns, so a new wording is a data change. Cleaning itself is one Polars chain.
"""

from __future__ import annotations

import re

import polars as pl

from pipelines.clean.subjects import (
    ECONOMIC_TABLES,
    FUNCTION_TABLES,
    infer_codes,
    load_subjects,
)
from pipelines.clean.values import compact, is_amount, is_code, is_total_label, split_code_name
from pipelines.extract.model import ExtractedTable

_SIDE_WORDS = {"收入": "income", "支出": "expenditure"}
_LABEL_HEADER = re.compile(r"编码|代码|名称|项目|科目|单位|类型|类款项|功能分类")
_CODE_HEADER = re.compile(r"编码|代码")
_UNIT_HEADER = re.compile(r"(部门|单位)(（单位）|\(单位\))?(名称|代码|编码)|预算单位|^单位$")
_NOT_AMOUNT_TABLES = {"performance_targets", "unit_composition", "unknown"}

LINE_ITEM_SCHEMA = {
    "document_id": pl.String,
    "table_id": pl.String,
    "table_type": pl.String,
    "page": pl.Int32,
    "row_index": pl.Int32,
    "side": pl.String,
    "label_printed": pl.String,
    "code_printed": pl.String,
    "secondary_label": pl.String,
    "item_name": pl.String,
    "item_code": pl.String,
    "is_total": pl.Boolean,
    "column_index": pl.Int32,
    "column_path": pl.String,
    "amount_printed": pl.String,
    "unit": pl.String,
}


def table_id(document_id: str, table_index: int) -> str:
    """Stable id of a table within the warehouse."""
    return f"{document_id}#{table_index:03d}"


def split_sides(paths: list[str]) -> list[tuple[str | None, list[int]]]:
    """Group columns into sides of a two-sided table by the first header level.

    Returns ``[(side, column indexes)]``; a one-sided table is one group with side ``None``.
    """
    firsts = [p.split("/")[0] if p else "" for p in paths]
    sides = [next((v for k, v in _SIDE_WORDS.items() if f.startswith(k) or f == k), None)
             for f in firsts]
    if "income" in sides and "expenditure" in sides and all(s is not None for s in sides):
        groups: list[tuple[str | None, list[int]]] = []
        for i, side in enumerate(sides):
            if not groups or groups[-1][0] != side:
                groups.append((side, []))
            groups[-1][1].append(i)
        return groups
    return [(None, list(range(len(paths))))]


def _strip_side(path: str, side: str | None) -> str:
    if side is None:
        return path
    parts = path.split("/")
    return "/".join(parts[1:]) if len(parts) > 1 else path


def column_roles(table: ExtractedTable, columns: list[int]) -> dict[int, str]:
    """``code``, ``label`` or ``amount`` for each column of one side.

    Content decides first: a column with any printed text that is not an amount is a label
    (a column of 3/5/7-digit codes is the code column). Empty columns fall back to their
    header words.
    """
    roles: dict[int, str] = {}
    for col in columns:
        cells = [compact(row[col]) for row in table.body_rows if col < len(row) and row[col]]
        path = table.column_paths[col] if col < len(table.column_paths) else ""
        non_amount = [c for c in cells if c and not is_amount(c)]
        codes = [c for c in cells if c]
        if codes and all(is_code(c) for c in codes) and _CODE_HEADER.search(path):
            roles[col] = "code"
        elif non_amount:
            roles[col] = "label"
        elif not cells and _LABEL_HEADER.search(path.split("/")[-1]):
            roles[col] = "code" if _CODE_HEADER.search(path) else "label"
        else:
            roles[col] = "amount"
    return roles


def raw_line_items(document_id: str, table: ExtractedTable) -> list[dict]:
    """The printed cells of an amount table as line-item dicts (before Polars cleaning)."""
    if table.table_type in _NOT_AMOUNT_TABLES:
        return []
    out = []
    tid = table_id(document_id, table.table_index)
    for side, columns in split_sides(table.column_paths):
        roles = column_roles(table, columns)
        label_cols = [c for c in columns if roles[c] == "label"]
        code_cols = [c for c in columns if roles[c] == "code"]
        amount_cols = [c for c in columns if roles[c] == "amount"]
        labels_are_units = any(
            _UNIT_HEADER.search(table.column_paths[c]) for c in label_cols + code_cols
        )
        for r, row in enumerate(table.body_rows):
            labels = [compact(row[c]) for c in label_cols if row[c] and compact(row[c])]
            code = next((compact(row[c]) for c in code_cols if row[c] and compact(row[c])), None)
            if not labels and not code:
                if not any(row[c] and compact(row[c]) for c in amount_cols):
                    continue
            label = row[label_cols[0]] if label_cols and row[label_cols[0]] else (
                labels[0] if labels else None
            )
            if label_cols and not compact(label) and len(labels) > 0:
                label = labels[0]
            printed_code, name = split_code_name(label)
            if not name and len(labels) > 1:
                _, name = split_code_name(labels[1])
            page = table.row_pages[r] if r < len(table.row_pages) else table.page_first
            for c in amount_cols:
                out.append(
                    {
                        "document_id": document_id,
                        "table_id": tid,
                        "table_type": table.table_type,
                        "page": page,
                        "row_index": r,
                        "side": side,
                        "label_printed": label,
                        "code_printed": code,
                        "secondary_label": labels[1] if len(labels) > 1 else None,
                        "item_name": name or None,
                        "item_code": code or printed_code,
                        "is_total": is_total_label(name),
                        "labels_are_units": labels_are_units,
                        "column_index": c,
                        "column_path": _strip_side(table.column_paths[c], side),
                        "amount_printed": row[c],
                        "unit": table.unit,
                    }
                )
    return out


def clean_line_items(raw: pl.LazyFrame) -> pl.LazyFrame:
    """Type and normalise raw line items: compact labels, exact amounts in yuan, flags.

    ``amount_yuan`` is a DECIMAL(20, 2) computed from the printed digits (thousands
    separators dropped; a dash reads as zero; blank stays null with ``is_blank``).
    """
    printed = pl.col("amount_printed").fill_null("").str.replace_all(r"\s+", "")
    number = (
        pl.when(printed.is_in(["-", "—", "–", "－", "--", "——"]))
        .then(pl.lit("0"))
        .otherwise(printed.str.replace_all(",", "").str.replace("−", "-"))
    )
    factor = (
        pl.when(pl.col("unit") == "元").then(pl.lit(1))
        .when(pl.col("unit") == "千元").then(pl.lit(1000))
        .when(pl.col("unit") == "亿元").then(pl.lit(100_000_000))
        .otherwise(pl.lit(10_000))
    )
    return (
        raw.with_columns(
            is_blank=printed == "",
            is_amount=number.str.contains(r"^-?\d+(\.\d+)?$"),
            amount_number=number,
            unit=pl.col("unit").fill_null("万元"),
        )
        .filter(pl.col("is_blank") | pl.col("is_amount"))
        .with_columns(
            amount_yuan=pl.when(pl.col("is_amount")).then(
                (
                    pl.col("amount_number").cast(pl.Decimal(24, 6))
                    * factor.cast(pl.Decimal(24, 0))
                ).cast(pl.Decimal(20, 2))
            ),
        )
        .drop("is_amount", "amount_number")
    )


def subject_codes(rows: list[dict], year: int | None) -> list[dict]:
    """Add ``subject_system``, ``subject_code`` and ``code_source`` to raw line items.

    Rows of one table side are resolved together, in printed order, so the hierarchy of the
    rows above can decide between codes that share a name.
    """
    groups: dict[tuple, list[dict]] = {}
    for item in rows:
        groups.setdefault((item["table_id"], item["side"]), []).append(item)
    for items in groups.values():
        table_type, side = items[0]["table_type"], items[0]["side"]
        if items[0]["labels_are_units"]:
            system = None  # rows name budget units (部门/单位), not subjects
        elif table_type in ECONOMIC_TABLES:
            system = "economic"
        elif table_type in FUNCTION_TABLES and side != "income":
            system = "function"
        else:
            system = None
        for item in items:
            item["subject_system"] = system
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


def line_items_frame(
    document_id: str, tables: list[ExtractedTable], year: int | None = None
) -> pl.DataFrame:
    """All line items of a document as a typed Polars frame."""
    rows = [item for t in tables for item in raw_line_items(document_id, t)]
    rows = subject_codes(rows, year)
    for item in rows:
        item.pop("labels_are_units", None)
    schema = {
        **LINE_ITEM_SCHEMA,
        "subject_system": pl.String,
        "subject_code": pl.String,
        "code_source": pl.String,
    }
    raw = pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)
    return clean_line_items(raw.lazy()).collect()
