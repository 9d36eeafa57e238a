from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.clean.values import (
    compact,
    is_code,
    is_total_label,
    parse_amount,
    split_code_name,
    strip_numbering,
    to_yuan,
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
        ("-", Decimal(0)),
        ("—", Decimal(0)),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["12a", "1,23", "一百", "12.3.4", "%5"])
def test_parse_amount_refuses_non_amounts(text):
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(text)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_parse_amount_round_trips_thousands_separators(value):
    printed = f"{value:,.2f}"
    assert parse_amount(printed) == value


def test_to_yuan_is_exact():
    assert to_yuan(Decimal("9619.41"), "万元") == Decimal("96194100.00")
    assert to_yuan(Decimal("4570000"), "元") == Decimal("4570000.00")
    assert to_yuan(None, "万元") is None


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("社会保障和就业支出(208)", "208", "社会保障和就业支出"),
        ("一、社会保障和就业支出(208)", "208", "社会保障和就业支出"),
        ("人力资源和社会保障管理事务（20801）", "20801", "人力资源和社会保障管理事务"),
        ("2080109 社会保险经办机构", "2080109", "社会保险经办机构"),
        ("311-专项业务支出", "311", "专项业务支出"),
        ("三、社会保 障和就 业支出", None, "社会保障和就业支出"),
        ("（一）一般公共预算财政拨款", None, "一般公共预算财政拨款"),
        ("1、因公出国（境）费用", None, "因公出国（境）费用"),
        ("一. 一般公共预算拨款收入", None, "一般公共预算拨款收入"),
        ("①公务用车购置费", None, "公务用车购置费"),
        ("208", "208", ""),
        ("", None, ""),
    ],
)
def test_split_code_name(text, code, name):
    assert split_code_name(text) == (code, name)


def test_strip_numbering_keeps_names_that_start_with_digits():
    assert strip_numbering("2024年补缴保费") == "2024年补缴保费"
    assert strip_numbering("(二十八)债务付息支出") == "债务付息支出"


def test_codes_and_totals():
    assert is_code("2080109") and is_code("301") and not is_code("2080") and not is_code("12")
    assert is_total_label("合计") and is_total_label("收入总计") and not is_total_label("合计数额")
    assert compact("社会保 障和\n就业") == "社会保障和就业"
