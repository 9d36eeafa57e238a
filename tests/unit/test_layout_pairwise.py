"""The layout factors and their pairwise covering array."""

from __future__ import annotations

import pytest

from tests.layouts.corpus import LAYOUTS, variants
from tests.layouts.factors import FACTORS, Layout, layout_from_slug
from tests.layouts.pairwise import all_pairs, covering_array, uncovered_pairs


def test_every_pair_of_factor_values_is_rendered():
    rows = [dict(layout.items()) for layout in LAYOUTS]
    assert not uncovered_pairs(FACTORS, rows)


def test_covering_array_is_small_and_deterministic():
    rows = covering_array(FACTORS)
    assert rows == covering_array(FACTORS)
    sizes = sorted((len(v) for v in FACTORS.values()), reverse=True)
    assert sizes[0] * sizes[1] <= len(rows) <= 30


@pytest.mark.parametrize(
    "factors",
    [
        {"a": ("1", "2")},
        {"a": ("1", "2"), "b": ("x", "y", "z")},
        {"a": ("1", "2", "3"), "b": ("x",), "c": ("p", "q"), "d": ("m", "n", "o", "r")},
    ],
)
def test_covering_array_covers_small_factor_sets(factors):
    rows = covering_array(factors)
    assert not uncovered_pairs(factors, rows)
    assert all(set(row) == set(factors) for row in rows)


def test_uncovered_pairs_finds_a_missing_pair():
    factors = {"a": ("1", "2"), "b": ("x", "y")}
    rows = [{"a": "1", "b": "x"}, {"a": "2", "b": "y"}]
    assert uncovered_pairs(factors, rows) == {("a", "1", "b", "y"), ("a", "2", "b", "x")}
    assert len(all_pairs(factors)) == 4


def test_slugs_name_layouts_uniquely_and_read_back():
    slugs = [layout.slug for layout in LAYOUTS]
    assert len(set(slugs)) == len(slugs)
    assert all(layout_from_slug(layout.slug) == layout for layout in LAYOUTS)
    with pytest.raises(ValueError):
        Layout(ruling="dotted")


def test_layouts_are_dealt_to_documents_round_robin():
    docs = ["a", "b", "c", "d"]
    dealt = variants(docs)
    assert [v.doc_id for v in dealt[:5]] == ["a", "b", "c", "d", "a"]
    assert {v.layout for v in dealt} == set(LAYOUTS)
    assert len({v.file_name for v in dealt}) == len(dealt) <= 40
    assert dealt[0].file_name == f"a--{LAYOUTS[0].slug}.pdf"
    units = {v.layout.unit for v in dealt}
    assert {"yuan_int", "yuan_dec"} <= units
