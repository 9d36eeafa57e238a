"""The one project linker: 项目支出表 rows ↔ 绩效目标表 forms and 情况说明 list items.

Cases of the three matchers it replaces are kept: the SQL model int_project_links (forms),
the narrative matcher (list items) and the naming of forms that print no usable name.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from pipelines.clean.narrative.frames import statements_frame
from pipelines.clean.project_links import (
    CONFIRMED_THRESHOLD,
    LINK_METHODS,
    SIMILARITY_THRESHOLD,
    TOLERANCE_YUAN,
    UNLINKED_REASONS,
    Named,
    amounts_agree,
    link_projects,
    name_similarity,
    name_years,
    years_compatible,
)
from pipelines.clean.project_links_frame import LINK_SCHEMA, linked_names, project_links_frame
from pipelines.clean.projects import PROJECT_LINE_SCHEMA
from pipelines.extract.model import PageText

STAGING_DOCS = Path(__file__).parents[2] / "dbt_project" / "models" / "staging"


def d(text: str) -> Decimal:
    return Decimal(text)


def wan(text: str) -> Decimal:
    """An amount in 万元 as yuan."""
    return Decimal(text) * 10000


def stated(name: str, amount_10k: str) -> Named:
    """A list item: its amount in 万元 with the decimals it states."""
    decimals = len(amount_10k.partition(".")[2])
    return Named(name, wan(amount_10k), decimals)


def rows(names_and_amounts) -> list[Named]:
    """Rows or forms: names with amounts in 万元 printed in full."""
    return [
        Named(name, None if amount is None else wan(amount)) for name, amount in names_and_amounts
    ]


def outcome(links):
    return [(link.line, link.match_method) for link in links]


def forms(sources, lines):
    return link_projects(sources, lines, by_amount_alone=True)


def items(sources, lines):
    return link_projects(sources, lines, by_amount_alone=False)


# --- comparing names and amounts ----------------------------------------------------------

def test_similarity_sets_years_and_punctuation_aside():
    assert name_similarity("2024年企业退休职工取暖费（上解）",
                           "2024年企业退休职工取暖费(上解)") == 1
    assert name_similarity("城乡居民养老保险工作经费", "2024年城乡居民养老保险工作经费") == 1
    close = name_similarity("2023年补充养老保险特殊困难人员代缴经费",
                            "2024年财政对2023年符合城乡居民补充养老保险特殊困难人员的代缴费")
    far = name_similarity("2023年补充养老保险特殊困难人员代缴经费", "2023年城乡居民养老代办员补助")
    assert close > 0.7 > 0.5 > far


def test_years_are_the_vocabulary_s_and_set_aside_with_their_suffix():
    # 年度 as well as 年 (pipelines/vocabulary/text_patterns.csv, project_name_year)
    assert name_similarity("2024年度信息系统运维经费", "信息系统运维经费") == 1
    assert name_years("2023年度补助（2024 年 下达）") == {"2023", "2024"}


def test_a_source_year_must_be_printed_in_the_row_name():
    assert years_compatible("2023年村干部补助", "2024年财政对2023年村干部补助")
    assert not years_compatible("2023年代办员补助", "2024年代办员补助")
    assert years_compatible("2023年代办员补助", "代办员补助资金")  # the row prints no year
    assert years_compatible("代办员补助", "2024年代办员补助")


def test_amounts_agree_within_rounding_or_to_the_stated_precision():
    # a list item states 万元 with some decimals: the row rounded to them
    assert amounts_agree(wan("5.8"), wan("5.82"), 1)
    assert amounts_agree(wan("18"), wan("18.00"), 0)
    assert not amounts_agree(wan("0"), wan("5.40"), 0)
    assert not amounts_agree(wan("0.51"), wan("5.06"), 2)
    # a form prints yuan: within 50 yuan of the 万元 row (0.01 万元 = 100 yuan)
    assert amounts_agree(d("570040"), d("570000"))
    assert amounts_agree(d("4060"), d("4100"))
    assert not amounts_agree(d("571000"), d("570000"))
    assert not amounts_agree(wan("5.8"), wan("5.82"))  # no stated precision: not rounded


# --- the cascade, each step ---------------------------------------------------------------

def test_exact_and_normalized_names():
    lines = rows([("2024年企业退休职工取暖费(上解)", "1068"), ("临时工 工资", "14.26")])
    links = forms(rows([("临时工工资", "14.26"), ("2024年企业退休职工取暖费（上解）", "1068")]),
                  lines)
    assert outcome(links) == [(1, "exact"), (0, "normalized")]
    assert [link.similarity for link in links] == [1.0, 1.0]
    assert [link.amounts_agree for link in links] == [True, True]


def test_exact_names_are_linked_whatever_the_amounts_and_told_apart_by_them():
    lines = rows([("机关事业单位养老保险基金地方补助", "8689.00"),
                  ("机关事业单位养老保险基金地方补助", "14087.00"),
                  ("丧葬费补贴", "200")])
    sources = rows([("机关事业单位养老保险基金地方补助", "14087"),
                    ("机关事业单位养老保险基金地方补助", "8689"),
                    ("丧葬费补贴", "190")])  # a difference the reconciliation reports
    links = forms(sources, lines)
    assert outcome(links) == [(1, "exact"), (0, "exact"), (2, "exact")]
    assert links[2].amounts_agree is False


def test_a_form_without_an_amount_is_linked_by_its_exact_name():
    assert outcome(forms([Named("助保贷款贴息补助专项", None)],
                         rows([("助保贷款贴息补助专项", "570")]))) == [(0, "exact")]


def test_contained_needs_agreeing_amounts():
    lines = rows([("2023年企业养老保险考核奖补资金", "81.72"), ("社保局社会化管理服务专项", "20")])
    sources = rows([("企业养老保险考核奖补资金", "81.72"), ("社会化管理服务专项", "21")])
    assert outcome(forms(sources, lines)) == [(0, "contained"), (1, "names_only")]


def test_similar_names_with_agreeing_amounts_tell_two_template_names_apart():
    lines = rows([("2024年城乡居民补充养老保险省级出口补贴", "477.11"),
                  ("2024年县级对城乡居民补充养老保险出口补助", "579.67")])
    sources = [stated("城乡居民补充养老保险省级补助", "477.11"),
               stated("2024年城乡居民补充养老保险出口补贴", "579.67")]
    # by name alone the second item is closest to the 省级 row
    assert name_similarity(sources[1].name, lines[0].name) > name_similarity(
        sources[1].name, lines[1].name)
    assert outcome(items(sources, lines)) == [(0, "similar"), (1, "similar")]


def test_amount_alone_links_forms_not_list_items():
    lines = rows([("长春市社会保险事业管理局运行费", "512.81"), ("助保贷款贴息补助专项", "570")])
    source = [Named("中心经费", wan("512.81"))]
    assert outcome(forms(source, lines)) == [(0, "amount")]
    assert outcome(items([stated("中心经费", "512.81")], lines))[0][0] is None


def test_names_alone_link_a_differently_worded_project_with_another_amount():
    lines = rows([
        ("2024年城乡居民补充养老保险特殊困难人员代缴经费", "140.94"),
        ("2024年财政对2023年符合城乡居民补充养老保险特殊困难人员的代缴费", "5.06"),
        ("2024年财政对2023年符合城乡居民基本养老保险特殊困难人员的代缴费", "0.79"),
        ("2023年城乡居民养老代办员补助", "26.21"),
        ("2024年城乡居民基本养老保险代办员补助", "27.34"),
    ])
    sources = [
        stated("2023年城乡居民基本养老保险代办员补助", "26.21"),
        stated("2024年城乡居民基本养老保险代办员补助", "27.34"),
        stated("2024年特殊困难人员补充养老保险代缴经费", "140.94"),
        stated("2023年补充养老保险特殊困难人员代缴经费", "0.51"),
    ]
    links = items(sources, lines)
    assert outcome(links) == [
        (3, "similar"),  # the year keeps it off the 2024 row of the same wording
        (4, "exact"),
        (0, "similar"),
        (1, "names_only"),  # different amount: the check reports 0.51 against 5.06
    ]
    assert links[3].amounts_agree is False


# --- one-to-one, mutual best, ties --------------------------------------------------------

def test_one_line_for_two_rows_of_one_name_is_a_tie_and_stays_unlinked():
    lines = rows([("2024年机关事业单位养老保险基金地方补助", "8689.00"),
                  ("2024年机关事业单位养老保险基金地方补助", "14087.00")])
    [link] = items([stated("2024年机关事业单位养老保险基金地方补助", "22776")], lines)
    assert (link.line, link.match_method) == (None, "ambiguous")


def test_links_are_one_to_one_and_mutual_best():
    lines = rows([("2024年信息系统运维经费", "30.00")])
    links = items(
        [stated("因公出国（境）费", "0"), stated("信息系统运维经费", "31"),
         stated("信息系统运维费", "32")],
        lines,
    )
    assert outcome(links) == [(None, "below_threshold"), (0, "names_only"), (None, "not_mutual")]
    assert items([stated("某项目", "1")], [])[0].match_method == "no_candidate"


def test_a_source_whose_best_row_was_taken_falls_to_the_next_with_agreeing_amounts():
    # int_project_links round two: two rows and two forms of one amount; the closer pair is
    # linked first, the other form then takes the remaining row
    lines = rows([("中央企业退休人员社会化管理人事档案案管理补助资金", "174.79"),
                  ("中央企业及原中央下放企业退休人员社会化管理人事档案案补助资金", "174.79")])
    sources = rows([("中央企业及原中央下放企业退休人员社会化管理人事档案补助资金", "174.79"),
                    ("提前下达2024年中央企业及原中央下放企业退休人员社会化管理人事档案补助资金",
                     "174.79")])
    assert [link.line for link in forms(sources, lines)] == [1, 0]


def test_names_alone_do_not_fall_to_a_second_best():
    # the item's closest row is linked to another item by name: no weaker fallback
    lines = rows([("2024年信息系统运维经费", "30"), ("2024年信息系统建设经费", "80")])
    sources = [stated("2024年信息系统运维经费", "30"), stated("信息系统运维项目", "12")]
    assert outcome(items(sources, lines)) == [(0, "exact"), (None, "not_mutual")]


# --- forms that print no usable name ------------------------------------------------------

def test_an_unnamed_form_is_linked_by_a_unique_amount():
    lines = rows([("甲项目", "0.42"), ("乙项目", "0.406"), ("丙项目", "0.9")])
    [link] = forms([Named(None, d("4060"))], lines)
    assert (link.line, link.match_method, link.similarity) == (1, "amount", None)
    # within 50 yuan: the 项目支出表 rounds to 0.01 万元
    assert forms([Named(None, d("570040"))], rows([("a", "57")]))[0].line == 0
    assert forms([Named(None, d("571000"))], rows([("a", "57")]))[0].match_method == (
        "no_candidate")


def test_an_unnamed_form_is_not_named_by_two_equal_amounts():
    [link] = forms([Named(None, d("570000"))], rows([("a", "57"), ("b", "57")]))
    assert (link.line, link.match_method) == (None, "ambiguous")
    # nor when the rows share the name as well: two rows are two projects
    [link] = forms([Named(None, d("570000"))], rows([("a", "57"), ("a", "57")]))
    assert link.line is None


def test_two_unnamed_forms_of_one_amount_name_neither():
    links = forms([Named(None, wan("57")), Named(None, wan("57"))], rows([("a", "57")]))
    assert outcome(links) == [(None, "ambiguous"), (None, "ambiguous")]


def test_an_unnamed_form_takes_the_row_a_named_form_left():
    lines = rows([("助保贷款贴息补助专项", "57"), ("贷款贴息", "57")])
    links = forms([Named("助保贷款贴息补助专项", wan("57")), Named(None, wan("57"))], lines)
    assert outcome(links) == [(0, "exact"), (1, "amount")]


# --- the staging frame --------------------------------------------------------------------

def _lines(entries: list[tuple[str, int, str, str, bool]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"document_id": "doc-1", "table_id": table, "line_seq": seq, "project_name": name,
             "amount_yuan": Decimal(yuan), "has_children": parent}
            for table, seq, name, yuan, parent in entries
        ],
        schema={k: PROJECT_LINE_SCHEMA[k] for k in
                ("document_id", "table_id", "line_seq", "project_name", "amount_yuan",
                 "has_children")},
    )


def test_frame_links_list_items_and_forms_with_their_keys():
    lines = _lines([("doc-1#007", 0, "2024年信息系统运维经费", "299600.00", False),
                    ("doc-1#007", 1, "2024年社保卡发放补助", "150400.00", False)])
    text = ("（1）信息系统运维经费 29.96 万元；（2）2024年社保卡发放补助 15.0 万元；"
            "（3）其他 1 万元。")
    statements = statements_frame("doc-1", [PageText(9, text)])
    forms_ = [("doc-1#010", 0, None, Decimal("299600.00")),
              ("doc-1#011", 0, "社保卡发放补助", Decimal("150400.00"))]
    frame = project_links_frame("doc-1", lines, forms_, statements)
    assert frame.schema == pl.Schema(LINK_SCHEMA)
    assert frame.select(
        "source_kind", "source_table_id", "source_seq", "match_method", "line_table_id", "line_seq"
    ).rows() == [
        ("target_form", "doc-1#010", 0, "amount", "doc-1#007", 0),
        ("target_form", "doc-1#011", 0, "contained", "doc-1#007", 1),
        ("narrative", None, 0, "contained", "doc-1#007", 0),
        ("narrative", None, 1, "exact", "doc-1#007", 1),
        ("narrative", None, 2, "below_threshold", None, None),
    ]
    items_ = statements.filter(pl.col("kind") == "project_item")
    assert items_["statement_index"].to_list() == [0, 1, 2]
    assert frame["source_amount_yuan"].to_list()[2:] == [
        Decimal("299600.00"), Decimal("150000.00"), Decimal("10000.00")]
    assert linked_names(frame) == {("doc-1#010", 0): "2024年信息系统运维经费"}


def test_forms_are_not_linked_to_a_parent_row_list_items_may_be():
    lines = _lines([("doc-1#009", 0, "企业养老保险考核奖补资金", "817200", True),
                    ("doc-1#009", 1, "2023年企业养老保险考核奖补资金", "817200", False)])
    statements = statements_frame(
        "doc-1", [PageText(3, "1、企业养老保险考核奖补资金 81.72 万元；2、其他 1 万元。")])
    frame = project_links_frame(
        "doc-1", lines, [("doc-1#020", 0, "企业养老保险考核奖补资金", Decimal("817200"))],
        statements)
    assert frame.select("source_kind", "match_method", "line_seq").rows()[:2] == [
        ("target_form", "contained", 1),
        ("narrative", "exact", 0),
    ]


@pytest.mark.parametrize("pages", [[], [PageText(1, "没有列表。")]])
def test_frame_of_a_document_without_forms_or_lists_is_empty(pages):
    frame = project_links_frame("doc-1", _lines([]), [], statements_frame("doc-1", pages))
    assert frame.height == 0 and frame.schema == pl.Schema(LINK_SCHEMA)


# --- one home: the documented methods and thresholds are the linker's ----------------------

def test_the_staging_docs_list_the_linker_s_methods_and_thresholds():
    yaml = pytest.importorskip("yaml")
    models = yaml.safe_load((STAGING_DOCS / "_performance__staging.yml").read_text("utf-8"))
    [model] = [m for m in models["models"] if m["name"] == "stg_budget__project_links"]
    [column] = [c for c in model["columns"] if c["name"] == "match_method"]
    [accepted] = [t["accepted_values"] for t in column["data_tests"] if "accepted_values" in t]
    assert accepted["arguments"]["values"] == [*LINK_METHODS, *UNLINKED_REASONS]
    described = " ".join(c["description"] for c in model["columns"])
    for figure in (CONFIRMED_THRESHOLD, SIMILARITY_THRESHOLD, f"{TOLERANCE_YUAN} yuan"):
        assert str(figure) in described
