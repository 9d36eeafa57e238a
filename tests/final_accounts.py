"""部门决算 (final accounts) made from the bundled samples, for the tests of actual spending.

Two samples' budgets get a 决算 of the same department and year, rendered as PDFs by the
layout harness (``tests/layouts/render.py``) with a 决算 cover (``2024年度部门决算``), 决算
titles and 决算数 columns, and actual figures chosen here so every identity of the tables
holds:

* ``haidong-shebao-2024-juesuan`` — a 支出决算表 (no budget column: the budget comes from the
  budget document haidong-shebao-2024) and a 财政拨款“三公”经费支出决算表 (预算数 | 决算数
  per item). Against the budget, 2080107 is under-spent, 2089999 and 2210201 over-spent,
  2101199 under-spent, 2080109 not spent at all (not printed) and 2080199 spent unbudgeted.
* ``changchun-shebaoju-2021-juesuan`` — a 一般公共预算财政拨款支出决算表 printing its own
  年初预算数 beside 决算数 (合计 / 基本支出 / 项目支出): its budget is its own, although the
  budget document changchun-shebaoju-2021 is loaded too; and a 财政拨款“三公”经费支出决算表
  printing 决算数 only (items as rows), so the 三公 budget comes from the budget document.

``final_accounts_warehouse`` (conftest) builds a warehouse of the bundled samples and these
two; ``tests/integration/test_budget_execution.py`` and the README's question on over- and
under-spending read it.
"""

from __future__ import annotations

from pathlib import Path

HAIDONG = "haidong-shebao-2024"
CHANGCHUN = "changchun-shebaoju-2021"
SUFFIX = "-juesuan"

_EXPENDITURE_HEADER = [
    ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
     "对附属单位补助支出"],
]

# 支出决算表 of haidong-shebao-2024-juesuan: code, name, 本年支出合计, 基本支出, 项目支出
_HAIDONG_EXPENDITURE = [
    ("", "合计", "676.87", "604.95", "71.92"),
    ("208", "社会保障和就业支出", "575.81", "503.89", "71.92"),
    ("20801", "人力资源和社会保障管理事务", "433.00", "400.00", "33.00"),
    ("2080107", "社会保险业务管理事务", "430.00", "400.00", "30.00"),
    ("2080199", "其他人力资源和社会保障管理事务支出", "3.00", "", "3.00"),
    ("20805", "行政事业单位养老支出", "102.81", "102.81", ""),
    ("2080502", "事业单位离退休", "23.31", "23.31", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "53.00", "53.00", ""),
    ("2080506", "机关事业单位职业年金缴费支出", "26.50", "26.50", ""),
    ("20899", "其他社会保障和就业支出", "40.00", "1.08", "38.92"),
    ("2089999", "其他社会保障和就业支出", "40.00", "1.08", "38.92"),
    ("210", "卫生健康支出", "56.06", "56.06", ""),
    ("21011", "行政事业单位医疗", "56.06", "56.06", ""),
    ("2101101", "行政单位医疗", "11.11", "11.11", ""),
    ("2101102", "事业单位医疗", "22.69", "22.69", ""),
    ("2101103", "公务员医疗补助", "19.48", "19.48", ""),
    ("2101199", "其他行政事业单位医疗支出", "2.78", "2.78", ""),
    ("221", "住房保障支出", "45.00", "45.00", ""),
    ("22102", "住房改革支出", "45.00", "45.00", ""),
    ("2210201", "住房公积金", "45.00", "45.00", ""),
]

# 财政拨款“三公”经费支出决算表: the budget's 2024 figures as 预算数, and what was spent
_THREE_PUBLIC = {
    "title": "财政拨款“三公”经费支出决算表",
    "unit": "万元",
    "header_rows": [
        ["合计", None, "因公出国（境）费", None, "公务用车购置及运行费", None, None, None, None,
         None, "公务接待费", None],
        [None, None, None, None, "小计", None, "公务用车购置费", None, "公务用车运行费", None,
         None, None],
        ["预算数", "决算数"] * 6,
    ],
    "body_rows": [
        ["1.20", "0.95", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "1.20",
         "0.95"],
    ],
}

# 一般公共预算财政拨款支出决算表 of changchun-shebaoju-2021-juesuan: code, name, 年初预算数,
# 决算数 合计 / 基本支出 / 项目支出
_CHANGCHUN_GENERAL_PUBLIC = [
    ("208", "社会保障和就业支出", "6535.47", "6394.04", "3994.04", "2400.00"),
    ("20801", "人力资源和社会保障管理事务", "6141.43", "6000.00", "3600.00", "2400.00"),
    ("2080109", "社会保险经办机构", "6141.43", "6000.00", "3600.00", "2400.00"),
    ("20805", "行政事业单位养老支出", "394.04", "394.04", "394.04", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "394.04", "394.04", "394.04", ""),
    ("210", "卫生健康支出", "279.99", "276.20", "276.20", ""),
    ("21011", "行政事业单位医疗", "279.99", "276.20", "276.20", ""),
    ("2101102", "事业单位医疗", "193.79", "190.00", "190.00", ""),
    ("2101103", "公务员医疗补助", "86.20", "86.20", "86.20", ""),
    ("221", "住房保障支出", "487.11", "487.11", "487.11", ""),
    ("22102", "住房改革支出", "487.11", "487.11", "487.11", ""),
    ("2210201", "住房公积金", "487.11", "487.11", "487.11", ""),
    ("", "合计", "7302.57", "7157.35", "4757.35", "2400.00"),
]


# 财政拨款“三公”经费支出决算表 of changchun-shebaoju-2021-juesuan: items as rows, 决算数 only
# (the budget changchun-shebaoju-2021 prints 16.80 = 0 + 10.80 + 6 (运行 6, 购置 0))
_CHANGCHUN_THREE_PUBLIC = {
    "title": "财政拨款“三公”经费支出决算表",
    "unit": "万元",
    "header_rows": [["项目", "决算数"]],
    "body_rows": [
        ["合计", "15.30"],
        ["1、因公出国（境）费", "0.00"],
        ["2、公务接待费", "9.80"],
        ["3、公务用车购置及运行费", "5.50"],
        ["其中：（1）公务用车购置费", "0.00"],
        ["（2）公务用车运行费", "5.50"],
    ],
}


def haidong_tables() -> list[dict]:
    """The tables of haidong-shebao-2024-juesuan (``*.tables.json`` structure)."""
    expenditure = {
        "title": "支出决算表",
        "unit": "万元",
        "header_rows": _EXPENDITURE_HEADER,
        "body_rows": [[*row, "", "", ""] for row in _HAIDONG_EXPENDITURE],
    }
    return [expenditure, _THREE_PUBLIC]


def changchun_tables() -> list[dict]:
    """The tables of changchun-shebaoju-2021-juesuan (``*.tables.json`` structure)."""
    return [{
        "title": "一般公共预算财政拨款支出决算表",
        "unit": "万元",
        "header_rows": [
            ["科目编码", "科目名称", "年初预算数", "决算数", None, None],
            [None, None, None, "合计", "基本支出", "项目支出"],
        ],
        "body_rows": [list(row) for row in _CHANGCHUN_GENERAL_PUBLIC],
    }, _CHANGCHUN_THREE_PUBLIC]


def render_final_accounts(out_dir: Path) -> list[Path]:
    """Render both 决算 into ``out_dir``; their paths."""
    from tests.layouts.corpus import load_documents
    from tests.layouts.factors import Layout
    from tests.layouts.render import FINAL_ACCOUNTS_TITLE, render_document

    documents = load_documents()
    paths = []
    for name, tables in ((HAIDONG, haidong_tables()), (CHANGCHUN, changchun_tables())):
        source = documents[name]
        path = Path(out_dir) / f"{name}{SUFFIX}.pdf"
        render_document(tables, source.department_name, source.budget_year, Layout(), path,
                        FINAL_ACCOUNTS_TITLE)
        paths.append(path)
    return paths
