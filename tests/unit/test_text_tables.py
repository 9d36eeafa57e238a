"""Tables read from text alignment, on synthetic pages: 三线表, row rules only, no rules.

Characters are placed as a template prints them (headings centred in their cells, amounts
right-aligned, labels left-aligned, a long label wrapped inside its cell with the row's
amounts centred beside it), so each test states the layout and the cell grid a ruled
version of the same table gives.
"""

from __future__ import annotations

import pytest

from pipelines.extract.grid import Grid, GridCell, align_columns, column_paths
from pipelines.extract.page import read_text_page
from pipelines.extract.tables import assemble_tables
from pipelines.extract.text_regions import find_regions
from pipelines.extract.text_tables import Rule, read_text_table

SIZE = 9.0
PAD = 4.0
COLS = [36.0, 190.0, 280.0, 370.0, 460.0]  # 科目名称 | 合计 | 基本支出 | 项目支出
ROW = 19.0
LINE = 11.7


def width(text: str, size: float = SIZE) -> float:
    return sum(size / 2 if ch.isascii() else size for ch in text)


def chars(text: str, x: float, top: float, size: float = SIZE) -> list[dict]:
    out = []
    for ch in text:
        w = size / 2 if ch.isascii() else size
        out.append(
            {"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "doctop": top,
             "size": size, "upright": True}
        )
        x += w
    return out


def centred(text: str, c0: int, c1: int, top: float, bottom: float) -> list[dict]:
    """Text centred in the cell spanning columns c0..c1 and the height top..bottom."""
    x = (COLS[c0] + COLS[c1 + 1] - width(text)) / 2
    return chars(text, x, (top + bottom - SIZE) / 2)


def left(text: str, col: int, middle: float) -> list[dict]:
    return chars(text, COLS[col] + PAD, middle - SIZE / 2)


def right(text: str, col: int, middle: float) -> list[dict]:
    return chars(text, COLS[col + 1] - PAD - width(text), middle - SIZE / 2)


HEADER_TOP = 100.0
BODY_TOP = HEADER_TOP + 2 * ROW
WRAPPED = 2 * LINE + 5  # a row holding a label of two lines
BOTTOM = BODY_TOP + 2 * ROW + WRAPPED

EXPECTED = [
    ["科目名称", "2024年预算数", None, None],
    [None, "合计", "基本支出", "项目支出"],
    ["社会保障和就业支出", "580.93", "513.43", "67.50"],
    ["卫生健康支出", "58.06", "58.06", ""],
    ["机关事业单位基本养老保险缴费支出", "394.04", "394.04", ""],
]


def table_chars() -> list[dict]:
    """A two-row merged header over three amount columns; one label wraps to two lines."""
    out = centred("科目名称", 0, 0, HEADER_TOP, BODY_TOP)
    out += centred("2024年预算数", 1, 3, HEADER_TOP, HEADER_TOP + ROW)
    for col, text in ((1, "合计"), (2, "基本支出"), (3, "项目支出")):
        out += centred(text, col, col, HEADER_TOP + ROW, BODY_TOP)
    rows = [
        ("社会保障和就业支出", ["580.93", "513.43", "67.50"], ROW),
        ("卫生健康支出", ["58.06", "58.06", ""], ROW),
    ]
    top = BODY_TOP
    for label, amounts, height in rows:
        middle = top + height / 2
        out += left(label, 0, middle)
        for col, amount in enumerate(amounts, start=1):
            if amount:
                out += right(amount, col, middle)
        top += height
    middle = top + WRAPPED / 2
    out += left("机关事业单位基本养老", 0, middle - LINE / 2)
    out += left("保险缴费支出", 0, middle + LINE / 2)
    out += right("394.04", 1, middle) + right("394.04", 2, middle)
    return out


def three_line_rules() -> list[Rule]:
    return [
        Rule(HEADER_TOP + ROW, COLS[1] + 2, COLS[4] - 2),  # under the merged heading
        Rule(BODY_TOP, COLS[0], COLS[4]),  # under the header
    ]


def row_rules() -> list[Rule]:
    ys = [HEADER_TOP + ROW, BODY_TOP, BODY_TOP + ROW, BODY_TOP + 2 * ROW]
    return [
        Rule(y, COLS[1] if y == HEADER_TOP + ROW else COLS[0], COLS[4]) for y in ys
    ]


def test_three_line_table_with_a_two_row_merged_header():
    grid = read_text_table(
        table_chars(), three_line_rules(), 1, top=HEADER_TOP, edges=(COLS[0], COLS[4])
    )
    assert grid.rows() == EXPECTED
    assert column_paths(grid, 2) == [
        "科目名称", "2024年预算数/合计", "2024年预算数/基本支出", "2024年预算数/项目支出"
    ]


def test_row_rules_only():
    grid = read_text_table(table_chars(), row_rules(), 1, top=HEADER_TOP, edges=(COLS[0], COLS[4]))
    assert grid.rows() == EXPECTED


def test_no_rules_at_all():
    grid = read_text_table(table_chars(), [], 1)
    assert grid.rows() == EXPECTED
    assert [round(x) for x in grid.col_x[1:-1]] == [round(x) for x in COLS[1:-1]]


def test_a_wrapped_label_stays_one_row_and_its_cell_keeps_both_lines():
    grid = read_text_table(table_chars(), [], 1)
    cell = next(c for c in grid.cells if c.text.startswith("机关"))
    assert cell.lines == ("机关事业单位基本养老", "保险缴费支出")
    assert grid.n_rows == len(EXPECTED)


def test_right_aligned_numbers_with_blanks_keep_their_columns():
    rows = read_text_table(table_chars(), [], 1).rows()
    assert [r[3] for r in rows[2:]] == ["67.50", "", ""]


def title_and_unit(top: float) -> list[dict]:
    return chars("一般公共预算支出表", 200, top, 15.0) + chars("单位：万元", 415, top + 25)


def test_a_page_without_rules_reads_its_table_under_its_title():
    layout = read_text_page(title_and_unit(50) + table_chars(), 3, 595.0, 842.0)
    assert layout is not None and len(layout.fragments) == 1
    assert layout.fragments[0].grid.rows() == EXPECTED
    assert layout.fragments[0].ruling == "text_only"
    assert [ln.text for ln in layout.lines] == ["一般公共预算支出表", "单位：万元"]
    (table,) = assemble_tables([layout])
    assert table.title == "一般公共预算支出表" and table.unit == "万元"
    assert table.column_paths[1] == "2024年预算数/合计"


def test_narrative_text_with_amounts_is_no_table():
    paragraph = [
        "2024年一般公共预算支出580.93万元，比上年增加12.30万元，主要用于社会保障和就业",
        "支出。其中基本支出513.43万元，项目支出67.50万元，主要是城乡居民养老保险补助。",
        "卫生健康支出58.06万元，住房保障支出39.39万元，与上年持平。",
    ]
    text = [c for i, line in enumerate(paragraph) for c in chars(line, 36, 100 + i * 16)]
    assert find_regions(title_and_unit(50) + text, [], 595.0)[0] == []
    assert read_text_page(text, 4, 595.0, 842.0) is None


def test_a_table_continued_on_the_next_page_without_rules_joins_it():
    first = read_text_page(title_and_unit(50) + table_chars(), 3, 595.0, 842.0)
    # the next page goes on with two rows and no header; 项目支出 prints nothing there
    rest = []
    for i, (label, amounts) in enumerate(
        [("住房保障支出", ["39.39", "39.39"]), ("住房改革支出", ["39.39", "39.39"])]
    ):
        middle = 60 + i * ROW
        rest += left(label, 0, middle)
        rest += right(amounts[0], 1, middle) + right(amounts[1], 2, middle)
    second = read_text_page(rest, 4, 595.0, 842.0)
    assert second is not None
    (table,) = assemble_tables([first, second])
    assert (table.page_first, table.page_last) == (3, 4)
    assert table.body_rows[-2:] == [
        ["住房保障支出", "39.39", "39.39", ""],
        ["住房改革支出", "39.39", "39.39", ""],
    ]


def test_align_columns_maps_a_continuation_onto_the_table_columns():
    head = Grid(col_x=[0, 100, 200, 300], n_rows=1,
                cells=[GridCell(0, c, 1, 1, t) for c, t in enumerate("abc")])
    # borders a few points off, the middle column missing, text where the columns are
    tail = Grid(col_x=[0, 104, 300], n_rows=1,
                cells=[GridCell(0, 0, 1, 1, "x"), GridCell(0, 1, 1, 1, "z")],
                text_x=[(10, 60), (250, 290)])
    aligned = align_columns(head, tail)
    assert aligned.col_x == head.col_x
    assert aligned.rows() == [["x", "", "z"]]


@pytest.mark.parametrize("rules", [[], row_rules()])
def test_a_region_of_one_row_reads_as_one_row(rules):
    one = left("住房公积金", 0, 60) + right("39.39", 1, 60) + right("39.39", 2, 60)
    grid = read_text_table(one, rules, 1)
    assert grid.rows() == [["住房公积金", "39.39", "39.39"]]
