"""Amount tables to line items: structure read from cells and headers, every cell read once."""

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.clean.columns import (
    AMOUNT_COLUMN,
    CODE,
    CODE_PART,
    LABEL,
    ROW_NUMBER,
    column_role,
    join_code_parts,
    panels,
)
from pipelines.clean.line_items import LINE_ITEM_SCHEMA, line_items_frame, table_unit
from pipelines.extract.model import ExtractedTable


def table(table_type, paths, body, unit="万元", title="t"):
    return ExtractedTable(
        table_index=0, title=title, table_type=table_type, unit=unit, page_first=3,
        page_last=3, ruling="ruled", header_rows=[], body_rows=body,
        row_pages=[3] * len(body), column_paths=paths,
    )


def items(t, year=2024):
    return line_items_frame("doc", [t], year).sort("row_index", "column_index")


def test_two_sided_summary_yields_a_line_item_per_side():
    t = table(
        "income_expenditure_summary",
        ["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"],
        [["一. 一般公共预算拨款收入", "682.48", "八. 社会保障和就业支出", "580.93"],
         ["本年收入合计", "682.48", "本年支出合计", "682.48"]],
    )
    got = items(t).select(
        "side", "item_name", "subject_code", "row_kind", "row_fund_source", "amount_yuan"
    ).rows()
    assert got == [
        ("income", "一般公共预算拨款收入", None, None, "general_public_budget",
         Decimal("6824800.00")),
        ("expenditure", "社会保障和就业支出", "208", None, None, Decimal("5809300.00")),
        ("income", "本年收入合计", None, "year_total", None, Decimal("6824800.00")),
        ("expenditure", "本年支出合计", None, "year_total", None, Decimal("6824800.00")),
    ]


def test_three_sided_summary_reads_function_and_use_views():
    # 江苏: 收入 | 支出/功能分类 | 支出/支出用途; the 支出合计 label spans two panels
    t = table(
        "income_expenditure_summary",
        ["收入/项目名称", "收入/金额", "支出/功能分类/功能科目名称", "支出/功能分类/金额",
         "支出/支出用途/项目名称", "支出/支出用途/金额"],
        [["一、财政拨款", "18,330.37", "一、一般公共服务支出", "13,907.78", "一、基本支出",
          "9,312.90"],
         ["收入合计", "18,330.37", "支出合计", None, None, "18,330.37"]],
    )
    got = items(t).select("panel", "side", "view", "item_name", "row_kind", "subject_code").rows()
    assert ("income", None) == got[0][1:3]
    assert (1, "expenditure", "function", "一般公共服务支出", None, "201") in got
    assert (2, "expenditure", "use", "基本支出", None, None) in got
    assert (2, "expenditure", "use", "支出合计", "grand_total", None) in got


def test_code_split_over_class_section_item_columns_is_joined():
    t = table(
        "expenditure_summary",
        ["科目编码/类", "科目编码/款", "科目编码/项", "科目名称", "合计", "基本支出"],
        [["208", "", "", "社会保障和就业支出", "3,508,644.00", "3,508,644.00"],
         ["208", "05", "", "行政事业单位养老支出", "3,508,644.00", "3,508,644.00"],
         ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "1,748,327.00", ""],
         ["合计", None, None, None, "3,508,644.00", "3,508,644.00"]],
        unit="元",
    )
    assert [column_role(t, c) for c in range(6)] == [
        CODE_PART, CODE_PART, CODE_PART, LABEL, AMOUNT_COLUMN, AMOUNT_COLUMN]
    got = items(t).filter(pl.col("column_index") == 4).select(
        "subject_code", "code_printed", "code_source", "row_kind", "amount_yuan").rows()
    assert got == [
        ("208", "208", "printed", None, Decimal("3508644.00")),
        ("20805", "208 05", "printed", None, Decimal("3508644.00")),
        ("2080505", "208 05 05", "printed", None, Decimal("1748327.00")),
        (None, None, None, "total", Decimal("3508644.00")),
    ]


def test_code_parts_pad_a_one_digit_section_and_refuse_a_short_class():
    assert join_code_parts([("class", "301"), ("section", "2")]) == ("30102", True)
    assert join_code_parts([("class", "7"), ("section", "01")]) == (None, False)
    assert join_code_parts([("class", ""), ("section", "")]) == (None, True)


def test_a_misprinted_class_code_falls_back_to_the_name():
    t = table(
        "expenditure_summary",
        ["科目编码/类", "科目编码/款", "科目名称", "合计"],
        [["7", "", "卫生健康支出", "10.00"]],
    )
    row = items(t).row(0, named=True)
    assert row["subject_code"] == "210" and row["code_source"] == "name"
    assert row["code_printed"] == "7"


def test_row_numbers_and_column_number_rows_are_never_amounts():
    t = table(
        "expenditure_summary",
        ["序号", "科目编码", "科目名称", "合计"],
        [["栏次", "", "", "1"],
         ["1", "208", "社会保障和就业支出", "10.00"],
         ["2", "20805", "行政事业单位养老支出", "10.00"]],
    )
    assert column_role(t, 0) == ROW_NUMBER
    got = items(t)
    assert set(got["column_index"].to_list()) == {3}
    assert got["subject_code"].to_list() == ["208", "20805"]


def test_code_column_names_and_blank_cells():
    t = table(
        "expenditure_summary",
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [["", "合 计", "9,619.41", "7,216.31", "2,403.10"],
         ["2080505", "机关事业单位基本养老保险缴费支 出", "53.00", "53.00", ""]],
    )
    assert column_role(t, 0) == CODE
    df = items(t)
    row = df.filter(pl.col("row_index") == 1, pl.col("column_index") == 4)
    assert row["is_blank"].item() is True and row["amount_yuan"].item() is None
    assert row["item_name"].item() == "机关事业单位基本养老保险缴费支出"
    assert row["subject_code"].item() == "2080505" and row["code_source"].item() == "printed"
    assert df.filter(pl.col("row_index") == 0)["is_total"].all()
    assert df.filter(pl.col("row_index") == 0, pl.col("column_index") == 2)[
        "amount_yuan"].item() == Decimal("96194100.00")
    assert df["measure"].to_list() == ["total", "basic", "project"] * 2


@pytest.mark.parametrize("odd", ["—", "/", "-", "１２.００", "1,23.4", "(3.00)"])
def test_one_odd_cell_never_turns_an_amount_column_into_labels(odd):
    t = table(
        "project_expenditure" if False else "general_public_basic_expenditure",
        ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
        [["301", "工资福利支出", "10.00", odd, "10.00"],
         ["30101", "基本工资", "5.00", "5.00", ""],
         ["30102", "津贴补贴", "5.00", "5.00", ""]],
    )
    assert column_role(t, 3) == AMOUNT_COLUMN
    df = items(t)
    cell = df.filter(pl.col("row_index") == 0, pl.col("column_index") == 3).row(0, named=True)
    assert cell["measure"] == "personnel"
    assert cell["reading"] in ("amount", "blank", "unreadable")
    if odd == "1,23.4":
        assert cell["reading"] == "unreadable" and cell["amount_yuan"] is None


@given(st.lists(st.sampled_from(["12.00", "1,234.50", "—", "/", "", "(1.00)", "1,23.4"]),
                min_size=3, max_size=8))
def test_a_column_of_figures_and_dashes_stays_an_amount_column(cells):
    if all(c in ("—", "/", "") for c in cells):
        return  # nothing printed: the header decides
    body = [[str(300 + i), f"科目{i}", c] for i, c in enumerate(cells)]
    t = table("general_public_basic_expenditure", ["科目编码", "科目名称", "合计"], body)
    assert column_role(t, 2) == AMOUNT_COLUMN
    assert items(t).height == len(cells)


def test_rows_naming_budget_units_are_not_subjects():
    t = table(
        "income_summary",
        ["部门（单位）代码", "部门（单位）名称", "合计"],
        [["310", "某市社会保险局", "9,619.41"]],
    )
    assert items(t)["subject_system"].to_list() == [None]


def test_units_come_from_the_table_its_header_or_the_document():
    t = table("expenditure_summary", ["科目名称", "金额（元）"], [["合计", "1"]], unit=None)
    assert table_unit(t, None) == ("元", "printed")
    t = table("expenditure_summary", ["科目名称", "金额"], [["合计", "1"]], unit=None)
    assert table_unit(t, "元") == ("元", "document")
    assert table_unit(t, None) == ("万元", "assumed")


def test_three_public_items_and_periods_are_read_in_cleaning():
    # items as rows, periods as columns
    t = table(
        "three_public",
        ["项目", "2024年预算数", "比2023年预算数增减"],
        [["合计", "16.80", "0.60"], ["其中：(1)公务用车运行维护费", "6.00", ""]],
    )
    got = items(t).select("three_public_item", "period", "slot").rows()
    assert got == [
        ("total", "budget_year", "2024年预算数"),
        ("total", "change", "比2023年预算数增减"),
        ("vehicle_operation", "budget_year", "2024年预算数"),
        ("vehicle_operation", "change", "比2023年预算数增减"),
    ]
    # items as columns, the prior year as a column group
    t = table(
        "three_public",
        ["上年预算数/合计", "2024年预算数/公务用车购置及运行费/小计",
         "2024年预算数/公务用车购置及运行费/公务用车购置费", "公务接待费/合计",
         "公务用车/运行费/上年结转"],
        [["3", "4", "5", "6", "7"]],
    )
    got = items(t).select("three_public_item", "period", "slot").rows()
    assert got == [("total", "prior_year", "上年预算数"),
                   ("vehicle_total", "budget_year", "2024年预算数"),
                   ("vehicle_purchase", "budget_year", "2024年预算数"),
                   ("reception", "budget_year", ""),
                   ("vehicle_operation", "carryover", "上年结转")]


def test_schema_and_panels_of_a_plain_table():
    t = table("expenditure_summary", ["科目名称", "合计"], [["合计", "1"]])
    assert len(panels(t)) == 1 and panels(t)[0].side is None
    assert set(LINE_ITEM_SCHEMA) >= {"document_id", "table_id", "page", "column_path", "reading"}


def _outline(labels):
    t = table(
        "fiscal_appropriation_summary",
        ["收入/项目", "收入/预算数"],
        [[label, "1.00"] for label in labels],
    )
    got = items(t).select("row_index", "row_level", "parent_row_index").rows()
    return [(level, parent) for _, level, parent in got]


def test_numbered_rows_are_printed_under_the_row_of_a_lower_level():
    assert _outline(
        ["一、本年收入", "（一）一般公共预算财政拨款", "（二）政府性基金预算财政拨款",
         "二、上年结转", "（一）一般公共预算财政拨款", "1.基本支出", "收入总计"]
    ) == [(1, None), (2, 0), (2, 0), (1, None), (2, 3), (3, 4), (None, None)]


def test_unnumbered_rows_after_a_leaf_section_are_its_parts_and_其中_is_a_part():
    # 一、本年收入 over indented, unnumbered sources; 其中 rows belong to the row above
    assert _outline(
        ["一、本年收入", "一般公共预算拨款", "其中：教育收费", "二、上年结转", "收入总计"]
    ) == [(1, None), (None, 0), (None, 1), (1, None), (None, None)]


def test_an_unnumbered_row_after_a_deeper_outline_starts_anew_and_totals_close_it():
    assert _outline(
        ["一、本年收入", "（一）一般公共预算", "上年结转", "本年收入合计", "（一）其他"]
    ) == [(1, None), (2, 0), (None, None), (None, None), (2, None)]


def test_an_unnumbered_row_after_a_total_heads_the_numbered_rows_under_it():
    # 决算 财政拨款收入支出决算总表: 年初财政拨款结转和结余 over 一、一般公共预算财政拨款 …
    assert _outline(
        ["一、一般公共预算财政拨款", "二、政府性基金预算财政拨款", "本年收入合计",
         "年初财政拨款结转和结余", "一、一般公共预算财政拨款", "二、政府性基金预算财政拨款",
         "总计"]
    ) == [(1, None), (1, None), (None, None), (None, None), (1, 3), (1, 3), (None, None)]


# ---------------------------------------------------------------------------------------------
# 部门决算 (final accounts): actual amounts, the year's budget beside them, two-sided tables
# ---------------------------------------------------------------------------------------------


def final_items(t, year=2024):
    return line_items_frame("doc", [t], year, "final_accounts").sort("row_index", "column_index")


def test_a_final_accounts_column_is_actual_and_its_budget_columns_budgeted():
    t = table(
        "general_public_expenditure",
        ["科目编码", "科目名称", "年初预算数", "调整预算数", "决算数/合计", "决算数/基本支出",
         "决算数/项目支出"],
        [["208", "社会保障和就业支出", "10.00", "11.00", "9.00", "6.00", "3.00"]],
    )
    got = final_items(t).select("column_path", "measure", "amount_kind").rows()
    assert got == [
        ("年初预算数", "total", "budgeted"),
        ("调整预算数", "adjusted_budget", "budgeted"),
        ("决算数/合计", "total", "actual"),
        ("决算数/基本支出", "basic", "actual"),
        ("决算数/项目支出", "project", "actual"),
    ]
    # a column that names neither holds the kind of its document
    plain = table("general_public_expenditure", ["科目编码", "科目名称", "合计"],
                  [["208", "社会保障和就业支出", "9.00"]])
    assert items(plain)["amount_kind"].to_list() == ["budgeted"]
    assert final_items(plain)["amount_kind"].to_list() == ["actual"]


def test_final_accounts_balance_columns_are_measures():
    t = table(
        "government_fund_expenditure",
        ["科目编码", "科目名称", "年初结转和结余", "本年收入", "本年支出/小计",
         "本年支出/基本支出", "本年支出/项目支出", "年末结转和结余"],
        [["2120801", "征地和拆迁补偿支出", "1.00", "5.00", "4.00", "", "4.00", "2.00"]],
    )
    got = final_items(t).select("measure").to_series().to_list()
    assert got == ["opening_balance", "year_income", "total", "basic", "project",
                   "closing_balance"]


def test_a_two_sided_basic_expenditure_table_totals_each_half_by_name():
    # 决算: 人员经费 (301, 303) left, 公用经费 (302, 310) right, no overall 合计
    t = table(
        "general_public_basic_expenditure",
        ["经济分类/科目编码/类", "经济分类/科目编码/款", "科目名称", "决算数",
         "经济分类/科目编码/类", "经济分类/科目编码/款", "科目名称", "决算数"],
        [["301", "", "工资福利支出", "2,082.85", "302", "", "商品和服务支出", "171.07"],
         ["301", "01", "基本工资", "262.33", "302", "01", "办公费", "21.21"],
         ["人员经费合计", None, None, "2,152.26", "公用经费合计", None, None, "184.65"]],
    )
    got = final_items(t).sort("panel", "row_index").select(
        "panel", "subject_code", "row_kind", "measure", "amount_kind", "amount_printed"
    ).rows()
    assert got == [
        (0, "301", None, "total", "actual", "2,082.85"),
        (0, "30101", None, "total", "actual", "262.33"),
        (0, None, "total", "personnel", "actual", "2,152.26"),
        (1, "302", None, "total", "actual", "171.07"),
        (1, "30201", None, "total", "actual", "21.21"),
        (1, None, "total", "public", "actual", "184.65"),
    ]


def test_code_part_words_printed_on_the_total_row_are_header_words():
    # 收入决算表: 类 | 款 | 项 printed on the line of the 合计 row, under a 科目编码 header
    t = table(
        "income_summary",
        ["项目/科目编码", "项目/科目编码", "项目/科目编码", "项目/科目名称", "本年收入合计",
         "财政拨款收入", "其他收入"],
        [["类", "款", "项", "合计", "2,946.25", "2,940.05", "6.20"],
         ["201", "", "", "一般公共服务支出", "2,112.86", "2,106.66", "6.20"],
         ["201", "06", "01", "行政运行", "1,511.90", "1,511.89", "0.01"]],
    )
    assert [column_role(t, c) for c in range(4)] == [CODE_PART, CODE_PART, CODE_PART, LABEL]
    got = final_items(t).select("row_kind", "subject_code", "measure", "amount_printed").rows()
    assert got[:3] == [("total", None, "total", "2,946.25"),
                       ("total", None, "by_source", "2,940.05"),
                       ("total", None, "by_source", "6.20")]
    assert {row[1] for row in got[3:]} == {"201", "2010601"}


def test_a_final_accounts_three_public_table_prints_budget_and_actual():
    t = table(
        "three_public",
        ["财政拨款“三公”经费/合计/预算数", "财政拨款“三公”经费/合计/决算数",
         "财政拨款“三公”经费/公务用车购置及运行费/小计/决算数", "公务接待费/预算数",
         "公务接待费/决算数"],
        [["2.85", "0.39", "0.00", "2.85", "0.39"]],
    )
    got = final_items(t).select("three_public_item", "period", "amount_kind").rows()
    assert got == [
        ("total", "budget_year", "budgeted"),
        ("total", "actual", "actual"),
        ("vehicle_total", "actual", "actual"),
        ("reception", "budget_year", "budgeted"),
        ("reception", "actual", "actual"),
    ]


def test_unit_codes_under_a_code_header_are_never_amounts():
    # 收入总表 by budget unit: 部门（单位）代码 prints unit codes, not classification codes.
    t = table(
        "income_summary",
        ["部门（单位）代码", "部门（单位）名称", "合计", "财政拨款"],
        [["", "合计", "3,100.00", "3,100.00"],
         ["310", "某局", "3,100.00", "3,100.00"],
         ["310001", "某局（本级）", "3,100.00", "3,100.00"]],
    )
    assert column_role(t, 0) == CODE
    got = items(t)
    assert set(got["column_index"].to_list()) == {2, 3}
    assert "310001" not in got["amount_printed"].to_list()
