"""Unit tests for pipelines.clean.targets (绩效目标 forms) on hand-made tables, one per layout.

The tables are invented (names, amounts) but keep the shapes printed by real disclosures:
a 申报表 with 一级目标/二级目标/指标/目标值/目标值来源, a block + 一级/二级/三级指标/权重 form,
a wide provincial table with project columns, and a two-sided 实施期 | 年度 form.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from pipelines.clean.project_links import Named, link_projects
from pipelines.clean.targets import (
    FundAmount,
    TargetForm,
    indicators_from_form,
    is_target_form,
    name_unnamed_projects,
    parse_target_form,
    project_facts_from_form,
)
from pipelines.clean.targets.block import amount_in_yuan
from pipelines.clean.targets.words import normalize_label

D = Decimal
N = None


def table(body, header=(), unit="元", title="项目支出绩效目标表", page=3, row_pages=None):
    out = {
        "title": title,
        "unit": unit,
        "page_first": page,
        "page_last": page + 1,
        "header_rows": [list(r) for r in header],
        "body_rows": [list(r) for r in body],
    }
    if row_pages is not None:
        out["row_pages"] = row_pages
    return out


# ------------------------------------------------------------------ layout 1: 申报表 (2021 style)

APPLICATION_FORM = table(
    [
        ["(2030 年)", N, N, N, N],
        ["申报单位名称: 某市某局 (盖章)", N, N, N, N],
        ["项目基本信息", N, N, N, N],
        ["项目名称:", "示例人员经费", N, N, N],
        ["项目属性:", "延续", "是否属于产业发展专项", "否", N],
        ["计划开始日期:", "2030/1/1", "计划完成日期:", "2030/12/31", N],
        ["项目当年预算(元):", "1230000", "项目上年预算(元):", "1,000,000", N],
        ["项目总目标", "保障 基本权益", N, N, N],
        ["年度绩效目标", "按月发放", N, N, N],
        ["2030 年度绩效目标", N, N, N, N],
        ["一级目标", "二级目标", "指标", "目标值", "目标值来源"],
        ["产出目标", "数量", "员工工资", "123 万元", "全年工资约为123万元。"],
        [N, "时效", "工资发放的时效性", "每月定期发放工资", "按办法每月发放"],
        ["效果目标", "满意度", "员工满意度", "员工满意度95%以上", "人员反馈结果"],
    ],
    row_pages=[16] * 11 + [17] * 3,
)


def test_application_form_indicators() -> None:
    rows = indicators_from_form(APPLICATION_FORM)
    assert [(r.level1, r.level2, r.level3) for r in rows] == [
        ("产出目标", "数量", "员工工资"),
        ("产出目标", "时效", "工资发放的时效性"),
        ("效果目标", "满意度", "员工满意度"),
    ]
    first, second, third = rows
    assert (first.comparator, first.number, first.unit) == (None, D("123"), "万元")
    assert first.indicator_description == "全年工资约为123万元。"
    assert (second.number, second.target_text) == (None, "每月定期发放工资")
    assert (third.comparator, third.number, third.unit) == ("≥", D("95"), "%")
    assert {r.period for r in rows} == {"年度"}
    assert {r.project_name for r in rows} == {"示例人员经费"}
    assert [r.page for r in rows] == [17, 17, 17]  # from row_pages, not page_first
    assert all(r.weight is None for r in rows)


def test_application_form_project_fact() -> None:
    (fact,) = project_facts_from_form(APPLICATION_FORM)
    assert fact.project_name == "示例人员经费"
    assert fact.amount_yuan == D("1230000")
    assert fact.prior_year_amount_yuan == D("1000000")
    assert fact.category == "延续"
    assert fact.implementing_unit == "某市某局"
    assert (fact.planned_start, fact.planned_end) == ("2030/1/1", "2030/12/31")
    assert fact.implementation_goal == "保障基本权益"  # CJK line-wrap space removed
    assert fact.annual_goal == "按月发放"
    assert ("是否属于产业发展专项", "否") in fact.attributes
    assert fact.page == 16


# ------------------------------------------------------------------ layout 2: block + 权重 form

WEIGHTED_FORM = table(
    [
        ["项目名称", N, "示例贴息专项", N, N, N],
        ["项目级次", N, "二级项目", N, N, N],
        ["主管部门及编码", N, "某市某局-310", N, N, N],
        ["项目资金 (万元)", "年度资金总额", "57.00", N, N, N],
        [N, "其中：财政拨款", "50.00", N, N, N],
        [N, "其他资金", "7.00", N, N, N],
        ["年度绩效 目标", "按时足额拨付。", N, N, N, N],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "权重"],
        [N, "产出指标", "数量指标", "贷款人数", "<1345", "20"],
        [N, N, "成本指标", "利息金额", "≤57万", "20"],
        [N, N, N, "预约上门认证", "=1.4 万元", "10"],
        [N, "效果指标", "社会效益指标", "幸福 指数", "逐渐提高", "20"],
        [N, "满意度指标", "满意度指标", "满意度", "≥95%", ""],
    ],
    unit="万元",
)


def test_weighted_form_indicators() -> None:
    rows = indicators_from_form(WEIGHTED_FORM)
    assert [(r.level1, r.level2, r.level3, r.weight) for r in rows] == [
        ("产出指标", "数量指标", "贷款人数", D("20")),
        ("产出指标", "成本指标", "利息金额", D("20")),
        ("产出指标", "成本指标", "预约上门认证", D("10")),  # both levels carried (merged)
        ("效果指标", "社会效益指标", "幸福指数", D("20")),
        ("满意度指标", "满意度指标", "满意度", None),  # 权重 printed blank
    ]
    assert (rows[0].comparator, rows[0].number, rows[0].unit) == ("<", D("1345"), None)
    assert (rows[2].comparator, rows[2].number, rows[2].unit) == ("=", D("1.4"), "万元")
    assert rows[3].number is None
    assert {r.page for r in rows} == {3}  # no row_pages: page_first


def test_weighted_form_project_fact_converts_wan_to_yuan() -> None:
    (fact,) = project_facts_from_form(WEIGHTED_FORM)
    assert fact.project_name == "示例贴息专项"
    assert fact.project_level == "二级项目"
    assert (fact.competent_department, fact.competent_department_code) == ("某市某局", "310")
    assert fact.amount_yuan == D("570000")
    assert fact.amount_printed == "57.00 万元"
    assert fact.funds == (
        FundAmount("财政拨款", "其中：财政拨款", "年度", D("500000")),
        FundAmount("其他资金", "其他资金", "年度", D("70000")),
    )
    assert fact.annual_goal == "按时足额拨付。"


# ------------------------------------------------------------------ layout 3: wide provincial

WIDE_HEADER = [
    [
        "单位名称",
        "项目名称",
        "项目类别",
        "预算数(万元)",
        "绩效目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标性质",
        "绩效指标值",
        "度量单位",
        "分值权重",
    ],
    [N, N, N, N, N, N, N, N, N, N, N, "其中：预算执行率权重10%"],
]
WIDE = table(
    [
        ["合计-", "-", "-", "10.50", "", "", "", "", "", "", "", ""],
        ["100001-某市某服务局", "12345678901A000000001-示例补助", "3-特定目标类", "4.50",
         "及时发放。", "成本指标", "经济成本", "每人每年1300元", "0", "1300", "元", "20"],
        [N, N, N, N, N, "产出指标", "数量指标", "为280名退休人员发放补贴", "≥", "280", "名", "10"],
        [N, N, N, N, N, N, "时效指标", "2021年12月前", "0", "2024", "年", "5"],
        [N, N, N, N, N, N, N, "质量要求", "定性", "高", "", "10.00"],
        [N, N, N, N, N, "满意度指标", "服务对象满意度", "", "≥", "90", "%", "10"],
        [N, "12345678901T000000002-示例工作经费", "", "6.00", "保障运行。",
         "产出指标", "数量指标", "会期", "≤", "10", "天", "30"],
        [N, N, N, N, N, "", "社会效益", "社会稳定", "定性", "高", "", "20"],
        [N, N, N, N, N, "", "可持续影响", "幸福指数", "定性", "高", "", "10"],
    ],
    header=WIDE_HEADER,
    unit="万元",
    page=20,
    row_pages=[20, 20, 20, 20, 21, 21, 21, 22, 22],
)  # fmt: skip


def test_wide_table_indicators() -> None:
    rows = indicators_from_form(WIDE)
    assert len(rows) == 8  # the 合计 row and the header note give none
    first = rows[0]
    assert (first.project_name, first.project_code) == ("示例补助", "12345678901A000000001")
    assert (first.level1, first.level2, first.target_text) == ("成本指标", "经济成本", "1300元")
    assert (first.comparator, first.number, first.unit) == (None, D("1300"), "元")
    assert (first.nature_printed, first.indicator_nature) == ("0", None)
    assert rows[1].target_text == "≥280名"
    assert (rows[1].comparator, rows[1].indicator_nature) == ("≥", "定量")
    assert (rows[2].target_text, rows[2].number, rows[2].unit) == ("2024年", D("2024"), "年")
    assert (rows[3].level2, rows[3].target_text, rows[3].indicator_nature) == (
        "时效指标",
        "高",
        "定性",
    )
    assert rows[3].weight == D("10.00")
    assert rows[4].level3 is None and rows[4].target_text == "≥90%"
    assert rows[4].page == 21


def test_wide_table_new_project_and_blank_level1() -> None:
    rows = indicators_from_form(WIDE)
    second = [r for r in rows if r.project_name == "示例工作经费"]
    assert [(r.level1, r.level2, r.level3) for r in second] == [
        ("产出指标", "数量指标", "会期"),
        ("效益指标", "社会效益", "社会稳定"),  # 一级 printed blank: inferred, not carried
        ("效益指标", "可持续影响", "幸福指数"),
    ]
    assert {r.project_seq for r in second} == {1}


def test_wide_table_project_facts() -> None:
    first, second = project_facts_from_form(WIDE)
    assert first.project_name == "示例补助"
    assert first.project_code == "12345678901A000000001"
    assert first.category == "3-特定目标类"
    assert first.amount_yuan == D("45000")
    assert (first.implementing_unit, first.implementing_unit_code) == ("某市某服务局", "100001")
    assert first.annual_goal == "及时发放。"
    assert first.page == 20
    assert second.category is None  # printed blank, not carried
    assert second.implementing_unit == "某市某服务局"  # merged cell: carried
    assert second.amount_yuan == D("60000")
    assert second.page == 21


# ------------------------------------------------------------------ layout 4: two-sided form

TWO_SIDED = table(
    [
        ["项目名称", N, "2030年示例代缴保费", N, N, N, N, N],
        ["主管部门及代码", N, "407-某市人社局", N, "实施单位", "某市社保中心", N, N],
        ["项目属性", N, "一次性项目(1年结束)", N, "项目期", "1年", N, N],
        ["项目资金\n(元)", "实施期资金总额:", "8,000", N, "年度资金总额:", "4,060", N, N],
        [N, "其中:中央财政资金", "4,000", N, "其中:中央财政资金", "0", N, N],
        [N, "市县(区)财政资", "4,000", N, "市县(区)财政资金", "4,060", N, N],
        [N, "其他资金", "", N, "其他资金", "", N, N],
        ["项目概况", N, "概况文字", N, N, N, N, N],
        ["总体目标", N, "实施期目标", N, N, "年度目标", N, N],
        [N, N, "全部代缴。", N, N, "年内全部代缴。", N, N],
        [
            "绩效\n指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "二级指标",
            "三级指标",
            "指标值",
        ],
        [N, "产出指标", "数量指标", "补贴人数", "58人", "数量指标", "补贴人数", "≥60人"],
        [N, N, None, "补贴标准", "70元/人年", N, "补贴标准", "70元/人年"],
        [N, N, "质量指标", "代缴率", "100%", "时效指标", "代缴率", "100%"],
        [N, "效益指标", "经济效益指标", "", "", "经济效益指标", "", ""],
        [N, N, "社会效益指标", "减轻 负担", "有效减轻", "社会效益指标", "减轻负担", "有效减轻"],
        ["负责人:", "", "经办人:", "", "联系电话:", "", "填报日期:", "20240117171504"],
    ],
)


def test_two_sided_form_gives_both_periods() -> None:
    rows = indicators_from_form(TWO_SIDED)
    implementation = [r for r in rows if r.period == "实施期"]
    annual = [r for r in rows if r.period == "年度"]
    assert len(implementation) == len(annual) == 4  # empty slots and signature line skipped
    assert [r.target_text for r in implementation] == ["58人", "70元/人年", "100%", "有效减轻"]
    assert [r.target_text for r in annual] == ["≥60人", "70元/人年", "100%", "有效减轻"]
    assert implementation[2].level2 == "质量指标"
    assert annual[2].level2 == "时效指标"  # each side keeps its own 二级指标
    assert implementation[1].level2 == annual[1].level2 == "数量指标"  # merged: carried
    assert implementation[3].level1 == "效益指标"
    assert implementation[3].level3 == "减轻负担"
    assert (annual[0].comparator, annual[0].number, annual[0].unit) == ("≥", D("60"), "人")


def test_two_sided_form_project_fact() -> None:
    (fact,) = project_facts_from_form(TWO_SIDED)
    assert (fact.competent_department, fact.competent_department_code) == ("某市人社局", "407")
    assert fact.implementing_unit == "某市社保中心"
    assert fact.category == "一次性项目(1年结束)"
    assert fact.period_text == "1年"
    assert fact.amount_yuan == D("4060")
    assert fact.implementation_amount_yuan == D("8000")
    assert fact.implementation_goal == "全部代缴。"
    assert fact.annual_goal == "年内全部代缴。"
    by_side = {(f.source, f.period): f.amount_yuan for f in fact.funds}
    assert by_side == {
        ("中央财政资金", "实施期"): D("4000"),
        ("中央财政资金", "年度"): D("0"),
        ("市县财政资金", "实施期"): D("4000"),  # truncated label still recognised
        ("市县财政资金", "年度"): D("4060"),
        ("其他资金", "实施期"): None,  # printed blank, not 0
        ("其他资金", "年度"): None,
    }


# ------------------------------------------------------------------ robustness


def test_form_title_in_name_cell_is_not_a_name_and_can_be_resolved() -> None:
    body = [list(r) for r in TWO_SIDED["body_rows"]]
    body[0] = ["项目名称", N, "2030年县(区)级预算部门(单位)项目支出绩效目标表", N, N, N, N, N]
    parsed = parse_target_form(table(body))
    assert parsed.projects[0].project_name is None
    assert parsed.projects[0].project_name_printed.endswith("绩效目标表")
    assert {r.project_name for r in parsed.indicators} == {None}

    # the project linker links it by its amount (4,060 元) to the one row of that amount
    candidates = [("甲项目", D("4200")), ("乙项目", D("4060")), ("丙项目", D("9000"))]
    [link] = link_projects(
        [Named(f.project_name, f.amount_yuan) for f in parsed.projects],
        [Named(name, amount) for name, amount in candidates],
        by_amount_alone=True,
    )
    assert (link.line, link.match_method) == (1, "amount")
    named = name_unnamed_projects(parsed, {0: candidates[link.line][0]})
    assert named.projects[0].project_name == "乙项目"
    assert {r.project_name for r in named.indicators} == {"乙项目"}


def test_naming_keeps_a_printed_name() -> None:
    (fact,) = project_facts_from_form(WEIGHTED_FORM)
    parsed = parse_target_form(WEIGHTED_FORM)
    assert name_unnamed_projects(parsed, {fact.project_seq: "别的名称"}) == parsed
    assert name_unnamed_projects(parsed, {}) == parsed


def test_two_projects_in_one_table() -> None:
    body = [list(r) for r in WEIGHTED_FORM["body_rows"]]
    second = [list(r) for r in body]
    second[0] = ["项目名称", N, "第二个专项", N, N, N]
    parsed = parse_target_form(table(body + second, unit="万元"))
    assert [p.project_name for p in parsed.projects] == ["示例贴息专项", "第二个专项"]
    assert [p.project_seq for p in parsed.projects] == [0, 1]
    assert len(parsed.indicators) == 10
    assert parsed.indicators[5].project_name == "第二个专项"
    assert parsed.indicators[5].level1 == "产出指标"


def test_table_given_as_object_with_attributes() -> None:
    @dataclass
    class Extracted:
        title: str
        unit: str | None
        page_first: int
        page_last: int
        header_rows: list
        body_rows: list
        row_pages: list[int] | None = None

    obj = Extracted(**{k: v for k, v in WEIGHTED_FORM.items()})
    assert parse_target_form(obj) == parse_target_form(WEIGHTED_FORM)
    assert isinstance(parse_target_form(obj), TargetForm)


def test_header_words_not_layout_decide() -> None:
    """Columns moved around still read the same: roles come from header words."""
    body = [
        ["项目名称", "挪动专项", N, N, N],
        ["权重", "指标值", "三级指标", "二级指标", "一级指标"],
        ["10", "≥90%", "满意度", "满意度指标", "满意度指标"],
    ]
    (row,) = indicators_from_form(table(body))
    assert (row.level1, row.level2, row.level3, row.target_text, row.weight) == (
        "满意度指标",
        "满意度指标",
        "满意度",
        "≥90%",
        D("10"),
    )


# ------------------------------------------------------------------ recognising tables


@pytest.mark.parametrize(
    "source",
    [APPLICATION_FORM, WEIGHTED_FORM, WIDE, TWO_SIDED],
    ids=["申报表", "权重", "宽表", "两侧"],
)
def test_is_target_form_on_every_layout(source: dict) -> None:
    assert is_target_form(source["title"], source["header_rows"], source["body_rows"])


def test_is_target_form_rejects_other_tables() -> None:
    budget = [["项目名称", "合计", "一般公共预算"], ["示例", "1.00", "1.00"]]
    assert not is_target_form("项目支出表", [], budget)
    grid_without_project = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出", "数量", "x", "1"],
    ]
    assert not is_target_form("部门整体绩效目标表", [], grid_without_project)
    assert not is_target_form("部门整体支出绩效目标表", [], WEIGHTED_FORM["body_rows"])


# ------------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("项目资金\n(元):", ("项目资金", "元")),
        ("项目资金 (万元)", ("项目资金", "万元")),
        ("主管部门(及代码)", ("主管部门及代码", None)),
        ("其中：中央财政资金", ("中央财政资金", None)),
        ("项目当年预算 (元):", ("项目当年预算", "元")),
        ("年度绩效 目标", ("年度绩效目标", None)),
    ],
)
def test_normalize_label(label: str, expected: tuple[str, str | None]) -> None:
    assert normalize_label(label) == expected


def test_parse_amount() -> None:
    assert amount_in_yuan("1,409,400", "元") == D("1409400")
    assert amount_in_yuan("14.56", "万元") == D("145600.00")
    assert amount_in_yuan("", "元") is None
    assert amount_in_yuan("12", None) is None  # unknown unit: no guess


def test_amount_in_yuan_follows_the_one_amount_policy() -> None:
    """Amounts are read by pipelines.clean.amounts, as in every other table."""
    assert amount_in_yuan("1,23.4", "元") is None  # badly grouped: unreadable, not 123.4
    assert amount_in_yuan("—", "元") is None  # a dash prints nothing
    assert amount_in_yuan("１２３．４", "万元") == D("1234000")  # full-width digits
    assert amount_in_yuan("12", "美元") is None  # not a word of the units vocabulary
