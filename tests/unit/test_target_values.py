"""Unit and property tests for pipelines.clean.targets.values.parse_target (one target)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from pipelines.clean.targets.values import (
    EMPTY,
    PREFIX_WORDS,
    SUFFIX_WORDS,
    SYMBOL_COMPARATORS,
    ParsedTarget,
    load_units,
    normalize_comparator,
    normalize_text,
    parse_target,
    unit_tokens,
)

D = Decimal

# Real phrasings from the corpus (tables and seeds), with what the golden file expects.
REAL = [
    ("457 万元", None, "457", "万元"),
    ("合同制员工满意度95%以上", "≥", "95", "%"),
    ("企业办事人员满意度 95% 以上", "≥", "95", "%"),
    ("困难群体贷款人员满意度95%以上", "≥", "95", "%"),
    ("预计全年用电量为 140.23 万度", None, "140.23", "万度"),
    ("324 万元", None, "324", "万元"),
    ("1100万", None, "1100", "万"),
    ("<1345", "<", "1345", None),
    ("≥95%", "≥", "95", "%"),
    ("≤570万", "≤", "570", "万"),
    ("≤12个月", "≤", "12", "个月"),
    ("352", None, "352", None),
    ("100%", None, "100", "%"),
    ("≤30 人", "≤", "30", "人"),
    ("≤20 天", "≤", "20", "天"),
    ("≤19 万元", "≤", "19", "万元"),
    ("=2", "=", "2", None),
    ("= 2", "=", "2", None),
    ("=100%", "=", "100", "%"),
    ("≤110人", "≤", "110", "人"),
    ("0起", None, "0", "起"),
    ("=18.6 万元", "=", "18.6", "万元"),
    ("≥ 9", "≥", "9", None),
    ("≥ 95%", "≥", "95", "%"),
    ("≤ 1.3 万元", "≤", "1.3", "万元"),
    ("≤40 台", "≤", "40", "台"),
    ("=32224.83 平方米", "=", "32224.83", "平方米"),
    ("=12 个月", "=", "12", "个月"),
    ("≥0.749", "≥", "0.749", None),
    ("≤300套", "≤", "300", "套"),
    ("≤33.84万元", "≤", "33.84", "万元"),
    ("1300元", None, "1300", "元"),
    ("≥280名", "≥", "280", "名"),
    ("≤2024年", "≤", "2024", "年"),
    ("2024年", None, "2024", "年"),
    ("≥3万册", "≥", "3", "万册"),
    ("6家", None, "6", "家"),
    ("≤50000元", "≤", "50000", "元"),
    ("70元/人年", None, "70", "元/人年"),
    ("200元/人/年", None, "200", "元/人/年"),
    ("≥35元/人/年", "≥", "35", "元/人/年"),
    ("79.5元/人/年", None, "79.5", "元/人/年"),
    ("1000元/人", None, "1000", "元/人"),
    ("3360人/元", None, "3360", "人/元"),
    ("≥23.5万人", "≥", "23.5", "万人"),
    ("99.8%", None, "99.8", "%"),
    (">98%", ">", "98", "%"),
    ("<100%", "<", "100", "%"),
    ("<1068万元", "<", "1068", "万元"),
    ("≥100%", "≥", "100", "%"),
    ("1张", None, "1", "张"),
    ("224个", None, "224", "个"),
    ("15140318元", None, "15140318", "元"),
    ("10.00%", None, "10.00", "%"),
    # other spellings of the same facts
    ("不低于95%", "≥", "95", "%"),
    ("不少于 3 次", "≥", "3", "次"),
    ("至少1次", "≥", "1", "次"),
    ("企业退休人员满意度大于等于90%", "≥", "90", "%"),
    ("不超过5天", "≤", "5", "天"),
    ("控制在5%以内", "≤", "5", "%"),
    ("10人以下", "≤", "10", "人"),
    ("3年内", "≤", "3", "年"),
    ("95%及以上", "≥", "95", "%"),
    ("95%以上(含)", "≥", "95", "%"),
    ("＞98％", ">", "98", "%"),
    ("＜１００％", "<", "100", "%"),
    (">=90%", "≥", "90", "%"),
    ("<= 10 天", "≤", "10", "天"),
    ("≧90%", "≥", "90", "%"),
    ("≦10天", "≤", "10", "天"),
    ("＝1", "=", "1", None),
    ("９５％", None, "95", "%"),
    ("1,409,400元", None, "1409400", "元"),
    ("≥95%以上", "≥", "95", "%"),
    ("百分之95", None, "95", "%"),
    ("满意度达到95%。", None, "95", "%"),
    ("5‰", None, "5", "‰"),
    ("3 万人次", None, "3", "万人次"),
    ("2个百分点", None, "2", "个百分点"),
]

# Texts that must give no number: qualitative, ranges, dates, several numbers, unknown tails.
UNREADABLE = [
    "每月定期发放工资",
    "及时",
    "有效提高",
    "是",
    "达标",
    "高",
    "逐渐提高",
    "反响积极,基本满意",
    "具体调整水平以人力资源社会保障部",
    "240-350",
    "90%-95%",
    "90%～95%",
    "90%至95%",
    "2024年12月前",
    "2021年12月前",
    "6月25日前",
    "每月15日左右",
    "确保2024年完成",
    "采暖面积约为 3.35 万平方米, 负二层增加采暖面积约 0.27 万平方米",
    "映美 830K 单个色带价格",
    "-5%",
    "≤95%以上",
    "5G覆盖",
    "",
    "   ",
]


@pytest.mark.parametrize(("text", "comparator", "number", "unit"), REAL)
def test_real_phrasings(text: str, comparator: str | None, number: str, unit: str | None) -> None:
    parsed = parse_target(text)
    assert parsed == ParsedTarget(comparator, D(number), unit)
    assert str(parsed.number) == number  # kept as printed, trailing zeros included


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_texts_give_nothing(text: str) -> None:
    assert parse_target(text) == EMPTY


def test_none_is_empty() -> None:
    assert parse_target(None) == EMPTY


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("≥", "≥"), (">=", "≥"), ("＞", ">"), ("≦", "≤"), (" = ", "="), ("定性", None), ("0", None)],
)
def test_normalize_comparator(printed: str, expected: str | None) -> None:
    assert normalize_comparator(printed) == expected


def test_units_come_from_the_rules_file() -> None:
    units, magnitudes = load_units()
    assert {"%", "元", "人", "个月", "平方米"} <= set(units)
    assert "万" in magnitudes
    tokens = unit_tokens()
    assert tokens.index("万元") < tokens.index("万")  # longest first
    assert tokens.index("个月") < tokens.index("个")


# ---------------------------------------------------------------------------- properties

_UNITS = [None, *load_units()[0], "万元", "万人次", "元/人/年", "次/年"]
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

numbers = st.decimals(
    min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False
).map(lambda d: format(d, "f"))


@st.composite
def composed_targets(draw: st.DrawFn) -> tuple[str, str | None, str, str | None]:
    number = draw(numbers)
    unit = draw(st.sampled_from(_UNITS))
    unit_text = unit or ""
    space = draw(st.sampled_from(["", " "]))
    style = draw(st.sampled_from(["none", "symbol", "prefix", "suffix"]))
    printed_number = number
    if draw(st.booleans()) and "." not in number and len(number) > 3:
        printed_number = format(int(number), ",")
    if draw(st.booleans()):
        printed_number = printed_number.translate(_FULL_WIDTH)
    body = f"{printed_number}{space}{unit_text}"
    if style == "symbol":
        symbol = draw(st.sampled_from(sorted(SYMBOL_COMPARATORS)))
        return f"{symbol}{space}{body}", SYMBOL_COMPARATORS[symbol], number, unit
    if style == "prefix":
        word = draw(st.sampled_from(sorted(PREFIX_WORDS)))
        return f"{word}{body}", PREFIX_WORDS[word], number, unit
    if style == "suffix":
        word = draw(st.sampled_from(sorted(SUFFIX_WORDS)))
        return f"{body}{space}{word}", SUFFIX_WORDS[word], number, unit
    return body, None, number, unit


@given(composed_targets())
@example(("≥95%", "≥", "95", "%"))
@example(("1,409,400元", None, "1409400", "元"))
def test_composed_targets_parse_back(case: tuple[str, str | None, str, str | None]) -> None:
    text, comparator, number, unit = case
    parsed = parse_target(text)
    assert parsed == ParsedTarget(comparator, D(number), unit), text
    assert format(parsed.number, "f") == number


@given(numbers, numbers, st.sampled_from(["-", "~", "～", "—", "至", "到", "、", " 和 "]))
def test_two_numbers_are_never_read(a: str, b: str, joiner: str) -> None:
    assert parse_target(f"{a}{joiner}{b}%") == EMPTY


garbage = st.text(
    alphabet=st.sampled_from(
        list("0123456789０９.,-~%％≥≤=<>＞元万人次年月日以上下内 abcK满意度及时")
    ),
    max_size=30,
)


@given(st.one_of(garbage, st.text(max_size=40)))
def test_a_number_read_is_always_printed_in_the_text(text: str) -> None:
    parsed = parse_target(text)
    if parsed.number is not None:
        assert format(parsed.number, "f") in normalize_text(text)
        assert parsed.comparator in (None, "≥", "≤", "=", "<", ">")
    else:
        assert parsed == EMPTY


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=40))
def test_texts_without_digits_are_qualitative(text: str) -> None:
    assume(not any(ch.isdigit() for ch in normalize_text(text)))
    assert parse_target(text) == EMPTY
