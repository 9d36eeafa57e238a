"""Table cells from rule intersections: pdfplumber's ``intersections_to_cells``, made lean.

pdfplumber looks for each intersection's smallest cell by scanning every later
intersection for the ones directly below and to the right, and rebuilds sets of edge boxes
for every pair it tests: quadratic in the intersections of a page, which made it the
costliest step of finding a ruled table. Here the rows and columns of intersections and
each intersection's edge sets are built once. Same candidates in the same order, same test,
so the same cells (``tests/unit/test_extract_speed.py`` compares them on real pages).
"""

from __future__ import annotations

import bisect

from pdfplumber.table import Table, TableFinder, cells_to_tables, edges_to_intersections
from pdfplumber.utils import obj_to_bbox

Point = tuple[float, float]
Cell = tuple[float, float, float, float]


def cells_from_intersections(intersections: dict[Point, dict]) -> list[Cell]:
    """The smallest ruled cell whose top-left corner is each intersection, where there is one."""
    v_boxes = {p: {obj_to_bbox(e) for e in found["v"]} for p, found in intersections.items()}
    h_boxes = {p: {obj_to_bbox(e) for e in found["h"]} for p, found in intersections.items()}
    columns: dict[float, list[float]] = {}
    rows: dict[float, list[float]] = {}
    for x, y in sorted(intersections):
        columns.setdefault(x, []).append(y)
        rows.setdefault(y, []).append(x)

    def joined_vertically(a: Point, b: Point) -> bool:
        return not v_boxes[a].isdisjoint(v_boxes[b])

    def joined_horizontally(a: Point, b: Point) -> bool:
        return not h_boxes[a].isdisjoint(h_boxes[b])

    cells = []
    for pt in sorted(intersections):
        x, y = pt
        column, row = columns[x], rows[y]
        below = [(x, by) for by in column[bisect.bisect_right(column, y) :]]
        right = [(rx, y) for rx in row[bisect.bisect_right(row, x) :]]
        cell = None
        for below_pt in below:
            if not joined_vertically(pt, below_pt):
                continue
            for right_pt in right:
                if not joined_horizontally(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if (
                    corner in intersections
                    and joined_vertically(corner, right_pt)
                    and joined_horizontally(corner, below_pt)
                ):
                    cell = (x, y, corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


class LeanTableFinder(TableFinder):
    """pdfplumber's ``TableFinder`` with :func:`cells_from_intersections`."""

    def __init__(self, page, settings=None):  # noqa: D107 - as TableFinder
        from pdfplumber.table import TableSettings

        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges,
            self.settings.intersection_x_tolerance,
            self.settings.intersection_y_tolerance,
        )
        self.cells = cells_from_intersections(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


def find_tables(page, settings: dict | None = None) -> list[Table]:
    """``page.find_tables(settings)``, with the lean cell search."""
    return LeanTableFinder(page, settings).tables
