"""Unit tests of the narrative-fact reader on small texts."""

from __future__ import annotations

from decimal import Decimal

from pipelines.clean.profile import join_pages, mentions, read_profile_facts


def _facts(pages: list[tuple[int, str]], fact: str) -> list:
    return [f for f in read_profile_facts(pages) if f.fact == fact]


def test_headcounts_across_a_line_wrap_keep_their_sentence_and_page() -> None:
    pages = [
        (
            5,
            "预算单位人员构成情况\n某局本级共有人员 448 人，其中：在职人员 365 人，"
            "退休人员\n83 人。\n- 5 -",
        )
    ]
    facts = {f.fact: f for f in read_profile_facts(pages)}
    assert facts["headcount_total"].value == Decimal(448)
    assert facts["headcount_active"].value == Decimal(365)
    assert facts["headcount_retired"].value == Decimal(83)
    assert facts["headcount_total"].page == 5
    assert "共有人员448人" in facts["headcount_total"].sentence


def test_a_change_in_retirements_is_not_a_headcount() -> None:
    pages = [(16, "主要是2024年我单位调出3人，退休2人，因此工资福利支出减少。")]
    assert _facts(pages, "headcount_retired") == []


def test_authorised_posts_and_vehicles() -> None:
    pages = [(4, "全额拨款事业编制 27 名，其中：副县级领导职数 1 名。共有车辆 0 辆。")]
    assert _facts(pages, "headcount_authorized")[0].value == Decimal(27)
    assert _facts(pages, "vehicles")[0].value == Decimal(0)


def test_three_public_section_mentions_and_changes() -> None:
    text = (
        "七、一般公共预算“三公”经费预算情况说明\n"
        "某局 2024 年一般公共预算“三公”经费预算数为 1.20 万元，比上年\n"
        "增加 1.20 万元，其中：因公出国（境）费 0.00 万元，增加 0.00 万元；公务用车购置及运行\n"
        "费 0.00 万元，减少 2.50 万元；公务接待费 1.20 万元，减少 1.70 万元。\n"
        "八、政府性基金预算支出情况的说明\n"
        "公务接待费 9.00 万元，比上年减少 1.00 万元。"
    )
    facts = _facts([(18, text)], "three_public")
    got = [(f.label, f.value, f.change_value) for f in facts]
    assert got[1:] == [
        ("因公出国（境）费", Decimal("0.00"), Decimal("0.00")),
        ("公务用车购置及运行费", Decimal("0.00"), Decimal("-2.50")),
        ("公务接待费", Decimal("1.20"), Decimal("-1.70")),
    ]
    assert "三公" in got[0][0] and got[0][1] == Decimal("1.20")
    assert got[0][2] == Decimal("1.20")


def test_change_after_a_page_break_belongs_to_its_item() -> None:
    pages = [
        (
            23,
            "七、“三公经费”情况\n某局“三公经费”预算支出 14.72 万元。其中：\n"
            "3. 公务用车购置及运行费 0 万元，公务用车运行维护费 5.4 万元，"
            "公车保有量为 2 辆。\n- 23 -",
        ),
        (24, "比上年减少 0.6 万元，降幅 10%。\n八、其他"),
    ]
    facts = _facts(pages, "three_public")
    operation = next(f for f in facts if f.label == "公务用车运行维护费")
    assert operation.change_value == Decimal("-0.6")
    assert operation.page == 23


def test_unchanged_wording_reads_as_zero_change() -> None:
    found = mentions("因公出国（境）费0万元，与2023年预算数相同。")
    assert found == [("因公出国（境）费", Decimal("0"), 8)]
    facts = _facts(
        [(1, "“三公经费”支出 6 万元，其中：公务用车运行维护费 6 万元，与上年持平。")],
        "three_public",
    )
    assert facts[-1].change_value == Decimal(0)


def test_agency_operating_costs_take_the_headline_and_first_change() -> None:
    text = (
        "（一）机关运行经费安排情况。\n"
        "2024 年某局机关运行经费财政拨款预算 46.26 万元，比上年预算减\n"
        "少 16.36 万元，下降 26.13%。主要包含办公费 4.00 万元。"
    )
    (fact,) = _facts([(18, text)], "agency_operating_costs")
    assert fact.value == Decimal("46.26")
    assert fact.change_value == Decimal("-16.36")


def test_join_pages_drops_footers_and_tracks_pages() -> None:
    joined = join_pages([(1, "甲乙\n- 1 -"), (2, "丙丁")])
    assert joined.text == "甲乙丙丁"
    assert joined.page_at(0) == 1
    assert joined.page_at(2) == 2
