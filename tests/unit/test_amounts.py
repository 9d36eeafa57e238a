"""The one amount policy: every printed form of money, and every misprint, read one way."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.clean.amounts import (
    AMOUNT,
    BLANK,
    UNREADABLE,
    is_amount,
    looks_numeric,
    read_amount,
    to_yuan,
    unit_after_label,
    unit_factors,
    unit_in_brackets,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9,619.41", Decimal("9619.41")),
        ("1,234,567.8", Decimal("1234567.8")),
        ("0.00", Decimal("0.00")),
        ("6", Decimal("6")),
        (" 12.50 ", Decimal("12.50")),
        ("-3.2", Decimal("-3.2")),
        ("−3.2", Decimal("-3.2")),
        ("－3.2", Decimal("-3.2")),
        ("(12.3)", Decimal("-12.3")),
        ("（1,200.00）", Decimal("-1200.00")),
        ("１２３.００", Decimal("123.00")),
        ("１，２３４．５", Decimal("1234.5")),
        ("1 234", Decimal("1234")),
    ],
)
def test_amounts_read_exactly(text, expected):
    reading = read_amount(text)
    assert reading.kind == AMOUNT and reading.value == expected


@pytest.mark.parametrize("text", ["", "   ", None, "-", "—", "——", "–", "/", "／", "－"])
def test_dashes_and_slashes_are_blank(text):
    assert read_amount(text).kind == BLANK and read_amount(text).value is None


@pytest.mark.parametrize("text", ["1,23.4", "12.3.4", "1,2345", "12,34,567", "(-5)", "1..2"])
def test_misprinted_figures_are_unreadable_never_guessed(text):
    reading = read_amount(text)
    assert reading.kind == UNREADABLE and reading.value is None
    assert looks_numeric(text)


@pytest.mark.parametrize("text", ["合计", "一百", "%5", "12a", "2024年"])
def test_words_are_not_amounts(text):
    assert read_amount(text).kind == UNREADABLE and not is_amount(text)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_thousands_separators_round_trip(value):
    assert read_amount(f"{value:,.2f}").value == value


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_full_width_digits_read_as_ascii(value):
    printed = f"{value:,.2f}".translate(str.maketrans("0123456789,.", "０１２３４５６７８９，．"))
    assert read_amount(printed).value == value


@given(st.integers(min_value=1000, max_value=10**9), st.integers(min_value=1, max_value=2))
def test_a_separator_in_the_wrong_place_never_reads(value, shift):
    digits = str(value)
    cut = len(digits) - 3 - shift  # a comma that does not group by three
    if cut <= 0:
        return
    assert read_amount(digits[:cut] + "," + digits[cut:]).kind == UNREADABLE


@given(st.text(max_size=12))
def test_any_text_reads_one_of_three_ways_and_never_raises(text):
    reading = read_amount(text)
    assert reading.kind in (AMOUNT, BLANK, UNREADABLE)
    assert (reading.value is not None) == (reading.kind == AMOUNT)


def test_units_scale_to_yuan_exactly():
    assert set(unit_factors()) == {"元", "千元", "万元", "百万元", "亿元"}
    assert to_yuan(Decimal("9619.41"), "万元") == Decimal("96194100.00")
    assert to_yuan(Decimal("4570000"), "元") == Decimal("4570000.00")
    assert to_yuan(Decimal("1.5"), "亿元") == Decimal("150000000.00")
    assert to_yuan(Decimal("2.345"), "千元") == Decimal("2345.00")
    assert to_yuan(None, "万元") is None


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("单位：万元", "万元"),
        ("编制部门：上海市普陀区财政局 单位：元", "元"),
        ("金额单位：百万元", "百万元"),
        ("单位:亿元", "亿元"),
        ("部门：某局", None),
    ],
)
def test_unit_lines(line, unit):
    assert unit_after_label(line) == unit


def test_units_in_headers():
    assert unit_in_brackets("金额（万元）") == "万元"
    assert unit_in_brackets("预算数(元)") == "元"
    assert unit_in_brackets("项目（一级）") is None
