"""Project amounts stated in enumerated 情况说明 lists, and their matching to 项目支出表 names."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from pipelines.clean.narrative.frames import (
    PROJECT_MATCH_SCHEMA,
    project_matches_frame,
    statements_frame,
)
from pipelines.clean.narrative.projects import (
    amounts_agree,
    match_projects,
    name_similarity,
    years_compatible,
)
from pipelines.clean.narrative.reader import read_statements
from pipelines.clean.projects import PROJECT_LINE_SCHEMA
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


# --- the matcher --------------------------------------------------------------------------

def test_similarity_sets_years_and_punctuation_aside():
    assert name_similarity("2024年企业退休职工取暖费（上解）",
                           "2024年企业退休职工取暖费(上解)") == 1
    assert name_similarity("城乡居民养老保险工作经费", "2024年城乡居民养老保险工作经费") == 1
    close = name_similarity("2023年补充养老保险特殊困难人员代缴经费",
                            "2024年财政对2023年符合城乡居民补充养老保险特殊困难人员的代缴费")
    far = name_similarity("2023年补充养老保险特殊困难人员代缴经费", "2023年城乡居民养老代办员补助")
    assert close > 0.7 > 0.5 > far


def test_a_stated_year_must_be_printed_in_the_table_name():
    assert years_compatible("2023年村干部补助", "2024年财政对2023年村干部补助")
    assert not years_compatible("2023年代办员补助", "2024年代办员补助")
    assert years_compatible("2023年代办员补助", "代办员补助资金")  # the table prints no year
    assert years_compatible("代办员补助", "2024年代办员补助")


def test_amounts_agree_to_the_stated_precision():
    assert amounts_agree(Decimal("5.8"), Decimal("5.82"))
    assert amounts_agree(Decimal("18"), Decimal("18.00"))
    assert not amounts_agree(Decimal("0"), Decimal("5.40"))
    assert not amounts_agree(Decimal("0.51"), Decimal("5.06"))


def d(text: str) -> Decimal:
    return Decimal(text)


def test_names_alone_match_a_differently_worded_project_with_another_amount():
    projects = [
        ("2024年城乡居民补充养老保险特殊困难人员代缴经费", d("140.94")),
        ("2024年财政对2023年符合城乡居民补充养老保险特殊困难人员的代缴费", d("5.06")),
        ("2024年财政对2023年符合城乡居民基本养老保险特殊困难人员的代缴费", d("0.79")),
        ("2023年城乡居民养老代办员补助", d("26.21")),
        ("2024年城乡居民基本养老保险代办员补助", d("27.34")),
    ]
    statements = [
        ("2023年城乡居民基本养老保险代办员补助", d("26.21")),
        ("2024年城乡居民基本养老保险代办员补助", d("27.34")),
        ("2024年特殊困难人员补充养老保险代缴经费", d("140.94")),
        ("2023年补充养老保险特殊困难人员代缴经费", d("0.51")),
    ]
    matches = match_projects(statements, projects)
    assert [(m.project, m.match_method) for m in matches] == [
        (3, "same_amount"),  # the year keeps it off the 2024 row of the same wording
        (4, "exact"),
        (0, "same_amount"),
        (1, "similar"),  # different amount: the check reports 0.51 against 5.06
    ]


def test_one_line_for_two_projects_of_one_name_is_ambiguous():
    projects = [("2024年机关事业单位养老保险基金地方补助", d("8689.00")),
                ("2024年机关事业单位养老保险基金地方补助", d("14087.00"))]
    [match] = match_projects([("2024年机关事业单位养老保险基金地方补助", d("22776"))], projects)
    assert (match.project, match.match_method) == (None, "ambiguous")


def test_agreeing_amount_tells_two_close_template_names_apart():
    projects = [("2024年城乡居民补充养老保险省级出口补贴", d("477.11")),
                ("2024年县级对城乡居民补充养老保险出口补助", d("579.67"))]
    statements = [("城乡居民补充养老保险省级补助", d("477.11")),
                  ("2024年城乡居民补充养老保险出口补贴", d("579.67"))]
    # by name alone the second statement is closest to the 省级 row
    assert name_similarity(statements[1][0], projects[0][0]) > name_similarity(
        statements[1][0], projects[1][0])
    assert [m.project for m in match_projects(statements, projects)] == [0, 1]


def test_unrelated_names_and_competing_statements_do_not_match():
    projects = [("2024年信息系统运维经费", d("30.00"))]
    matches = match_projects(
        [("因公出国（境）费", d("0")), ("信息系统运维经费", d("31")), ("信息系统运维费", d("32"))],
        projects,
    )
    assert [(m.project, m.match_method) for m in matches] == [
        (None, "below_threshold"), (0, "similar"), (None, "not_mutual"),
    ]
    assert match_projects([("某项目", d("1"))], [])[0].match_method == "no_candidate"


# --- the staging frame --------------------------------------------------------------------

def _lines(rows: list[tuple[str, int, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"document_id": "doc-1", "table_id": table, "line_seq": seq, "project_name": name,
             "amount_yuan": Decimal(yuan), "has_children": False}
            for table, seq, name, yuan in rows
        ],
        schema={k: PROJECT_LINE_SCHEMA[k] for k in
                ("document_id", "table_id", "line_seq", "project_name", "amount_yuan",
                 "has_children")},
    )


def _matches(pages, lines):
    return project_matches_frame(statements_frame("doc-1", pages), lines)


def test_frame_names_the_matched_project_row():
    lines = _lines([("doc-1#007", 0, "2024年信息系统运维经费", "299600.00"),
                    ("doc-1#007", 1, "2024年社保卡发放补助", "150400.00")])
    text = ("（1）信息系统运维经费 29.96 万元；（2）2024年社保卡发放补助 15.0 万元；"
            "（3）其他 1 万元。")
    statements = statements_frame("doc-1", [PageText(9, text)])
    frame = project_matches_frame(statements, lines)
    assert frame.schema == pl.Schema(PROJECT_MATCH_SCHEMA)
    assert frame.select("match_method", "table_id", "line_seq").rows() == [
        ("same_amount", "doc-1#007", 0),
        ("exact", "doc-1#007", 1),
        ("below_threshold", None, None),
    ]
    items = statements.filter(pl.col("kind") == "project_item")
    assert items["statement_index"].to_list() == frame["statement_index"].to_list()
    assert items["item_number"].to_list() == [1, 2, 3]
    assert items["amount_10k_yuan"].to_list() == [Decimal("29.96"), Decimal("15.0"), 1]


@pytest.mark.parametrize("pages", [[], [PageText(1, "没有列表。")]])
def test_frame_of_a_document_without_lists_is_empty(pages):
    assert _matches(pages, _lines([])).height == 0
