"""The 情况说明 sentence parser: stated amounts, changes, rates and counts with their pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.clean.narrative import (
    FACT_SCHEMA,
    load_patterns,
    narrative_facts,
    narrative_facts_frame,
    sentence_facts,
)
from pipelines.extract.model import PageText


def facts_of(text: str, page: int = 1):
    return narrative_facts([PageText(page, text)])


def only(facts, name):
    found = [f for f in facts if f.fact == name]
    assert len(found) == 1, [(f.fact, f.amount_printed) for f in facts]
    return found[0]


def test_amount_change_and_rate_of_one_subject():
    fact = only(facts_of("基本支出 4775.21 万元，占总支出的 65.39%，比上年增加 478.07 万元，"
                         "增幅 11.12%，主要原因为：人员增加。"), "basic_expenditure")
    assert fact.amount_10k_yuan == Decimal("4775.21")
    assert fact.change_10k_yuan == Decimal("478.07")
    assert fact.change_direction == "increase"
    assert fact.rate_printed == "11.12"  # the share 65.39% is not a growth rate


def test_decrease_is_negative():
    fact = only(facts_of("公用经费974.72万元，比上年减少63.21万元，降幅6.1%。"), "public")
    assert fact.change_10k_yuan == Decimal("-63.21")
    assert fact.change_direction == "decrease"
    assert fact.rate_percent == Decimal("6.1")


def test_repeated_subject_takes_the_change_of_its_clause():
    facts = facts_of("人员经费 6241.59 万元。主要包括工资福利支出 5946.64 万元。"
                     "人员经费占基本支出总额 86.5%，比上年增加 417.31 万元，增长 7.2%。")
    personnel = only(facts, "personnel")
    assert personnel.amount_10k_yuan == Decimal("6241.59")
    assert personnel.change_10k_yuan == Decimal("417.31")
    assert personnel.rate_printed == "7.2"
    assert not [f for f in facts if f.fact == "basic_expenditure"]


def test_three_public_items_and_flat_change():
    facts = facts_of("“三公”经费预算数为1.20万元，比上年增加1.20万元，其中："
                     "因公出国（境）费0.00万元，与上年持平；"
                     "公务用车购置及运行费0.00万元，减少2.50万元；"
                     "公务接待费1.20万元，减少1.70万元。")
    assert only(facts, "three_public_total").change_10k_yuan == Decimal("1.20")
    outbound = only(facts, "outbound_travel")
    assert (outbound.change_10k_yuan, outbound.change_direction) == (Decimal("0"), "flat")
    assert only(facts, "vehicle_total").change_10k_yuan == Decimal("-2.50")
    assert only(facts, "reception").change_10k_yuan == Decimal("-1.70")


def test_vehicle_item_names_do_not_collide():
    facts = facts_of("公务用车购置及运行费 0 万元，公务用车运行维护费 5.4 万元，"
                     "公车保有量为 2 辆。")
    assert only(facts, "vehicle_total").amount_10k_yuan == Decimal("0")
    assert only(facts, "vehicle_operation").amount_10k_yuan == Decimal("5.4")


def test_thousands_separator_and_line_breaks():
    facts = facts_of("预算收入总计41,670.92万元，其中：本年收入41,670.92万元。\n"
                     "项目支\n出 2403.1 万元。")
    assert only(facts, "total_income").amount_10k_yuan == Decimal("41670.92")
    assert only(facts, "project_expenditure").amount_10k_yuan == Decimal("2403.1")


def test_unknown_subject_kept_only_with_a_change():
    facts = facts_of("社会保障和就业支出 6535.47 万元，比上年增加 1627.4 万元，增幅 33.15%；"
                     "卫生健康支出 279.99 万元。")
    assert [(f.fact, f.amount_printed, f.rate_printed) for f in facts] == [
        ("other", "6535.47", "33.15")
    ]
    assert facts[0].subject_text == "社会保障和就业支出"


def test_count_of_published_targets():
    fact = only(facts_of("公开项目绩效目标36个，涉及项目金额41,220.06万元。"),
                "published_target_count")
    assert fact.count_value == 36


def test_page_is_where_the_amount_is_printed():
    facts = narrative_facts([
        PageText(5, "七、“三公”经费情况\n本单位2024年“三公”经费预算"),
        PageText(6, "14.72 万元，比上年减少 5.1 万元。"),
    ])
    fact = only(facts, "three_public_total")
    assert (fact.page, fact.amount_printed, fact.change_printed) == (6, "14.72", "5.1")


def test_amount_far_from_its_subject_is_not_attached():
    # a number that does not follow the subject closely is not the subject's amount
    facts = facts_of("基本支出主要用于保障机构正常运转和完成日常工作任务所需经费共计 10.00 万元。")
    assert not [f for f in facts if f.fact == "basic_expenditure"]


def test_sentence_facts_with_fixed_page():
    facts = sentence_facts("公务接待费9.32万元，比上年减少4.5万元，降幅32.6%。", 3,
                           load_patterns(), [])
    assert [(f.fact, f.page, f.rate_printed) for f in facts] == [("reception", 3, "32.6")]


def test_complete_breakdown_is_summed_without_deductions():
    facts = facts_of("资产总额为 100.00 万元，其中：固定资产原值 60.02 万元，累计折旧 9.00 万元。"
                     "固定资产包含：房屋原值 40.00 万元，累计折旧 5.00 万元；"
                     "通用设备原值 20.01 万元，累计折旧 4.00 万元。")
    fact = only(facts, "listed_parts")
    assert fact.subject_text == "固定资产"
    assert (fact.amount_10k_yuan, fact.parts_sum_10k_yuan, fact.parts_count) == (
        Decimal("60.02"), Decimal("60.01"), 2
    )


@pytest.mark.parametrize("listing", [
    # 主要包括 lists only the main parts
    "人员经费 80.00 万元，主要包括：基本工资 50.00 万元，津贴补贴 20.00 万元。",
    # a list ending in 等 is not complete
    "支出 80.00 万元。支出包括：住房保障支出 50.00 万元、卫生健康支出 20.00 万元等。",
])
def test_partial_lists_are_not_breakdowns(listing):
    assert not [f for f in facts_of(listing) if f.fact == "listed_parts"]


@pytest.mark.parametrize("text", ["", "本表无数据", "单位：万元"])
def test_no_facts(text):
    assert facts_of(text) == []


def test_frame_schema_and_exact_decimals():
    text = "项目支出50.00万元，比上年增加10.00万元，增长25%。"
    frame = narrative_facts_frame("doc-1", [PageText(2, text)])
    assert dict(frame.schema) == FACT_SCHEMA
    row = frame.row(0, named=True)
    assert row["document_id"] == "doc-1"
    assert row["amount_10k_yuan"] == Decimal("50.00")
    assert row["change_10k_yuan"] == Decimal("10.00")
    assert row["rate_printed"] == "25"
    assert narrative_facts_frame("doc-1", []).height == 0
