from pipelines.extract.grid import (
    Grid,
    GridCell,
    append_grid,
    column_paths,
    continue_cells_across_break,
    grid_from_boxes,
    join_wrapped_lines,
)


def test_join_wrapped_lines_removes_breaks_inside_chinese_only():
    assert join_wrapped_lines("社会保障和\n就业支出") == "社会保障和就业支出"
    assert join_wrapped_lines("满意度95%\n以上") == "满意度95%以上"
    assert join_wrapped_lines("total\nbudget") == "total budget"
    assert join_wrapped_lines(None) == ""


def two_level_header() -> Grid:
    # | 科目编码 | 科目名称 | 基本支出          | 项目支出 |
    # |          |          | 人员经费 | 公用经费 |          |
    boxes = [
        (0, 0, 50, 40, "科目编码"),
        (50, 0, 150, 40, "科目名称"),
        (150, 0, 250, 20, "基本支出"),
        (150, 20, 200, 40, "人员经费"),
        (200, 20, 250, 40, "公用经费"),
        (250, 0, 300, 40, "项目支出"),
        (0, 40, 50, 60, "208"),
        (50, 40, 150, 60, "社会保障和就业支出"),
        (150, 40, 200, 60, "1.00"),
        (200, 40, 250, 60, "2.00"),
        (250, 40, 300, 60, "3.00"),
    ]
    return grid_from_boxes(boxes, page=5)


def test_grid_keeps_spans_and_merged_positions():
    grid = two_level_header()
    assert grid.n_cols == 5 and grid.n_rows == 3
    rows = grid.rows()
    assert rows[0] == ["科目编码", "科目名称", "基本支出", None, "项目支出"]
    assert rows[1] == [None, None, "人员经费", "公用经费", None]
    assert rows[2] == ["208", "社会保障和就业支出", "1.00", "2.00", "3.00"]
    assert grid.row_pages == [5, 5, 5]


def test_column_paths_from_merged_header():
    assert column_paths(two_level_header(), 2) == [
        "科目编码",
        "科目名称",
        "基本支出/人员经费",
        "基本支出/公用经费",
        "项目支出",
    ]


def test_append_grid_unifies_different_column_boundaries():
    head = grid_from_boxes([(0, 0, 100, 20, "项目名称:"), (100, 0, 300, 20, "养老")], page=1)
    tail = grid_from_boxes(
        [(0, 0, 100, 20, "项目属性:"), (100, 0, 200, 20, "延续"), (200, 0, 300, 20, "否")],
        page=2,
    )
    joined = append_grid(head, tail)
    assert joined.rows() == [["项目名称:", "养老", None], ["项目属性:", "延续", "否"]]
    assert joined.row_pages == [1, 2]


def test_append_grid_drops_repeated_header_rows():
    head = grid_from_boxes([(0, 0, 50, 20, "项目"), (50, 0, 100, 20, "预算数"),
                            (0, 20, 50, 40, "合计"), (50, 20, 100, 40, "1.00")], page=1)
    tail = grid_from_boxes([(0, 0, 50, 20, "项目"), (50, 0, 100, 20, "预算数"),
                            (0, 20, 50, 40, "总计"), (50, 20, 100, 40, "2.00")], page=2)
    joined = append_grid(head, tail, drop_rows=1)
    assert [r[0] for r in joined.rows()] == ["项目", "合计", "总计"]


def test_cell_cut_by_page_break_is_rejoined():
    # '项目资金 (万' at the foot of page 1 continues as '元)' at the top of page 2
    head = Grid(col_x=[0, 50, 100], n_rows=1, row_pages=[1],
                cells=[GridCell(0, 0, 1, 1, "项目资金 (万"), GridCell(0, 1, 1, 1, "年度资金总额")])
    tail = Grid(col_x=[0, 50, 100], n_rows=2, row_pages=[2, 2],
                cells=[GridCell(0, 0, 2, 1, "元)"), GridCell(0, 1, 1, 1, "其中：财政拨款"),
                       GridCell(1, 1, 1, 1, "其他资金")])
    joined = continue_cells_across_break(append_grid(head, tail), 1)
    assert joined.rows() == [
        ["项目资金 (万元)", "年度资金总额"],
        [None, "其中：财政拨款"],
        [None, "其他资金"],
    ]


def test_new_row_after_page_break_is_not_merged():
    head = Grid(col_x=[0, 50, 100], n_rows=1, row_pages=[1],
                cells=[GridCell(0, 0, 1, 1, ""), GridCell(0, 1, 1, 1, "二十八、债务付息支出")])
    tail = Grid(col_x=[0, 50, 100], n_rows=1, row_pages=[2],
                cells=[GridCell(0, 0, 1, 1, ""), GridCell(0, 1, 1, 1, "二十九、债务发行费用支出")])
    joined = continue_cells_across_break(append_grid(head, tail), 1)
    assert joined.rows() == [["", "二十八、债务付息支出"], ["", "二十九、债务发行费用支出"]]


def test_group_label_continues_when_its_parent_does():
    # 绩效指标 spans down from earlier rows; 产出指标 starts on the last row of page 1
    head = Grid(col_x=[0, 50, 100, 150], n_rows=2, row_pages=[1, 1], cells=[
        GridCell(0, 0, 2, 1, "绩效指标"), GridCell(0, 1, 1, 2, "一级指标"),
        GridCell(1, 1, 1, 1, "产出指标"), GridCell(1, 2, 1, 1, "人数")])
    tail = Grid(col_x=[0, 50, 100, 150], n_rows=1, row_pages=[2], cells=[
        GridCell(0, 0, 1, 1, ""), GridCell(0, 1, 1, 1, ""), GridCell(0, 2, 1, 1, "及时率")])
    joined = continue_cells_across_break(append_grid(head, tail), 2)
    assert joined.rows()[2] == [None, None, "及时率"]
