from pipelines.clean.subjects import Subject, infer_codes, load_subjects, name_key


def subjects(*rows):
    out = {}
    for code, name, valid_from, valid_to in rows:
        parent = code[:5] if len(code) == 7 else code[:3] if len(code) == 5 else None
        out.setdefault(name_key(name), []).append(Subject(code, name, parent, valid_from, valid_to))
    return {k: tuple(v) for k, v in out.items()}


REF = subjects(
    ("208", "社会保障和就业支出", None, None),
    ("20899", "其他社会保障和就业支出", None, None),
    ("2089999", "其他社会保障和就业支出", None, None),
    ("210", "卫生健康支出", 2018, None),
    ("210", "医疗卫生与计划生育支出", None, 2017),
)


def test_unique_name_resolves_directly_and_printed_codes_win():
    assert infer_codes([("社会保障和就业支出", None), ("x", "20801")], REF, 2024) == [
        ("208", "name"),
        ("20801", "printed"),
    ]


def test_shared_name_is_resolved_by_the_rows_above():
    rows = [("社会保障和就业支出", None), ("其他社会保障和就业支出", None),
            ("其他社会保障和就业支出", None)]
    assert infer_codes(rows, REF, 2024) == [
        ("208", "name"),
        ("20899", "name_in_context"),
        ("2089999", "name_in_context"),
    ]


def test_names_are_matched_within_their_years_and_unknown_names_stay_empty():
    assert infer_codes([("医疗卫生与计划生育支出", None)], REF, 2016) == [("210", "name")]
    assert infer_codes([("不存在的科目", None)], REF, 2024) == [(None, None)]


def test_name_key_ignores_spaces_numbering_and_bracket_width():
    assert name_key("一、社会保 障和就业支出") == name_key("社会保障和就业支出")
    assert name_key("因公出国（境）费") == name_key("因公出国(境)费")


def test_reference_seeds_are_loaded_from_dbt():
    function = load_subjects("function")
    economic = load_subjects("economic")
    assert any(s.code == "208" for s in function[name_key("社会保障和就业支出")])
    assert any(s.code == "30101" for s in economic[name_key("基本工资")])
