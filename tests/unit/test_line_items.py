from decimal import Decimal

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.clean.line_items import (
    LINE_ITEM_SCHEMA,
    clean_line_items,
    line_items_frame,
    split_sides,
)
from pipelines.extract.model import ExtractedTable


def table(table_type, paths, body, unit="万元"):
    return ExtractedTable(
        table_index=0, title="t", table_type=table_type, unit=unit, page_first=3, page_last=3,
        ruling="ruled", header_rows=[], body_rows=body, row_pages=[3] * len(body),
        column_paths=paths,
    )


def test_two_sided_tables_split_into_income_and_expenditure():
    paths = ["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"]
    assert split_sides(paths) == [("income", [0, 1]), ("expenditure", [2, 3])]
    assert split_sides(["科目编码", "科目名称", "合计"]) == [(None, [0, 1, 2])]


def test_two_sided_summary_yields_a_line_item_per_side():
    t = table(
        "income_expenditure_summary",
        ["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"],
        [["一. 一般公共预算拨款收入", "682.48", "八. 社会保障和就业支出", "580.93"],
         ["本年收入合计", "682.48", "本年支出合计", "682.48"]],
    )
    df = line_items_frame("doc", [t], 2024)
    got = df.sort("row_index", "column_index").select(
        "side", "item_name", "subject_code", "is_total", "amount_yuan").rows()
    assert got == [
        ("income", "一般公共预算拨款收入", None, False, Decimal("6824800.00")),
        ("expenditure", "社会保障和就业支出", "208", False, Decimal("5809300.00")),
        ("income", "本年收入合计", None, True, Decimal("6824800.00")),
        ("expenditure", "本年支出合计", None, True, Decimal("6824800.00")),
    ]


def test_code_column_names_and_blank_cells():
    t = table(
        "expenditure_summary",
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [["", "合 计", "9,619.41", "7,216.31", "2,403.10"],
         ["2080505", "机关事业单位基本养老保险缴费支 出", "53.00", "53.00", ""]],
    )
    df = line_items_frame("doc", [t], 2024)
    row = df.filter(pl.col("row_index") == 1, pl.col("column_index") == 4)
    assert row["is_blank"].item() is True and row["amount_yuan"].item() is None
    assert row["item_name"].item() == "机关事业单位基本养老保险缴费支出"
    assert row["subject_code"].item() == "2080505" and row["code_source"].item() == "printed"
    assert df.filter(pl.col("row_index") == 0)["is_total"].all()
    assert df.filter(pl.col("row_index") == 0, pl.col("column_index") == 2)[
        "amount_yuan"].item() == Decimal("96194100.00")


def test_rows_naming_budget_units_are_not_subjects():
    t = table(
        "income_summary",
        ["部门（单位）代码", "部门（单位）名称", "合计"],
        [["310", "某市社会保险局", "9,619.41"]],
    )
    assert line_items_frame("doc", [t], 2024)["subject_system"].to_list() == [None]


def test_clean_line_items_amounts_are_exact_and_unit_aware():
    raw = pl.DataFrame(
        [
            {"amount_printed": "1,234.56", "unit": "万元"},
            {"amount_printed": "4570000", "unit": "元"},
            {"amount_printed": "—", "unit": "万元"},
            {"amount_printed": "", "unit": None},
            {"amount_printed": "说明文字", "unit": "万元"},
        ],
        schema={"amount_printed": pl.String, "unit": pl.String},
    )
    got = clean_line_items(raw.lazy()).collect()
    expected = pl.DataFrame(
        {
            "amount_printed": ["1,234.56", "4570000", "—", ""],
            "unit": ["万元", "元", "万元", "万元"],
            "is_blank": [False, False, False, True],
            "amount_yuan": [Decimal("12345600.00"), Decimal("4570000.00"), Decimal("0.00"), None],
        },
        schema={"amount_printed": pl.String, "unit": pl.String, "is_blank": pl.Boolean,
                "amount_yuan": pl.Decimal(20, 2)},
    )
    assert_frame_equal(got, expected)
    assert set(LINE_ITEM_SCHEMA) >= {"document_id", "table_id", "page", "column_path"}
