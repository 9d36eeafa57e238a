"""Printed labels to names and codes."""

import pytest

from pipelines.clean.labels import compact, is_code, split_code_name, strip_numbering


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
