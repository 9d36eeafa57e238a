"""The OCR reader's pure image steps on drawn images: deskew, specks, rules → cells, lines."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipelines.extract.ocr import aligned, deskew, ink, lines, rules

SCALE = 200 / 72  # pixels per point at 200 dpi


def _page(width=1400, height=900) -> np.ndarray:
    return np.full((height, width), 255, dtype=np.uint8)


def _text_block(img, x, y, w, h=22):
    """A stand-in for a line of text: short strokes with gaps, like characters."""
    for cx in range(x, x + w - 14, 26):
        cv2.rectangle(img, (cx, y), (cx + 3, y + h), 0, -1)
        cv2.rectangle(img, (cx, y + h // 2), (cx + 18, y + h // 2 + 2), 0, -1)


def _table(img, xs, ys, skip_h=(), skip_v=()):
    """Rules at xs × ys; ``skip_h`` = {(row boundary, col)} and ``skip_v`` = {(row, col b.)}."""
    for i, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if (i, c) not in skip_h:
                cv2.line(img, (xs[c], y), (xs[c + 1], y), 0, 2)
    for j, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (r, j) not in skip_v:
                cv2.line(img, (x, ys[r]), (x, ys[r + 1]), 0, 2)


def _tilt(img, degrees):
    return deskew.straighten(img, -degrees)  # turning back by -a turns the content by a


@pytest.mark.parametrize("angle", [-1.5, -0.6, 0.0, 0.8, 1.3])
def test_skew_of_a_ruled_table_is_found_within_a_twentieth_of_a_degree(angle):
    img = _page()
    _table(img, [100, 500, 800, 1100, 1300], [100, 160, 220, 280, 340, 400])
    for y in (120, 180, 240):
        _text_block(img, 110, y, 300)
    found = deskew.estimate_skew(ink.ink_mask(_tilt(img, angle)) > 0)
    assert found == pytest.approx(angle, abs=0.05)


def test_skew_of_plain_text_lines_is_found_too():
    img = _page()
    for y in range(80, 800, 40):
        _text_block(img, 100, y, 1100)
    found = deskew.estimate_skew(ink.ink_mask(_tilt(img, 1.0)) > 0)
    assert found == pytest.approx(1.0, abs=0.05)


def test_a_straightened_point_maps_back_onto_the_scan():
    shape = (900, 1400)
    point = np.array([[1000.0, 200.0]])
    matrix = deskew.rotation_matrix(shape, 1.2)
    straight = point @ matrix[:, :2].T + matrix[:, 2]
    assert deskew.to_scan(straight, shape, 1.2) == pytest.approx(point)


def test_isolated_specks_are_dropped_but_a_decimal_point_next_to_digits_is_kept():
    img = _page(400, 200)
    cv2.rectangle(img, (50, 50), (60, 80), 0, -1)  # a digit's stroke
    cv2.rectangle(img, (66, 77), (67, 78), 0, -1)  # a faint decimal point, 2x2
    cv2.rectangle(img, (72, 50), (82, 80), 0, -1)
    img[150, 300] = 0  # a speck far from anything
    img[20, 200:202] = 0
    strokes, specks = ink.split_specks(ink.ink_mask(img), SCALE)
    assert specks[150, 300] and specks[20, 200]
    assert not specks[77, 67] and not strokes[77, 67]  # kept in the image, not a stroke
    assert strokes[60, 55]
    clean = ink.without_specks(img, specks)
    assert clean[150, 300] == 255 and clean[77, 67] == 0


def test_rules_become_cells_with_spans_where_borders_are_missing():
    img = _page()
    xs, ys = [100, 400, 600, 800, 1000], [100, 160, 220, 280, 340]
    # header: col 0 spans rows 0-1 (no border under it), cols 2-3 of row 0 are one cell
    _table(img, xs, ys, skip_h={(1, 0)}, skip_v={(0, 3)})
    # text of the merged cell sits where the missing border would run
    _text_block(img, 120, 150, 200)
    stroke = ink.ink_mask(img)
    (table,) = rules.find_ruled_tables(stroke, SCALE)
    assert [round(x) for x in table.xs] == pytest.approx(xs, abs=2)
    assert [round(y) for y in table.ys] == pytest.approx(ys, abs=2)
    cells = set(table.cells)
    assert (0, 0, 2, 1) in cells  # rowspan 2
    assert (0, 2, 1, 2) in cells  # colspan 2
    assert (1, 2, 1, 1) in cells and (3, 3, 1, 1) in cells
    assert len(cells) == 16 - 1 - 1


def test_text_strokes_in_line_are_no_rule():
    img = _page()
    _table(img, [100, 1300], [100, 400])
    for y in (150, 200, 250):
        _text_block(img, 150, y, 1000)  # aligned horizontal strokes with gaps
    horizontal, _ = rules.rule_masks(ink.ink_mask(img), SCALE)
    assert not horizontal[150:300].any()
    (table,) = rules.find_ruled_tables(ink.ink_mask(img), SCALE)
    assert len(table.ys) == 2 and table.cells == [(0, 0, 1, 1)]


def test_a_table_without_side_rules_gets_its_sides_from_the_rules_ends():
    img = _page()
    xs, ys = [100, 500, 900, 1300], [100, 160, 220]
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs[1:-1]:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 0, 2)
    (table,) = rules.find_ruled_tables(ink.ink_mask(img), SCALE)
    assert [round(x) for x in table.xs] == pytest.approx(xs, abs=4)  # a drawn rule's end caps
    assert len(table.cells) == 6


def test_bands_join_the_strokes_of_a_character_like_san():
    mask = np.zeros((120, 200), dtype=bool)
    # 三: three strokes 3 px high with 6 px gaps, one line of 24 px
    for y in (10, 19, 28):
        mask[y : y + 3, 20:40] = True
    mask[60:84, 20:180] = True  # an ordinary line
    assert lines.bands(mask) == [(10, 13), (19, 22), (28, 31), (60, 84)]
    assert lines.bands(mask, line_height=24) == [(10, 31), (60, 84)]


def test_text_boxes_split_pieces_at_wide_gaps_only():
    mask = np.zeros((40, 400), dtype=bool)
    mask[10:30, 10:60] = True
    mask[10:30, 70:120] = True  # 10 px gap: same piece
    mask[12:28, 300:350] = True  # far away: its own piece
    boxes = lines.text_boxes(mask, line_height=20, max_gap=30)
    assert boxes == [lines.Box(10, 10, 120, 30), lines.Box(300, 12, 350, 28)]


def test_usual_line_height_ignores_punctuation_and_stroke_fragments():
    assert lines.usual_line_height([3, 4, 22, 24, 25, 24, 5]) == 24


def test_columns_of_a_table_ruled_horizontally_only_come_from_the_gaps():
    pieces = [(100, 300), (420, 480), (620, 700), (100, 250), (430, 480), (640, 700)]
    header = (100, 700)  # wider than the deciding share: a title over all columns
    edges = aligned.column_edges([*pieces, header], 90, 710, min_gap=30)
    assert len(edges) == 4
    assert 300 < edges[1] < 420 and 480 < edges[2] < 620
    rows = [
        [(100, 700, "Header", 0.99)],
        [(100, 300, "Label", 0.98), (420, 480, "1.00", 0.97), (620, 700, "2.00", 0.96)],
        [(100, 250, "Other", 0.99), (640, 700, "3.50", 0.95)],
    ]
    frag = aligned.build_fragment(rows, edges, 50, 300, 1.0, 7)
    assert frag.ruling == "horizontal_only"
    assert frag.grid.rows() == [
        ["Header", None, None],
        ["Label", "1.00", "2.00"],
        ["Other", "", "3.50"],
    ]
    by_pos = {(c.row, c.col): c.confidence for c in frag.grid.cells}
    assert by_pos[(1, 2)] == 0.96 and by_pos[(2, 1)] == 1.0


def test_horizontal_only_regions_need_three_long_rules():
    mask = np.zeros((500, 1000), dtype=np.uint8)
    for y in (100, 140, 400):
        mask[y, 50:950] = 255
    assert aligned.find_regions(mask, []) == [(50, 100, 950, 401)]
    assert aligned.find_regions(mask, [(40.0, 90.0, 960.0, 150.0)]) == []
