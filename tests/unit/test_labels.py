"""Printed labels to names and codes."""

import pytest

from pipelines.clean.labels import (
    compact,
    is_code,
    split_code_name,
    split_department_code,
    split_project_code,
    strip_numbering,
    unwrap_lines,
)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("社会保障和就业支出(208)", "208", "社会保障和就业支出"),
        ("一、社会保障和就业支出(208)", "208", "社会保障和就业支出"),
        ("人力资源和社会保障管理事务（20801）", "20801", "人力资源和社会保障管理事务"),
        ("2080109 社会保险经办机构", "2080109", "社会保险经办机构"),
        ("2010506统计管理", "2010506", "统计管理"),
        ("311-专项业务支出", "311", "专项业务支出"),
        ("三、社会保 障和就 业支出", None, "社会保障和就业支出"),
        ("（一）一般公共预算财政拨款", None, "一般公共预算财政拨款"),
        ("1、因公出国（境）费用", None, "因公出国（境）费用"),
        ("一. 一般公共预算拨款收入", None, "一般公共预算拨款收入"),
        ("①公务用车购置费", None, "公务用车购置费"),
        ("208", "208", ""),
        ("", None, ""),
    ],
)
def test_split_code_name(text, code, name):
    assert split_code_name(text) == (code, name)


def test_strip_numbering_keeps_names_that_start_with_digits():
    assert strip_numbering("2024年补缴保费") == "2024年补缴保费"
    assert strip_numbering("(二十八)债务付息支出") == "债务付息支出"
    assert strip_numbering("1、") == "1、"  # a bare number is not a label to strip


def test_codes():
    assert is_code("2080109") and is_code("301") and not is_code("2080") and not is_code("12")
    assert compact("社会保 障和\n就业") == "社会保障和就业"


def test_unwrap_lines_only_removes_breaks_between_cjk():
    assert unwrap_lines("提供档案查询服务的准确性 便捷性") == "提供档案查询服务的准确性便捷性"
    assert unwrap_lines("提前下达 2024 年中央") == "提前下达 2024 年中央"
    assert unwrap_lines("年维修 PC 机数量") == "年维修 PC 机数量"
    assert unwrap_lines("完成。\n在保证") == "完成。在保证"
    assert unwrap_lines("  年度绩效\n目标 ") == "年度绩效目标"
    assert unwrap_lines("") == ""
    assert unwrap_lines(None) is None


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("63020000023T000000003-企业补助", "63020000023T000000003", "企业补助"),
        ("12345678901A000000001 － 示例补助", "12345678901A000000001", "示例补助"),
        ("100001-某市某服务局", "100001", "某市某服务局"),
        ("2024-2025年示例项目", None, "2024-2025年示例项目"),  # a year is not a code
        ("311-专项业务支出", None, "311-专项业务支出"),  # too short for a project code
        ("示例项目", None, "示例项目"),
        ("", None, ""),
        (None, None, None),
    ],
)
def test_split_project_code(text, code, name):
    assert split_project_code(text) == (code, name)


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("407-某局", "某局", "407"),
        ("某市社会保险局-310", "某市社会保险局", "310"),
        ("某市社保中心", "某市社保中心", None),
        ("407 — 某局", "某局", "407"),
        (None, None, None),
    ],
)
def test_split_department_code(text, name, code):
    assert split_department_code(text) == (name, code)
