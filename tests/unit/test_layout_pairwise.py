"""The layout factors and their pairwise covering array."""

from __future__ import annotations

import pytest

from tests.layouts.corpus import LAYOUTS, variant_factors, variants
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


def test_variants_cover_every_document_with_every_value_and_every_pair():
    docs = ["a", "b", "c", "d"]
    dealt = variants(docs)
    rows = [{**dict(v.layout.items()), "document": v.doc_id} for v in dealt]
    assert not uncovered_pairs(variant_factors(docs), rows)
    assert not uncovered_pairs(FACTORS, rows)
    assert len({v.file_name for v in dealt}) == len(dealt) <= 40
    assert all(sum(v.doc_id == d for v in dealt) >= 5 for d in docs)
    assert dealt[0].file_name == f"{dealt[0].doc_id}--{dealt[0].layout.slug}.pdf"
    # 元 as whole numbers and 元 with two decimals both occur, for every document
    assert {(v.doc_id, v.layout.unit) for v in dealt} >= {
        (d, u) for d in docs for u in ("yuan_int", "yuan_dec")}


def test_one_factor_layouts_change_one_value_each():
    from tests.layouts.corpus import one_factor_layouts

    base, *others = one_factor_layouts()
    assert base == Layout()
    assert len(others) == sum(len(values) - 1 for values in FACTORS.values())
    assert all(sum(a != b for a, b in zip(base.items(), o.items(), strict=True)) == 1
               for o in others)
