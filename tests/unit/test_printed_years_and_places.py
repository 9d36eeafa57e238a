"""What a document prints about when and where: the years of its tables, its department's place."""

import pytest

from pipelines.clean.years import HEADER, HEADING, TITLE, printed_years_frame, years_in
from pipelines.extract.cover import department_base_name, place_of
from pipelines.extract.model import ExtractedTable


@pytest.mark.parametrize(
    ("text", "concept", "years"),
    [
        ("2024年部门财务收支预算总表", "year_mention", [2024]),
        ("比2023年预算增减", "header_year", []),  # a comparison is not the year of the figures
        ("2024年预算数", "header_year", [2024]),
        ("2023 年 度 基本支出", "header_year", [2023]),
        ("项目名称", "header_year", []),
        ("2024年预算数比2023年预算数增减", "year_mention", [2024]),
    ],
)
def test_years_in_leaves_comparisons_out(text, concept, years):
    assert years_in(text, concept) == years


def test_printed_years_come_from_title_header_and_year_headings():
    table = ExtractedTable(
        table_index=2, title="2024年一般公共预算支出表", table_type="general_public_expenditure",
        unit="万元", page_first=5, page_last=6, ruling="ruled",
        header_rows=[["科目", "2024年预算数", "比2023年增减"]],
        body_rows=[["208", "1.00", "0.10"], ["2023年度绩效目标", "", ""]],
        row_pages=[5, 6], column_paths=["科目", "2024年预算数", "比2023年增减"],
    )
    got = printed_years_frame("doc", [table]).select("page", "place", "year_printed").rows()
    assert got == [(5, TITLE, 2024), (5, HEADER, 2024), (6, HEADING, 2023)]


@pytest.mark.parametrize(
    ("name", "province", "city", "county"),
    [
        ("上海市普陀区人民政府万里街道办事处", "上海市", "上海市", "普陀区"),
        ("江苏省南京市鼓楼区教育局", "江苏省", "南京市", "鼓楼区"),
        ("中共江苏省委办公厅", "江苏省", None, None),
        ("中共长春市委组织部", None, "长春市", None),
        ("长春市社区服务中心", None, "长春市", None),  # 社区 is not a district
        ("广西壮族自治区南宁市青秀区财政局", "广西壮族自治区", "南宁市", "青秀区"),
        ("江苏省人民检察院", "江苏省", None, None),
    ],
)
def test_place_of_a_department_name(name, province, city, county):
    assert place_of(name) == {"province": province, "city": city, "county": county}


def test_department_base_name_drops_a_bracketed_qualifier():
    assert department_base_name("长春市社会保险事业管理局（本级）") == "长春市社会保险事业管理局"
    assert department_base_name("某局") == "某局"
    assert department_base_name(None) is None
