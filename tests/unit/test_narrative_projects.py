"""Project amounts stated in enumerated 情况说明 lists (their links: test_project_links.py)."""

from __future__ import annotations

from decimal import Decimal

from pipelines.clean.narrative.reader import read_statements
from pipelines.extract.model import PageText


def stated_projects(pages):
    return [s for s in read_statements(pages) if s.kind == "project_item"]


def stated(text: str, page: int = 1):
    return [(s.item_number, s.subject_text, s.value_printed)
            for s in stated_projects([PageText(page, text)])]


# --- the reader ---------------------------------------------------------------------------

def test_numbered_list_after_a_numbered_heading():
    # the heading "1、整体绩效目标" is not item 1; the last item has no amount and must not take
    # the amount of the next section
    text = (
        "十、绩效管理情况\n1、整体绩效目标\n"
        "1、2023 年城乡居民基本养老保险代办员补助 26.21 万元；2、2024 年城乡居民基本养\n"
        "老保险代办员补助 27.34 万元；3、2024 年机关养老退休人员活动经费 18 万元；"
        "4、2024 年城乡居民基本养老保险缺口补贴\n"
        "2、项目绩效目标\n纳入绩效目标管理的二级项目 36 个，共计金额 41,220.06\n万元。"
    )
    assert stated(text) == [
        (1, "2023年城乡居民基本养老保险代办员补助", "26.21"),
        (2, "2024年城乡居民基本养老保险代办员补助", "27.34"),
        (3, "2024年机关养老退休人员活动经费", "18"),
    ]


def test_parenthesised_items_with_colon_and_budget_words():
    # another template: （1） markers, the name before a colon or comma, 预算 / 安排 words
    text = (
        "三、项目支出说明\n"
        "（1）信息系统运维项目：预算 29.96 万元，主要用于系统维护。"
        "（2）社保卡发放补助资金，安排 15 万元，用于制卡；"
        "（3）档案数字化项目预算数为 1,204.50 万元。"
    )
    assert stated(text) == [
        (1, "信息系统运维项目", "29.96"),
        (2, "社保卡发放补助资金", "15"),
        (3, "档案数字化项目", "1,204.50"),
    ]


def test_circled_and_dotted_markers_but_not_decimals():
    assert stated("①经办大厅维修费 3.5 万元；②宣传经费 1.2 万元。") == [
        (1, "经办大厅维修费", "3.5"),
        (2, "宣传经费", "1.2"),
    ]
    # "1.5万元" is an amount, not item 1; "1." before a word is a marker
    assert stated("1.培训费 1.5 万元。2.差旅费 2 万元。") == [
        (1, "培训费", "1.5"),
        (2, "差旅费", "2"),
    ]


def test_a_single_numbered_sentence_is_not_a_list():
    assert stated("1、本部门预算总支出 100 万元。") == []


def test_amount_in_a_list_across_a_page_break_has_its_page():
    pages = [
        PageText(7, "1、甲项目 1.00 万元；2、乙项"),
        PageText(8, "目 2.00 万元。"),
    ]
    found = stated_projects(pages)
    assert [(s.item_number, s.subject_text, s.page) for s in found] == [
        (1, "甲项目", 7), (2, "乙项目", 8),
    ]
    assert found[1].value == Decimal("2.00")


def test_items_the_reader_typed_are_not_projects():
    # haidong-shebao-2024, 第三部分 五 (三): a list of 功能分类 subjects, not of projects
    text = (
        "1、社会保障和就业支出（类）人力资源和社会保障管理事务（款）社会保险业务管理\n"
        "事务（项）2024 年预算数为 439.56 万元，比上年减少 88.35 万元，下降 16.74%。\n"
        "2、社会保障和就业支出（类）人力资源和社会保障管理事务（款）社会保险经办机构\n"
        "（项）2024 年预算数为 5.92 万元，比上年减少 1.71 万元，下降 22.41%。"
    )
    assert stated(text, 16) == []
