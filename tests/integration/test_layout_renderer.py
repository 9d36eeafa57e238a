"""The layout renderer: what it prints reads back as the cells it meant to print.

Small tables rendered and read with pdfplumber (``extract_tables`` where cells are ruled,
``extract_text`` where they are not) and with pdfium cell by cell. No dbt, no pipeline.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pdfplumber
import pytest

from tests.layouts.factors import Layout
from tests.layouts.readback import misread_cells, page_texts, squash
from tests.layouts.render import render_document, render_with_pages
from tests.layouts.tables import block_from_rows, delete_column, insert_column, split_column
from tests.layouts.transform import format_yuan, prepare_table

DEPARTMENT, YEAR = "海东市社会保险服务局", 2024
EXPENDITURE = {
    "title": "三、支出总表",
    "unit": "万元",
    "header_rows": [
        ["支出功能分类科目", None, "2024年预算数", None, None],
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ],
    "body_rows": [
        ["", "合计", "682.48", "614.98", "67.50"],
        ["208", "社会保障和就业支出", "580.93", "513.43", "67.50"],
        ["20801", "人力资源和社会保障管理事务", "445.48", "409.54", "35.94"],
        ["2080107", "社会保险业务管理事务", "439.56", "403.62", "35.94"],
        ["210", "卫生健康支出", "1,101.55", "1,101.55", ""],
    ],
}
PARENS = {
    "title": "一般公共预算支出表",
    "unit": "万元",
    "header_rows": [["功能分类科目(类款项)", "预算数"]],
    "body_rows": [
        ["一、社会保障和就业支出(208)", "6535.47"],
        ["社会保险经办机构(2080109)", "6141.43"],
        ["合计", "7302.57"],
    ],
}
FORM = {
    "title": "项目支出绩效目标表",
    "unit": "元",
    "header_rows": [],
    "body_rows": [
        ["项目名称", None, "城乡居民养老代办员补助", None],
        ["项目资金\n(元)", "年度资金总额", "262,100", None],
        [None, "其中：财政拨款", "262,100", "100%"],
        ["项目概况", None, "年补助标准700元，" * 6, None],
    ],
}
GRID = Layout(ruling="grid")


def pdf_of(tables, layout) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(render_document(tables, DEPARTMENT, YEAR, layout)))


def squashed(rows):
    return [[None if c is None else squash(c) for c in row] for row in rows]


def printed_rows(table: dict, layout: Layout) -> list[list[str | None]]:
    prepared = prepare_table(table, layout)
    return squashed(prepared.header.to_rows() + [list(r) for r in prepared.body])


def only_table(page) -> list[list[str | None]]:
    tables = page.extract_tables()
    assert len(tables) == 1, tables
    return squashed(tables[0])


def test_grid_table_reads_back_cell_for_cell_with_merged_headings():
    with pdf_of([EXPENDITURE], GRID) as pdf:
        got = only_table(pdf.pages[1])
    assert got == printed_rows(EXPENDITURE, GRID)
    assert got[0] == ["支出功能分类科目", None, "2024年预算数", None, None]
    assert got[3] == ["208", "社会保障和就业支出", "580.93", "513.43", "67.50"]


def test_cover_and_unit_line_print_department_year_and_unit():
    from pipelines.extract.cover import read_cover

    layout = replace(GRID, issuer="issuer")
    texts = page_texts(render_document([EXPENDITURE], DEPARTMENT, YEAR, layout))
    cover = read_cover(texts[:2])
    assert (cover.department_name, cover.budget_year) == (DEPARTMENT, YEAR)
    assert f"编制部门：{DEPARTMENT}" in texts[1]
    assert "单位：万元" in texts[1]
    assert texts[1].lstrip().startswith("三、支出总表")


@pytest.mark.parametrize(
    ("unit", "row"),
    [
        ("yuan_int", ["208", "社会保障和就业支出", "5,809,300", "5,134,300", "675,000"]),
        ("yuan_dec", ["208", "社会保障和就业支出", "5,809,300.00", "5,134,300.00", "675,000.00"]),
    ],
)
def test_yuan_amounts_are_the_same_money(unit, row):
    layout = replace(GRID, unit=unit)
    with pdf_of([EXPENDITURE], layout) as pdf:
        got = only_table(pdf.pages[1])
        assert "单位：元" in pdf.pages[1].extract_text()
    assert got[3] == row
    assert got[-1][-1] == ""  # a blank stays blank


def test_format_yuan_is_exact():
    assert format_yuan("9,619.41", "yuan_int") == "96,194,100"
    assert format_yuan("0.00", "yuan_dec") == "0.00"
    assert format_yuan("0.123456", "yuan_int") == "1,234.56"
    assert format_yuan("-3.5", "yuan_dec") == "-35,000.00"


@pytest.mark.parametrize(
    ("codes", "header", "row"),
    [
        ("as_printed", ["科目编码", "科目名称"], ["2080107", "社会保险业务管理事务"]),
        ("joined", ["科目名称"], ["2080107社会保险业务管理事务"]),
        ("column", ["科目编码", "科目名称"], ["2080107", "社会保险业务管理事务"]),
        ("split", ["类", "款", "项", "科目名称"], ["208", "01", "07", "社会保险业务管理事务"]),
        ("absent", ["科目名称"], ["社会保险业务管理事务"]),
    ],
)
def test_codes_are_printed_where_the_layout_puts_them(codes, header, row):
    layout = replace(GRID, codes=codes)
    with pdf_of([EXPENDITURE], layout) as pdf:
        got = only_table(pdf.pages[1])
    n = prepare_table(EXPENDITURE, layout).header.n_rows
    if codes == "split":  # 科目名称 stands over two rows beside 类|款|项
        assert got[n - 2][3] == "科目名称" and got[n - 1][3] is None
        got[n - 1][3] = "科目名称"
    assert got[n - 1][: len(header)] == header
    assert got[n - 1][len(header) :] == (
        ["合计", "基本支出", "项目支出"] if codes != "split" else [None, None, None])
    assert got[n + 3][: len(row)] == row  # the 2080107 row
    assert got[n + 3][len(row) :] == ["439.56", "403.62", "35.94"]
    if codes == "split":
        assert got[0][0] == "支出功能分类科目" and got[1][:3] == ["科目编码", None, None]
        assert got[1][4:] == ["合计", "基本支出", "项目支出"]


@pytest.mark.parametrize(
    ("codes", "first_row"),
    [
        ("as_printed", ["一、社会保障和就业支出(208)", "6535.47"]),
        ("joined", ["208社会保障和就业支出", "6535.47"]),
        ("column", ["208", "一、社会保障和就业支出", "6535.47"]),
        ("split", ["208", "", "", "一、社会保障和就业支出", "6535.47"]),
        ("absent", ["一、社会保障和就业支出", "6535.47"]),
    ],
)
def test_codes_in_parentheses_are_found_and_moved(codes, first_row):
    layout = replace(GRID, codes=codes)
    with pdf_of([PARENS], layout) as pdf:
        got = only_table(pdf.pages[1])
    body = got[len(got) - 3 :]
    assert body[0] == first_row
    assert body[2][-2:] == ["合计", "7302.57"] or body[2] == ["合计", "7302.57"]


def test_serial_column_and_column_index_row_are_not_amounts():
    with pdf_of([EXPENDITURE], replace(GRID, row_numbers="serial")) as pdf:
        got = only_table(pdf.pages[1])
    assert got[0][0] == "序号" and got[1][0] is None
    assert [r[0] for r in got[2:]] == ["1", "2", "3", "4", "5"]
    with pdf_of([EXPENDITURE], replace(GRID, row_numbers="column_index")) as pdf:
        got = only_table(pdf.pages[1])
    assert got[2] == ["栏次", None, "1", "2", "3"]
    assert got[3][2] == "682.48"


@pytest.mark.parametrize("ruling", ["three_line", "row_rules", "none"])
def test_unruled_tables_read_as_text_lines(ruling):
    layout = replace(GRID, ruling=ruling, row_numbers="serial", unit="yuan_dec")
    with pdf_of([EXPENDITURE], layout) as pdf:
        lines = [re.sub(r"\s+", " ", ln).strip() for ln in pdf.pages[1].extract_text().split("\n")]
        n_rects = len(pdf.pages[1].lines)
    assert "3 20801 人力资源和社会保障管理事务 4,454,800.00 4,095,400.00 359,400.00" in lines
    assert "5 210 卫生健康支出 11,015,500.00 11,015,500.00" in lines
    assert n_rects == {"three_line": 4, "row_rules": 8, "none": 0}[ruling]


def test_scaled_font_reads_back_at_its_printed_size():
    with pdf_of([EXPENDITURE], replace(GRID, font="hei_scaled")) as pdf:
        page = pdf.pages[1]
        got = only_table(page)
        chars = page.chars
    assert got == printed_rows(EXPENDITURE, GRID)
    assert {c["fontname"] for c in chars} == {"SimHei"}
    assert {round(c["size"]) for c in chars if c["text"] == "5"} == {9}
    five = next(c for c in chars if c["text"] == "5")
    assert five["matrix"][0] == pytest.approx(0.05)  # 180 pt Tf in a 0.05 text matrix


def long_table(n: int) -> dict:
    rows = [[f"{30100 + i}", f"经济科目{i}", f"{i}.00", f"{i}.00", ""] for i in range(1, n + 1)]
    return {**EXPENDITURE, "title": "一般公共预算基本支出表", "body_rows": rows}


@pytest.mark.parametrize(
    ("continuation", "starts_with"),
    [("title_header", "一般公共预算基本支出表"), ("header", "支出功能分类科目"), ("none", "30")],
)
def test_long_tables_continue_on_the_next_page(continuation, starts_with):
    layout = replace(GRID, orientation="landscape", continuation=continuation)
    texts = page_texts(render_document([long_table(40)], DEPARTMENT, YEAR, layout))
    assert len(texts) == 3
    assert texts[2].lstrip().startswith(starts_with)
    assert "30140" in texts[2] and "30140" not in texts[1]


def test_forms_merge_body_cells_and_wrap_long_text():
    data, pages = render_with_pages([FORM], DEPARTMENT, YEAR, GRID)
    assert misread_cells(data, pages) == []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        got = only_table(pdf.pages[1])
    assert got[0] == ["项目名称", None, "城乡居民养老代办员补助", None]
    assert got[1][0] == "项目资金(元)" and got[2][0] is None
    assert got[3][2] == squash("年补助标准700元，" * 6)


@pytest.mark.parametrize(
    "layout",
    [
        Layout(),
        Layout("three_line", "serial", "split", "yuan_int", "landscape", "header", "hei_scaled",
               "issuer"),
        Layout("none", "column_index", "joined", "yuan_dec", "a3_landscape", "none", "song"),
    ],
)
def test_every_cell_reads_back_inside_its_box(layout):
    data, pages = render_with_pages([EXPENDITURE, PARENS, long_table(45), FORM], DEPARTMENT,
                                    YEAR, layout)
    assert misread_cells(data, pages) == []


def test_merged_cells_from_null_positions():
    header = block_from_rows([
        ["项目", None, "本年收入", None, "上年结转"],
        ["科目编码", "科目名称", "合计", "一般公共预算", None],
    ])
    spans = {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in header.cells}
    assert spans["项目"] == (0, 0, 1, 2)
    assert spans["本年收入"] == (0, 2, 1, 2)
    assert spans["上年结转"] == (0, 4, 2, 1)
    assert header.to_rows() == [
        ["项目", None, "本年收入", None, "上年结转"],
        ["科目编码", "科目名称", "合计", "一般公共预算", None],
    ]
    narrowed = delete_column(header, 0)
    assert narrowed.to_rows()[0] == ["项目", "本年收入", None, "上年结转"]
    widened = insert_column(header, 1, "X")
    assert widened.to_rows() == [
        ["项目", None, None, "本年收入", None, "上年结转"],
        ["科目编码", "X", "科目名称", "合计", "一般公共预算", None],
    ]
    parts = split_column(header, 0, "科目编码", ("类", "款"))
    assert parts.to_rows() == [
        ["项目", None, None, "本年收入", None, "上年结转"],
        ["科目编码", None, "科目名称", "合计", "一般公共预算", None],
        ["类", "款", None, None, None, None],
    ]


def test_form_cells_take_the_cell_to_their_left_unless_the_row_repeats_the_one_above():
    body = block_from_rows([
        [None, "其他资金", "", None],
        ["项目概况", None, "文字", None],
        ["绩效指标", "数量指标", "人数", "58人"],
        [None, None, "标准", "70元"],
    ], body=True)
    spans = {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in body.cells if c.text}
    assert spans["其他资金"] == (0, 1, 1, 1)
    assert spans["项目概况"] == (1, 0, 1, 2)
    assert spans["文字"] == (1, 2, 1, 2)
    assert spans["数量指标"] == (2, 1, 2, 1)
    assert spans["绩效指标"] == (2, 0, 2, 1)
