"""Unit tests of the 项目支出表 reader on small hand-made tables."""

from __future__ import annotations

from decimal import Decimal

from pipelines.clean.projects import (
    PERIOD_CARRYOVER,
    PERIOD_CURRENT,
    column_role,
    parse_project_table,
)

TWO_LEVEL_PATHS = [
    "类型1",
    "类型",
    "项目名称/一级项目",
    "项目名称/二级项目",
    "项目单位",
    "合计",
    "本年财政拨款/一般公共预算",
    "财政拨款结转/一般公共预算",
]
TWO_LEVEL_ROWS = [
    ["", "合计", "", "", "", "30.00", "10.00", "20.00"],
    ["311", "专项业务支出", "", "", "", "30.00", "10.00", "20.00"],
    ["311-专项业务支出", "", "甲一级项目", "", "", "10.00", "10.00", ""],
    ["", "", "", "甲项 目一", "某某局", "4.00", "4.00", ""],
    ["", "", "", "甲项目二", "某某局", "6.00", "6.00", ""],
    ["311-专项业务支出", "", "乙一级项目", "", "", "20.00", "", "20.00"],
    ["", "", "", "乙项目", "某某局", "20.00", "", "20.00"],
]


def test_column_roles_from_header_words() -> None:
    assert column_role("项目名称/一级项目") == "level1"
    assert column_role("项目名称/二级项目") == "level2"
    assert column_role("项目名称") == "name"
    assert column_role("项目单位") == "unit"
    assert column_role("合计") == "total"
    assert column_role("财政拨款结转/一般公共预算") == "carryover_amount"
    assert column_role("本年财政拨款/一般公共预算") == "amount"


def test_two_level_table_reads_parents_children_and_categories() -> None:
    lines = parse_project_table(TWO_LEVEL_PATHS, TWO_LEVEL_ROWS, [5] * 7, "万元")
    names = [(line.project_name, line.parent_project, line.project_level) for line in lines]
    assert names == [
        ("甲一级项目", None, "一级"),
        ("甲项目一", "甲一级项目", "二级"),
        ("甲项目二", "甲一级项目", "二级"),
        ("乙一级项目", None, "一级"),
        ("乙项目", "乙一级项目", "二级"),
    ]
    assert {line.category_code for line in lines} == {"311"}
    assert {line.category_name for line in lines} == {"专项业务支出"}
    child = lines[1]
    assert child.implementing_unit == "某某局"
    assert child.amount_yuan == Decimal("40000.00")
    assert child.current_year_yuan == Decimal("40000.00")
    assert child.carryover_yuan is None
    carried = lines[4]
    assert carried.carryover_yuan == Decimal("200000.00")
    assert carried.current_year_yuan is None
    assert [f.period for f in carried.funds] == [PERIOD_CURRENT, PERIOD_CARRYOVER]
    assert lines[0].has_children and not lines[1].has_children
    # the rows money is budgeted to (the project linker's candidates for forms)
    assert [(line.project_name, line.amount_yuan) for line in lines if not line.has_children] == [
        ("甲项目一", Decimal("40000.00")),
        ("甲项目二", Decimal("60000.00")),
        ("乙项目", Decimal("200000.00")),
    ]


def test_unit_row_heads_its_projects_and_is_not_a_project() -> None:
    paths = ["项目名称", "合计", "2024年财政拨款/一般公共预算"]
    rows = [
        ["某某市社会保险中心", "10.50", "10.50"],
        ["项目一", "0.50", "0.50"],
        ["项目一", "10.00", "10.00"],
    ]
    lines = parse_project_table(paths, rows, [1, 1, 2], "万元")
    assert [(line.project_name, line.amount_yuan) for line in lines] == [
        ("项目一", Decimal("5000.00")),
        ("项目一", Decimal("100000.00")),
    ]
    assert {line.implementing_unit for line in lines} == {"某某市社会保险中心"}
    assert [line.page for line in lines] == [1, 2]


def test_unit_like_name_that_does_not_total_the_rows_below_is_a_project() -> None:
    paths = ["项目名称", "合计"]
    rows = [["社保服务中心", "3.00"], ["项目一", "1.00"]]
    lines = parse_project_table(paths, rows, [1, 1], "万元")
    assert [line.project_name for line in lines] == ["社保服务中心", "项目一"]


def test_carryover_table_by_title_and_yuan_unit() -> None:
    paths = ["项目名称", "合计", "2024年财政拨款/一般公共预算"]
    rows = [["项目一", "1,234", "1,234"]]
    lines = parse_project_table(paths, rows, [3], "元", title="2024年项目支出预算表（上年结转）")
    assert lines[0].carryover_yuan == Decimal("1234.00")
    assert lines[0].current_year_yuan is None
    assert lines[0].amount_printed == "1,234"


def test_table_without_total_column_sums_its_columns() -> None:
    paths = ["项目名称", "一般公共预算", "单位资金"]
    rows = [["项目一", "1.00", "2.00"], ["项目二", "", ""]]
    lines = parse_project_table(paths, rows, [1, 1], "万元")
    assert lines[0].amount_yuan == Decimal("30000.00")
    assert lines[1].amount_yuan is None
