"""Titles, units, continuation across pages, header rows and table types from page layouts."""

from __future__ import annotations

import pytest

from pipelines.extract.grid import grid_from_boxes
from pipelines.extract.page import Fragment, PageLayout, TextLine
from pipelines.extract.tables import (
    assemble_tables,
    count_header_rows,
    find_title,
    is_data_row,
    recognise_table_type,
)


def line(top, text, size=10.5):
    return TextLine(top=top, bottom=top + size, x0=50, text=text, size=size)


def frag(page, top, rows, widths=(60, 120, 60, 60)):
    boxes = []
    y = top
    for row in rows:
        x = 50
        for w, text in zip(widths, row, strict=True):
            boxes.append((x, y, x + w, y + 20, text))
            x += w
        y += 20
    return Fragment(page=page, top=top, bottom=y, grid=grid_from_boxes(boxes, page), ruling="ruled")


HEADER = ["科目编码", "科目名称", "合计", "基本支出"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("一、收支总表", "income_expenditure_summary"),
        ("部门收支总表", "income_expenditure_summary"),
        ("2024年预算收支总表", "income_expenditure_summary"),
        ("四、财政拨款收支总表", "fiscal_appropriation_summary"),
        ("部门收入总表", "income_summary"),
        ("2024年预算支出总表", "expenditure_summary"),
        ("五、一般公共预算支出表", "general_public_expenditure"),
        ("2024年一般公共预算支出预算表（不含上年结转）", "general_public_expenditure"),
        ("一般公共预算基本支出表", "general_public_basic_expenditure"),
        ("2024年一般公共预算安排基本支出分经济科目表", "general_public_basic_expenditure"),
        ("一般公共预算“三公”经费支出表", "three_public"),
        ("政府性基金预算支出表", "government_fund_expenditure"),
        ("2024年国有资本经营预算收支预算表（不含上年结转）", "state_capital_expenditure"),
        ("十、项目支出表", "project_expenditure"),
        ("2024年省级部门预算项目支出绩效目标表", "performance_targets"),
        ("预算单位财政支出项目绩效目标申报表", "performance_targets"),
        ("财政拨款安排机关运行经费预算表", "agency_operating_costs"),
        ("某某情况说明", "unknown"),
        # 部门决算 (final accounts)
        ("收入支出决算总表", "income_expenditure_summary"),
        ("收入决算表", "income_summary"),
        ("支出决算表", "expenditure_summary"),
        ("财政拨款收入支出决算总表", "fiscal_appropriation_summary"),
        ("一般公共预算财政拨款支出决算表", "general_public_expenditure"),
        ("一般公共预算财政拨款基本支出决算表", "general_public_basic_expenditure"),
        ("财政拨款“三公”经费支出决算表", "three_public"),
        ("政府性基金预算财政拨款收入支出决算表", "government_fund_expenditure"),
        ("国有资本经营预算财政拨款收入支出决算表", "state_capital_expenditure"),
    ],
)
def test_table_types_from_title_wordings(title, expected):
    assert recognise_table_type(title) == expected


def test_title_prefers_the_nearest_table_name_over_part_headings():
    lines = [
        line(70, "第二部分 部门预算表", 16),
        line(110, "部门公开表1"),
        line(150, "收支总表", 14),
        line(180, "部门名称：某市某局"),
        line(198, "单位：万元"),
    ]
    assert find_title(lines, 0, 215) == "收支总表"


def test_header_rows_stop_at_the_first_data_row():
    rows = [
        HEADER,
        ["", "合计", "682.48", "614.98"],
        ["208", "社会保障和就业支出", "580.93", "513.43"],
    ]
    f = frag(5, 200, rows)
    assert count_header_rows(f.grid) == 1
    assert is_data_row(["208", "x", "", ""])
    assert not is_data_row(["合计", "因公出国(境)费用", "公务接待费"])  # 三公 header
    assert is_data_row(["因公出国（境）费", "", "", ""])  # printed label, blank values
    assert not is_data_row(["1", "2", "3", "4"])  # column numbers (栏次)


def test_table_continuing_on_next_page_is_joined_and_repeated_header_dropped():
    page5 = PageLayout(
        page=5, height=842,
        fragments=[frag(5, 200, [HEADER, ["208", "社会保障和就业支出", "580.93", "513.43"]])],
        lines=[line(150, "支出总表", 14), line(180, "单位：万元")],
    )
    page6 = PageLayout(
        page=6, height=842,
        fragments=[frag(6, 60, [HEADER, ["210", "卫生健康支出", "58.06", "58.06"]])],
        lines=[line(800, "- 6 -")],
    )
    page7 = PageLayout(
        page=7, height=842,
        fragments=[
            frag(7, 200, [["项目", "金额", "项目", "金额"], ["一、x", "1.00", "一、y", "1.00"]])
        ],
        lines=[line(150, "财政拨款收支总表", 14), line(180, "单位：万元")],
    )
    tables = assemble_tables([page5, page6, page7])
    assert [t.title for t in tables] == ["支出总表", "财政拨款收支总表"]
    first = tables[0]
    assert (first.page_first, first.page_last, first.unit) == (5, 6, "万元")
    assert first.table_type == "expenditure_summary"
    assert first.header_rows == [HEADER]
    assert [r[0] for r in first.body_rows] == ["208", "210"]
    assert first.row_pages == [5, 6]
    assert first.column_paths == HEADER


def test_empty_table_note_marks_table_empty():
    page = PageLayout(
        page=13, height=842,
        fragments=[frag(13, 200, [HEADER, ["", "合计", "", ""]])],
        lines=[
            line(150, "政府性基金预算支出表", 14),
            line(300, "注：本部门没有政府性基金预算支出，故本表无数据。"),
        ],
    )
    (table,) = assemble_tables([page])
    assert table.is_empty and "本表无数据" in table.note


def test_caption_rows_inside_the_grid_give_title_and_unit():
    rows = [
        ["一般公共预算支出表", "", "", ""],
        ["单位：万元", "", "", ""],
        HEADER,
        ["208", "社会保障和就业支出", "580.93", "513.43"],
    ]
    boxes = []
    for r, row in enumerate(rows):
        if r < 2:
            boxes.append((50, 200 + 20 * r, 350, 220 + 20 * r, row[0]))
            continue
        x = 50
        for w, text in zip((60, 120, 60, 60), row, strict=True):
            boxes.append((x, 200 + 20 * r, x + w, 220 + 20 * r, text))
            x += w
    page = PageLayout(page=3, height=842, lines=[],
                      fragments=[Fragment(3, 200, 280, grid_from_boxes(boxes, 3), "ruled")])
    (table,) = assemble_tables([page])
    assert (table.title, table.unit, table.table_type) == (
        "一般公共预算支出表", "万元", "general_public_expenditure")
    assert table.header_rows == [HEADER]
    assert table.body_rows[0][0] == "208"


def test_titles_printed_inside_the_grid_start_a_new_table_not_a_continuation():
    # 江苏: every table is one page, its title and 部门/单位 line inside the ruled grid
    def page(number, caption, header, body):
        rows = [[caption, None, None, None], ["部门：某厅 单位：万元", None, None, None],
                header, *body]
        boxes, y = [], 100
        for row in rows:
            if row[1] is None:
                boxes.append((50, y, 350, y + 20, row[0]))
            else:
                x = 50
                for w, text in zip((60, 120, 60, 60), row, strict=True):
                    boxes.append((x, y, x + w, y + 20, text))
                    x += w
            y += 20
        return PageLayout(page=number, height=842, lines=[],
                          fragments=[Fragment(number, 100, y, grid_from_boxes(boxes, number),
                                              "ruled")])

    first = page(
        1, "收入预算总表", ["项目", "名称", "金额", "其中"], [["1", "一、财政拨款", "1.00", ""]]
    )
    second = page(2, "支出预算总表", HEADER, [["208", "社会保障和就业支出", "1.00", "1.00"]])
    tables = assemble_tables([first, second])
    assert [(t.title, t.unit, t.table_type) for t in tables] == [
        ("收入预算总表", "万元", "income_summary"),
        ("支出预算总表", "万元", "expenditure_summary"),
    ]


def test_a_form_printed_again_under_its_title_is_a_new_form():
    form = [["项目名称", "某项目", "", ""], ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "人数", "10人"]]
    pages = [
        PageLayout(page=n, height=842, lines=[line(60, "项目支出绩效目标表")],
                   fragments=[frag(n, 100, form)])
        for n in (7, 8)
    ]
    assert len(assemble_tables(pages)) == 2


@pytest.mark.parametrize(
    ("pages", "title", "expected"),
    [
        (["某市某局(本级)\n2024 年度部门预算\n- 1 -"], None,
         ("某市某局（本级）", 2024, "budget", "department")),
        (["某县某中心2023年部门预算"], None, ("某县某中心", 2023, "budget", "department")),
        (["目录"], "某局2022年单位预算公开", ("某局", 2022, "budget", "unit")),
        (["某市某区2025年区级部门预算\n预算主管部门：某市某区财政局"], None,
         ("某市某区财政局", 2025, "budget", "department")),
        (["某市某区2025年区级单位预算\n预算单位：某市某区商务委员会"], None,
         ("某市某区商务委员会", 2025, "budget", "unit")),
        (["某市某区规划和自然\n资源局\n2024 年度部门决算"], None,
         ("某市某区规划和自然资源局", 2024, "final_accounts", "department")),
        (["某省2018年度\n省级部门预算公开报表\n部 门:中共某省委办公厅"], None,
         ("中共某省委办公厅", None, "budget", "department")),
    ],
)
def test_cover_gives_department_year_kind_and_scope(pages, title, expected):
    from pipelines.extract.cover import read_cover

    cover = read_cover(pages, title)
    assert (cover.department_name, cover.budget_year, cover.document_kind, cover.scope) == expected


def test_without_a_cover_the_tables_give_department_and_year():
    from pipelines.extract.cover import read_cover

    pages = ["公开表一\n部门： 单位：万元", "公开表二\n部门： 某省某办公厅 单位：万元"]
    cover = read_cover(pages, None, ["收支预算总表", "2019年政府采购预算表"])
    assert (cover.department_name, cover.budget_year) == ("某省某办公厅", 2019)
