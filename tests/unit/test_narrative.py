"""The 情况说明 reader: typed amount, change and rate statements, on sentences of real documents.

Sentences are copied from the four sample disclosures (``../shared/seeds``) and from the real
documents of other provinces (``../shared/real``: 上海 普陀区, 江苏省) — short literals, never
the PDFs. Whitespace and line breaks are kept where the PDF text has them: the reader must read
through them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.clean.narrative.frames import STATEMENT_SCHEMA, statements_frame
from pipelines.clean.narrative.reader import read_statements
from pipelines.clean.narrative.sentences import amount_statements
from pipelines.clean.narrative.text import join_pages
from pipelines.extract.model import PageText


def statements_of(text: str, page: int = 1):
    return read_statements([PageText(page, text)])


def amounts(statements):
    return [s for s in statements if s.kind == "amount"]


def only(statements, subject):
    found = [s for s in statements if s.subject == subject and s.kind == "amount"]
    assert len(found) == 1, [(s.subject, s.value_printed) for s in statements]
    return found[0]


# --- subjects, amounts, changes and rates (sample documents) ------------------------------

def test_amount_change_and_rate_of_one_subject():
    # changchun-shebaoju-2021, 第三部分 八
    fact = only(statements_of("基本支出 4775.21 万元，占总支出的 65.39%，比上年增加 478.07 万元，"
                              "增幅 11.12%，主要原因为：人员增加。"), "basic_expenditure")
    assert fact.value == Decimal("4775.21")
    assert fact.change == Decimal("478.07")
    assert fact.change_direction == "increase"
    assert fact.rate_printed == "11.12"  # the share 65.39% is not a growth rate


def test_decrease_is_negative():
    fact = only(statements_of("公用经费974.72万元，比上年减少63.21万元，降幅6.1%。"), "public")
    assert fact.change == Decimal("-63.21")
    assert (fact.change_direction, fact.rate_direction) == ("decrease", "decrease")
    assert fact.rate == Decimal("6.1")


def test_repeated_subject_takes_the_change_of_its_clause():
    # changchun-shebaoju-2024, 第三部分 六
    found = statements_of("人员经费 6241.59 万元。主要包括工资福利支出 5946.64 万元。"
                          "人员经费占基本支出总额 86.5%，比上年增加 417.31 万元，增长 7.2%。")
    personnel = only(found, "personnel")
    assert personnel.value == Decimal("6241.59")
    assert personnel.change == Decimal("417.31")
    assert personnel.rate_printed == "7.2"
    assert not [s for s in found if s.subject == "basic_expenditure"]


def test_three_public_items_are_read_by_the_three_public_seed():
    # haidong-shebao-2024, 第三部分 七
    found = statements_of("“三公”经费预算数为1.20万元，比上年增加1.20万元，其中："
                          "因公出国（境）费0.00万元，增加0.00万元；"
                          "公务用车购置及运行费0.00万元，减少2.50万元；"
                          "公务接待费1.20万元，减少1.70万元。")
    total = only(found, "three_public_total")
    assert (total.three_public_item, total.change) == ("total", Decimal("1.20"))
    outbound = only(found, "outbound_travel")
    assert (outbound.change, outbound.part_kind) == (Decimal("0.00"), "of_which")
    assert only(found, "vehicle_total").change == Decimal("-2.50")
    assert only(found, "reception").change == Decimal("-1.70")


def test_vehicle_item_names_do_not_collide():
    found = statements_of("公务用车购置及运行费 0 万元，公务用车运行维护费 5.4 万元，"
                          "公车保有量为 2 辆。")
    assert only(found, "vehicle_total").value == Decimal("0")
    assert only(found, "vehicle_operation").value == Decimal("5.4")


def test_thousands_separator_and_line_breaks():
    found = statements_of("预算收入总计41,670.92万元，其中：本年收入41,670.92万元。\n"
                          "项目支\n出 2403.1 万元。")
    assert only(found, "total_income").value == Decimal("41670.92")
    assert only(found, "project_expenditure").value == Decimal("2403.1")


def test_unknown_subject_kept_only_with_a_change():
    found = statements_of("社会保障和就业支出 6535.47 万元，比上年增加 1627.4 万元，增幅 33.15%；"
                          "卫生健康支出 279.99 万元。")
    assert [(s.subject, s.value_printed, s.rate_printed) for s in found] == [
        ("other", "6535.47", "33.15")
    ]
    assert found[0].subject_text == "社会保障和就业支出"


def test_page_is_where_the_amount_is_printed():
    found = read_statements([
        PageText(5, "七、“三公”经费情况\n本单位2024年“三公”经费预算"),
        PageText(6, "14.72 万元，比上年减少 5.1 万元。"),
    ])
    fact = only(found, "three_public_total")
    assert (fact.page, fact.value_printed, fact.change_printed) == (6, "14.72", "5.1")
    assert fact.section == "three_public"


def test_amount_far_from_its_subject_is_not_attached():
    found = statements_of(
        "基本支出主要用于保障机构正常运转和完成日常工作任务所需经费共计 10.00 万元。"
    )
    assert not [s for s in found if s.subject == "basic_expenditure"]


@pytest.mark.parametrize("text", ["", "本表无数据", "单位：万元"])
def test_no_statements(text):
    assert statements_of(text) == []


# --- subjects of other templates (real documents) -----------------------------------------

SHANGHAI_TOTALS = (  # shanghai-putuo-caizhengju-2025, 部门预算编制说明 (p.7)
    "2025年，上海市普陀区财政局收入预算3,121.42万元，其中：财政拨款收入3,121.42万元，比2024年预算增加\n"
    "107.62万元；事业收入0万元；事业单位经营收入0万元；其他收入0万元。\n"
    "支出预算3,121.42万元，其中：财政拨款支出预算3,121.42万元，比2024年预算增加107.62万元。财政拨款支出预\n"
    "算中，一般公共预算拨款支出预算3,121.42万元，比2024年预算增加107.62万元；政府性基金拨款支出预算0万元，与\n"
    "2024年预算持平；国有资本经营预算拨款支出预算0万元，与2024年预算持平。"
)


def test_fund_budgets_are_their_own_subjects_not_the_totals():
    found = amounts(statements_of(SHANGHAI_TOTALS, 7))
    main = [s for s in found if s.subject != "non_appropriation_income"]
    assert [(s.subject, s.value_printed) for s in main] == [
        ("total_income", "3,121.42"),
        ("fiscal_appropriation_income", "3,121.42"),
        ("total_expenditure", "3,121.42"),
        ("fiscal_appropriation_expenditure", "3,121.42"),
        ("general_public_expenditure", "3,121.42"),
        ("government_fund_expenditure", "0"),
        ("state_capital_expenditure", "0"),
    ]
    by_subject = {s.subject: s for s in found}
    assert by_subject["fiscal_appropriation_income"].change == Decimal("107.62")
    assert by_subject["total_income"].change is None
    assert by_subject["government_fund_expenditure"].change_direction == "flat"


def test_income_parts_procurement_and_the_fund_are_not_totals():
    # jiangsu-sheng-jianchayuan-2018, 第三部分 一, 十, 十二
    text = (
        "（一）收入预算总计 21,955.35 万元。包括：\n"
        "1．财政拨款收入预算总计 21,940.96 万元。其中\n"
        "（1）一般公共预算收入预算 21,940.96 万元，与上\n"
        "年相比增加 3,959.28 万元，增长 22 %。\n"
        "2．其他资金收入预算总计 14.39 万元。与上年相比减\n"
        "少 0.61 万元。主要是因代发检察官学院绩效工资减少。\n"
        "十、政府性基金支出预算情况说明\n"
        "省检察院 2018 年政府性基金支出预算支出 0 万元。\n"
        "十二、政府采购支出预算情况说明\n"
        "2018 年度政府采购支出预算总额 3,096.24 万元。其\n"
        "中 ： 拟 采 购 货 物 支 出 268 万 元 、 拟 购 买 服 务 支 出 \n"
        "2,828.24 万元。"
    )
    found = amounts(statements_of(text, 23))
    assert [(s.subject, s.value_printed, s.change) for s in found] == [
        ("total_income", "21,955.35", None),
        ("fiscal_appropriation_income", "21,940.96", None),
        ("general_public_income", "21,940.96", Decimal("3959.28")),
        # the change in the next sentence is the one of 其他资金
        ("non_appropriation_income", "14.39", Decimal("-0.61")),
        ("government_fund_expenditure", "0", None),
        ("government_procurement", "3,096.24", None),
    ]
    assert [s.section for s in found][-2:] == ["government_fund", "government_procurement"]


def test_income_and_expenditure_stated_as_one_figure():
    # jiangsu-sheng-jianchayuan-2018, 第三部分 一 and 四
    found = amounts(statements_of(
        "江苏省人民检察院 2018 年度收入、支出预算总计\n"
        "21,955.35 万元，与 上年相比收、 支预算总计各 增加\n"
        "3,958.67 万元，增长 21.95 %。增加原因…。\n"
        "省检察院 2018 年度财政拨款收、支总预算 21,940.96 \n"
        "万元。与上年相比，财政拨款收、支总计各增加 3,958.98\n"
        "万元，增长 22 %。"
    ))
    assert [(s.subject, s.change, s.rate_printed) for s in found] == [
        ("total_income_and_expenditure", Decimal("3958.67"), "21.95"),
        ("fiscal_appropriation_income_and_expenditure", Decimal("3958.98"), "22"),
    ]


def test_a_rate_stays_with_its_own_clause():
    # jiangsu-sheng-jianchayuan-2018, 第三部分 五: 134 / 2,029 is 6.60 %, the text prints 0.66
    # % — a misprint of this clause, not a rate of another subject
    found = amounts(statements_of(
        "2．一般行政管理事务（项）支出 3,666 万元，与上年\n"
        "相比增加 21.8 万元，增长 0.06 %。主要原因是省检察\n"
        "院本级增加安排了办公办案设备购置费预算支出。\n"
        "3．公诉、审判、侦查、执行等检察监督支出（项） 1,895\n"
        "万元，与上年相比减少 134 万元，降幅 0.66 %。主要\n"
        "原因是省检察院本级减少了检察办案费预算支出。", 26,
    ))
    assert [(s.subject, s.subject_text, s.change, s.rate_printed) for s in found] == [
        ("function", "一般行政管理事务（项）", Decimal("21.8"), "0.06"),
        ("function", "公诉、审判、侦查、执行等检察监督支出（项）", Decimal("-134"), "0.66"),
    ]


def test_shanghai_three_public_section():
    # shanghai-putuo-caizhengju-2025, 其他相关情况说明 一: 一致0万元 is the wording of no change,
    # 公务车用车运行费 a misprint the 三公 seed still reads
    found = amounts(statements_of(
        "一、2025年“三公”经费预算情况说明\n"
        "2025年“三公”经费预算数为0.95万元，与2024年预算持平。其中：\n"
        "（一）因公出国（境）费0万元，与2024年预算持平，此项经费由区统筹安排。\n"
        "（二）公务车购置及运行费0万元，其中：公务用车购置费0万元，与2024年预算一致0万元，主要原因是本部门\n"
        "无公务用车；公务车用车运行费0万元，与2024年预算一致0万元，主要原因是本部门无公务用车。\n"
        "（三）公务接待费0.95万元，与2024年预算持平。\n"
        "二、机关运行经费预算\n"
        "2025年上海市普陀区财政局财政拨款的机关运行经费预算为229.43万元。", 22,
    ))
    assert [(s.subject, s.value_printed, s.change_direction, s.section) for s in found] == [
        ("three_public_total", "0.95", "flat", "three_public"),
        ("outbound_travel", "0", "flat", "three_public"),
        ("vehicle_total", "0", None, "three_public"),
        ("vehicle_purchase", "0", "flat", "three_public"),
        ("vehicle_operation", "0", "flat", "three_public"),
        ("reception", "0.95", "flat", "three_public"),
        ("agency_operating_costs", "229.43", None, "agency_operating_costs"),
    ]


def test_function_subjects_of_an_enumerated_list_are_not_projects():
    # shanghai-putuo-caizhengju-2025, 财政拨款支出主要内容
    found = statements_of(
        "1.“一般公共服务支出（类）财政事务（款）行政运行（项）”1,623.18万元，主要用于局本级及所属单位人员经\n"
        "费及公用经费等的基本支出。\n"
        "2.“一般公共服务支出（类）财政事务（款）一般行政管理事务（项）”10.00万元，主要用于财政业务指导与宣\n传。"
    )
    assert [(s.kind, s.subject, s.value_printed) for s in found] == [
        ("amount", "function", "1,623.18"), ("amount", "function", "10.00"),
    ]
    assert found[0].subject_text == "一般公共服务支出（类）财政事务（款）行政运行（项）"


# --- changes stated in the next sentence, parts and breakdowns ----------------------------

def test_a_change_opening_a_sentence_continues_the_one_before():
    # changchun-shebaoju-2024, 第三部分 七, item 3 (across a page break and its page number):
    # the change is stated of item 3, the rate fits the last amount
    found = read_statements([
        PageText(23, "3. 公务用车购置及运行费 0 万元，公务用车运行维护费 5.4 万元，"
                     "公车保有量为 2 辆。\n- 23 -"),
        PageText(24, "比上年减少 0.6 万元，降幅 10%，主要原因为：落实“紧日子”的要求，"
                     "严控公务用车预\n算。"),
    ])
    total, operation = only(found, "vehicle_total"), only(found, "vehicle_operation")
    assert (total.change, total.rate_printed) == (Decimal("-0.6"), None)
    assert (operation.change, operation.rate_printed, operation.page) == (Decimal("-0.6"), "10", 23)


def test_the_parts_of_a_sentence_do_not_take_its_change():
    # changchun-shebaoju-2021, 第三部分 一: the change is the one of 财政拨款支出
    found = statements_of(
        "2021 年财政拨款支出 7302.57 万元，其中：基本支出 4775.21 万元，项目支出\n"
        "2527.36 万元。比上年增加 1714.43 万元，增幅 30.68%。"
    )
    spending = only(found, "fiscal_appropriation_expenditure")
    assert (spending.change, spending.rate_printed) == (Decimal("1714.43"), "30.68")
    assert only(found, "project_expenditure").part_kind == "of_which"
    assert only(found, "project_expenditure").change is None


def test_a_change_that_would_make_a_part_negative_is_the_totals():
    # fenyang-shebao-2024, 第三部分 一
    found = statements_of(
        "2024 年 度 汾 阳 市 社 会 保 险 中 心 预 算 收 入 总 计 41,670.92 万 元 ， "
        "其 中 ： 本 年 收 入\n"
        "41,670.92 万元，上年结转 0 万元，比上年增加 4675.90 万元，增长 12.64%，主要原因是…。"
    )
    total = only(found, "total_income")
    assert (total.change, total.rate_printed) == (Decimal("4675.90"), "12.64")


def test_a_breakdown_is_marked_and_its_head_takes_the_change():
    # changchun-shebaoju-2024, 第三部分 十 (一)
    found = statements_of(
        "（一）机关运行费情况\n"
        "长春市社会保险事业管理局本级 1 家参公管理事业单位 2024 年机关运行经费财政拨款\n"
        "预算 638.74 万元，主要包含：办公费 27.05 万元、印刷费 11 万元、公务接待费 9.32 万元、"
        "公务用车运行维护费 5.4 万元、办公设备购置 5\n万元。比 2023 年减少 57.38 万元，降幅 8.2%。"
    )
    costs = only(found, "agency_operating_costs")
    assert (costs.change, costs.rate_printed, costs.section) == (
        Decimal("-57.38"), "8.2", "agency_operating_costs"
    )
    reception = only(found, "reception")
    assert (reception.part_kind, reception.parent_position) == ("breakdown", costs.position)


def test_a_comparison_states_a_decrease():
    # jiangsu-sheng-jianchayuan-2018, 第三部分 九
    fact = only(statements_of(
        "3．公务接待费预算支出 116.5 万元，本年数小于上\n年预算数 40.05 万元，主要是…。"
    ), "reception")
    assert fact.change == Decimal("-40.05")


def test_a_page_number_inside_a_sentence_is_dropped():
    # jiangsu-sheng-jianchayuan-2018 prints page numbers as the first line of a page
    found = read_statements([
        PageText(28, "28\n1．因公出国（境）费预算支出 100 万元，与上年预"),
        PageText(29, "29\n算数相等。"),
    ])
    assert only(found, "outbound_travel").change_direction == "flat"


def test_a_term_explained_under_a_number_opens_no_section():
    text = join_pages([(6, "名词解释\n（四）机关运行经费：指行政单位…的日常公用经费支出。"),
                       (7, "2025年部门预算编制说明\n收入预算3,121.42万元。")])
    [income] = amount_statements(text)
    assert (income.subject, income.section) == ("total_income", None)


# --- the staging frame --------------------------------------------------------------------

def test_frame_schema_exact_decimals_and_precision():
    text = ("项目支出50.00万元，比上年增加10.00万元，增长25%。公务接待费5.8万元。"
            "政府采购预算12,345元。")
    frame = statements_frame("doc-1", [PageText(2, text)])
    assert dict(frame.schema) == STATEMENT_SCHEMA
    rows = {row["subject"]: row for row in frame.iter_rows(named=True)}
    project = rows["project_expenditure"]
    assert project["document_id"] == "doc-1"
    assert (project["amount_10k_yuan"], project["change_10k_yuan"]) == (
        Decimal("50.00"), Decimal("10.00")
    )
    assert (project["rate_printed"], project["amount_decimals"]) == ("25", 2)
    assert (rows["reception"]["value_decimals"], rows["reception"]["amount_decimals"]) == (1, 1)
    procurement = rows["government_procurement"]
    assert (procurement["amount_10k_yuan"], procurement["amount_decimals"]) == (
        Decimal("1.2345"), 4
    )
    assert statements_frame("doc-1", []).height == 0


def test_a_figure_per_person_is_not_an_amount():
    # fenyang-shebao-2024, 项目概况: 5515人*36元/人=198540元
    found = statements_of("1、退休人员活动经费36元/人，比上年增加2万元；2、取暖费15.5元/平米。")
    assert [s.value_printed for s in found] == []


def test_function_subjects_of_other_wordings_are_not_projects():
    # shanghai-putuo-zhengfuban-2025 (类-款-项 in quotes) and jiangsu-sheng-jianchayuan-2018
    # (ASCII brackets before a colon)
    found = statements_of(
        "1. “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元，"
        "主要用于行政单位的基本支出。\n"
        "2. “卫生健康支出-行政事业单位医疗-行政单位医疗”科目78.29万元。\n"
        "1.住房公积金(项):支出 1,073.77 万元。\n2.提租补贴(项):支出 2,586.61 万元。"
    )
    assert [(s.kind, s.subject) for s in found] == [("amount", "function")] * 2


def test_a_change_or_a_rate_stated_alone_is_its_own_statement():
    # changchun-shebaoju-2024, 第三部分 二 (the income itself stated in another section)
    [change] = statements_of("收入预算比上年减少 97598.96 万元，降幅 91%。")
    assert (change.kind, change.subject, change.change, change.rate_printed) == (
        "change", "total_income", Decimal("-97598.96"), "91"
    )
    # shanghai-putuo-wanlijiedao-2023: a rate on last year's outturn, no change amount
    found = statements_of("公务接待费1.35万元，比2022年预算执行数增加7.5%。")
    assert [(s.kind, s.subject, s.rate_printed) for s in found] == [
        ("amount", "reception", None), ("rate", "reception", "7.5"),
    ]


# --- final accounts (决算): a budget and an actual stated side by side ---------------------

def test_a_final_accounts_states_the_budget_and_the_actual_of_one_subject():
    # shanghai-putuo-caizhengju-2024-juesuan, 五（三）
    found = statements_of(
        "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，"
        "完成年初预算的98.2%。"
    )
    assert [
        (s.subject, s.value_printed, s.amount_kind) for s in amounts(found)
    ] == [
        ("general_public_expenditure", "2993.92", "budgeted"),
        ("general_public_expenditure", "2940.05", "actual"),
    ]


def test_the_three_public_budget_and_actual_of_a_final_accounts():
    # shanghai-putuo-guihuaziyuan-2024-juesuan, 七
    found = statements_of(
        "“三公”经费财政拨款支出年初预算为2.85万元，支出决算为0.39万元，完成预算的13.68%，"
        "其中：因公出国（境）费决算为0.00万元，完成预算的0.00%；公务用车购置及运行维护费支出"
        "决算为0.00万元，完成预算的0.00%；公务接待费支出决算为0.39万元，完成预算的13.68%。"
    )
    assert [(s.subject, s.value_printed, s.amount_kind) for s in amounts(found)] == [
        ("three_public_total", "2.85", "budgeted"),
        ("three_public_total", "0.39", "actual"),
        ("outbound_travel", "0.00", "actual"),
        ("vehicle_total", "0.00", "actual"),
        ("reception", "0.39", "actual"),
    ]


def test_an_amount_whose_words_name_no_kind_is_of_its_documents_kind():
    found = statements_of(
        "基本支出4775.21万元，其中：人员经费4000.00万元。公务接待费预算数为5.8万元。"
    )
    assert [(s.subject, s.amount_kind) for s in amounts(found)] == [
        ("basic_expenditure", None), ("personnel", None), ("reception", "budgeted"),
    ]
    # an unnamed amount after a kindless one stays unnamed (and unkept without a change)
    assert [s.value_printed for s in statements_of("基本支出100.00万元，决算为90.00万元。")] == [
        "100.00"
    ]
