"""Counts and listed totals of the 情况说明: staff, vehicles, published targets, listed parts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.clean.narrative.reader import read_statements
from pipelines.clean.narrative.text import join_pages
from pipelines.extract.model import PageText


def counts(pages: list[tuple[int, str]], subject: str | None = None) -> list:
    found = read_statements([PageText(page, text) for page, text in pages])
    return [s for s in found if s.kind == "count" and subject in (None, s.subject)]


def test_headcounts_across_a_line_wrap_keep_their_sentence_and_page() -> None:
    # changchun-shebaoju-2021, 第一部分 三
    pages = [
        (
            5,
            "预算单位人员构成情况\n某局本级共有人员 448 人，其中：在职人员 365 人，"
            "退休人员\n83 人。\n- 5 -",
        )
    ]
    found = {s.subject: s for s in counts(pages)}
    assert found["headcount_total"].value == Decimal(448)
    assert found["headcount_active"].value == Decimal(365)
    assert found["headcount_retired"].value == Decimal(83)
    assert (found["headcount_total"].page, found["headcount_total"].unit) == (5, "人")
    assert "共有人员448人" in found["headcount_total"].sentence


def test_a_change_in_retirements_is_not_a_headcount() -> None:
    assert counts([(16, "主要是2024年我单位调出3人，退休2人，因此工资福利支出减少。")]) == []


def test_authorised_posts_and_vehicles() -> None:
    pages = [(4, "全额拨款事业编制 27 名，其中：副县级领导职数 1 名。共有车辆 0 辆。")]
    assert counts(pages, "headcount_authorized")[0].value == Decimal(27)
    assert counts(pages, "vehicles")[0].value == Decimal(0)
    # fenyang-shebao-2024: the wording spans a comma
    assert counts([(61, "公务用车编制0辆，实有0辆。")], "vehicles")[0].value == Decimal(0)
    # shanghai-putuo-caizhengju-2025: vehicles to buy are not vehicles held
    shanghai = "截至2024年8月31日，财政局共有车辆0辆。2025年部门预算安排购置车辆0辆。"
    assert len(counts([(22, shanghai)], "vehicles")) == 1


def test_count_of_published_targets() -> None:
    [fact] = counts([(24, "公开项目绩效目标36个，涉及项目金额41,220.06万元。")],
                    "published_target_count")
    assert (fact.value, fact.unit, fact.subject_text) == (Decimal(36), "个", "公开项目绩效目标36个")


def test_complete_breakdown_is_summed_without_deductions() -> None:
    found = read_statements([PageText(16, (
        "资产总额为 100.00 万元，其中：固定资产原值 60.02 万元，累计折旧 9.00 万元。"
        "固定资产包含：房屋原值 40.00 万元，累计折旧 5.00 万元；"
        "通用设备原值 20.01 万元，累计折旧 4.00 万元。"
    ))])
    [fact] = [s for s in found if s.kind == "listed_parts"]
    assert fact.subject_text == "固定资产"
    assert (fact.value, fact.parts_sum, fact.parts_count) == (
        Decimal("60.02"), Decimal("60.01"), 2
    )


@pytest.mark.parametrize("listing", [
    # 主要包括 lists only the main parts
    "人员经费 80.00 万元，主要包括：基本工资 50.00 万元，津贴补贴 20.00 万元。",
    # a list ending in 等 is not complete
    "支出 80.00 万元。支出包括：住房保障支出 50.00 万元、卫生健康支出 20.00 万元等。",
])
def test_partial_lists_are_not_breakdowns(listing) -> None:
    assert not [s for s in read_statements([PageText(1, listing)]) if s.kind == "listed_parts"]


def test_join_pages_drops_page_numbers_and_tracks_pages() -> None:
    joined = join_pages([(1, "甲乙\n- 1 -"), (2, "2\n丙丁")])
    assert joined.text == "甲乙丙丁"
    assert joined.page_at(0) == 1
    assert joined.page_at(2) == 2
