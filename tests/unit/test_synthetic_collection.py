"""The synthetic collection of the benchmarks: distinct departments, amounts that still add up.

Pure functions of ``benchmarks/synthetic.py`` on the corpus's tables; nothing is rendered.
"""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.shared import CORPUS, require

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def synthetic():
    require(CORPUS / "manifest.csv")
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_one_document_per_department_and_year(synthetic):
    docs = [synthetic.describe(i) for i in range(1000)]
    assert len({(d.department_name, d.budget_year) for d in docs}) == 1000
    assert len({d.file_name for d in docs}) == 1000
    assert len({d.department_name for d in docs}) == 250
    assert {d.budget_year for d in docs} == set(synthetic.YEARS)
    # a department keeps its template and grows a step a year
    first, second = docs[4], docs[5]
    assert first.department_name == second.department_name
    assert first.template == second.template and second.factor == first.factor + 1


def test_amounts_scale_exactly_and_keep_their_print(synthetic):
    assert synthetic.scale_amount("9,619.41", 3, True) == "28,858.23"
    assert synthetic.scale_amount("570.00", 2, False) == "1140.00"
    assert synthetic.scale_amount("-3.5", 2, False) == "-7.0"
    # exact 元 beside 万元 tables: 58,248 元 prints 5.82 万元; scaled, it still rounds so
    assert synthetic.scale_amount("58,248", 3, True, exact_below=100) == "174,648"


def test_every_identity_of_a_template_still_holds(synthetic):
    """Sums hold after scaling: the 合计 of the 支出总表 is still the sum of its 类 rows."""
    doc = synthetic.describe(4)  # a changchun-2024 department
    source = synthetic.templates()[doc.template]
    table = next(t for t in source.tables if t["title"] == "三、支出总表")
    scaled = synthetic.rewrite_table(table, doc, source)

    def amount(text):
        return Decimal(text.replace(",", "")) if text else Decimal(0)

    def sums(rows):
        total = next(r for r in rows if "合计" in (r[1] or "").replace(" ", ""))
        classes = [r for r in rows if len(r[0] or "") == 3]
        return [(amount(total[c]), sum(amount(r[c]) for r in classes)) for c in range(2, 5)]

    before, after = sums(table["body_rows"]), sums(scaled["body_rows"])
    assert [t - s for t, s in after] == [(t - s) * doc.factor for t, s in before]
    assert amount(scaled["body_rows"][0][2]) == amount(table["body_rows"][0][2]) * doc.factor


def test_years_departments_and_codes_are_rewritten_not_scaled(synthetic):
    doc = synthetic.describe(13)  # a fenyang-2024 department in 2022
    source = synthetic.templates()[doc.template]
    tables = [synthetic.rewrite_table(t, doc, source) for t in source.tables]
    text = repr(tables)
    assert "2024年" not in text and "2022年预算收支总表" in text
    assert "汾阳市" not in text and doc.department_name in text
    spending = next(t for t in tables if t["title"] == "2022年预算支出总表")
    assert [r[0] for r in spending["body_rows"][1:3]] == ["208", "20801"]  # codes untouched
