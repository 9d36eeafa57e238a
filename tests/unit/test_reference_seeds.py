"""Reference seeds (政府收支分类科目, 资金来源) are consistent and agree with the documents.

Pure Python (csv, json): the code lists of the vocabulary (``pipelines/vocabulary``, also dbt
seeds) are checked on their own
(levels, parents, validity years, uniqueness) and against every table cell of the bundled
corpus (``../shared/corpus/*.tables.json``): each subject code + name a document prints must be
in the seed with that name, each 类 name of a 收支总表 must be a 类, each economic name printed
without code must resolve to one code, and each fund-source label must map through
``fund_source_aliases``.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from tests.shared import CORPUS, require

REPO = Path(__file__).parents[2]
SEEDS = REPO / "pipelines" / "vocabulary"
GOLDEN = REPO / "tests" / "golden"

SUBJECT_COLUMNS = [
    "subject_code",
    "subject_name",
    "subject_level",
    "parent_code",
    "valid_from_year",
    "valid_to_year",
    "note",
]
SUBJECT_SEEDS = ["function_subjects", "economic_subjects", "government_economic_subjects"]
REFERENCE_SEEDS = [*SUBJECT_SEEDS, "fund_sources", "fund_source_aliases"]
LEVEL_BY_LENGTH = {3: "类", 5: "款", 7: "项"}

# 功能分类 类 of the 2021–2025 code lists (218 is not used since the 2010s; 225/226/228 unused).
FUNCTION_CLASSES = [
    *(str(code) for code in range(201, 218)),
    *(str(code) for code in range(219, 225)),
    "227",
    "229",
    "230",
    "231",
    "232",
    "233",
]
ECONOMIC_CLASSES = ["301", "302", "303", "307", "309", "310", "311", "312", "313", "399"]
GOVERNMENT_ECONOMIC_CLASSES = ["501", "502", "505", "509"]

# ---------------------------------------------------------------------------------------------
# normalisation (the same rule the seeds are written in)
# ---------------------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")
_NUMBERING_PREFIX = re.compile(
    r"^(?:"
    r"[一二三四五六七八九十百]+[、.．]"  # 一、 二. 十一．
    r"|[（(][一二三四五六七八九十百]+[)）]"  # （一） (二)
    r"|[（(]\d{1,2}[)）]"  # (1) （2）
    r"|\d{1,2}[、.．](?!\d)"  # 1、 2.
    r"|[①-⑳]"  # ①
    r"|其中[:：]"  # 其中：
    r")"
)
_TO_FULL_WIDTH_PARENS = str.maketrans("()", "（）")
_CODE = re.compile(r"^(?:\d{3}|\d{5}|\d{7})$")
_NAME_WITH_CODE = re.compile(r"^(?P<name>.+?)[（(](?P<code>\d{3}|\d{5}|\d{7})[)）]$")


def _squash(text: str | None) -> str:
    return _WHITESPACE.sub("", text or "")


def _strip_numbering(text: str) -> tuple[str, bool]:
    """Remove leading numbering prefixes; tell whether there was one."""
    had_prefix = False
    while True:
        stripped = _NUMBERING_PREFIX.sub("", text, count=1)
        if stripped == text:
            return text, had_prefix
        text, had_prefix = stripped, True


def normalise(label: str | None) -> str:
    """A printed label as the seeds store it: no whitespace, no numbering, full-width parens."""
    text, _ = _strip_numbering(_squash(label))
    return text.translate(_TO_FULL_WIDTH_PARENS)


# ---------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------


def _read_csv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@cache
def subjects(name: str) -> list[dict[str, str]]:
    return _read_csv(name)[1]


def _year(value: str) -> int | None:
    return int(value) if value else None


def valid_in(row: dict[str, str], year: int) -> bool:
    start, end = _year(row["valid_from_year"]), _year(row["valid_to_year"])
    return (start is None or start <= year) and (end is None or year <= end)


def names_of(seed: str, code: str, year: int) -> set[str]:
    return {
        r["subject_name"] for r in subjects(seed) if r["subject_code"] == code and valid_in(r, year)
    }


def codes_named(seed: str, name: str, year: int) -> set[str]:
    return {
        r["subject_code"] for r in subjects(seed) if r["subject_name"] == name and valid_in(r, year)
    }


@cache
def fund_sources() -> dict[str, dict[str, str]]:
    return {row["fund_source_code"]: row for row in _read_csv("fund_sources")[1]}


@cache
def fund_source_aliases() -> dict[str, str]:
    return {row["alias"]: row["fund_source_code"] for row in _read_csv("fund_source_aliases")[1]}


def _corpus_or_skip() -> Path:
    return require(CORPUS / "manifest.csv").parent


@cache
def corpus_documents() -> list[tuple[str, int, list[dict]]]:
    """(doc_id, budget_year, tables) for every document of the shared corpus."""
    with (CORPUS / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        manifest = list(csv.DictReader(handle))
    documents = []
    for entry in manifest:
        path = CORPUS / f"{entry['doc_id']}.tables.json"
        tables = json.loads(path.read_text(encoding="utf-8"))
        documents.append((entry["doc_id"], int(entry["budget_year"]), tables))
    return documents


def _header_text(table: dict) -> str:
    return "|".join(_squash(cell) for row in table["header_rows"] for cell in row if cell)


def _is_economic_table(table: dict) -> bool:
    return "经济" in _header_text(table)


def _is_function_table(table: dict) -> bool:
    header = _header_text(table)
    if _is_economic_table(table) or "收入科目" in header or "单位代码" in header:
        return False
    return any(key in header for key in ("科目编码", "功能科目", "功能分类"))


def printed_subjects(table: dict) -> list[tuple[str, str]]:
    """(code, normalised name) pairs printed in a table: a code cell and the name beside it,
    or a name with its code in parentheses (社会保障和就业支出(208))."""
    pairs = []
    for row in table["body_rows"]:
        cells = [_squash(cell) for cell in row]
        for index, cell in enumerate(cells):
            if _CODE.match(cell) and index + 1 < len(cells) and cells[index + 1]:
                pairs.append((cell, normalise(cells[index + 1])))
                continue
            match = _NAME_WITH_CODE.match(normalise(cell))
            if match:
                pairs.append((match["code"], match["name"]))
    return pairs


# ---------------------------------------------------------------------------------------------
# the seeds on their own
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SUBJECT_SEEDS)
def test_subject_seed_has_the_agreed_columns(seed: str) -> None:
    header, rows = _read_csv(seed)
    assert header == SUBJECT_COLUMNS
    assert rows, f"{seed} is empty"


@pytest.mark.parametrize("seed", SUBJECT_SEEDS)
def test_level_follows_code_length_and_parent_exists(seed: str) -> None:
    rows = subjects(seed)
    codes = {row["subject_code"] for row in rows}
    for row in rows:
        code = row["subject_code"]
        assert code.isdigit() and len(code) in LEVEL_BY_LENGTH, row
        assert row["subject_level"] == LEVEL_BY_LENGTH[len(code)], row
        expected_parent = "" if len(code) == 3 else code[: len(code) - 2]
        assert row["parent_code"] == expected_parent, row
        if expected_parent:
            assert expected_parent in codes, f"parent {expected_parent} of {code} missing"


@pytest.mark.parametrize("seed", SUBJECT_SEEDS)
def test_no_duplicate_rows_and_names_are_normalised(seed: str) -> None:
    seen: set[tuple[str, str]] = set()
    for row in subjects(seed):
        key = (row["subject_code"], row["subject_name"])
        assert key not in seen, f"duplicate (code, name) {key}"
        seen.add(key)
        assert row["subject_name"] == normalise(row["subject_name"]), row


@pytest.mark.parametrize("seed", SUBJECT_SEEDS)
def test_validity_years_are_ordered_and_names_do_not_overlap(seed: str) -> None:
    """Per code and year at most one official name (printed variants may overlap)."""
    by_code: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in subjects(seed):
        start, end = _year(row["valid_from_year"]), _year(row["valid_to_year"])
        if start is not None and end is not None:
            assert start <= end, row
        if not row["note"].startswith("printed variant"):
            by_code[row["subject_code"]].append(row)
    for code, rows in by_code.items():
        for year in range(2000, 2031):
            names = [r["subject_name"] for r in rows if valid_in(r, year)]
            assert len(names) <= 1, f"{code} has several names in {year}: {names}"


def test_function_seed_has_every_class() -> None:
    classes = {
        r["subject_code"] for r in subjects("function_subjects") if len(r["subject_code"]) == 3
    }
    assert set(FUNCTION_CLASSES) <= classes
    for code in FUNCTION_CLASSES:
        for year in range(2021, 2026):
            assert names_of("function_subjects", code, year), f"类 {code} has no name in {year}"


def test_economic_seeds_have_every_class() -> None:
    economic = {r["subject_code"] for r in subjects("economic_subjects")}
    government = {r["subject_code"] for r in subjects("government_economic_subjects")}
    assert set(ECONOMIC_CLASSES) <= economic
    assert set(GOVERNMENT_ECONOMIC_CLASSES) <= government
    for kuan in ("30101", "30199", "30201", "30299", "30301", "30399", "31002"):
        assert kuan in economic


def test_fund_sources_cover_the_golden_sources() -> None:
    header, rows = _read_csv("fund_sources")
    assert header == [
        "fund_source_code",
        "fund_source_name",
        "fund_source_group",
        "sort_order",
        "description",
    ]
    codes = [row["fund_source_code"] for row in rows]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z][a-z_]*[a-z]", code) for code in codes)
    names = {row["fund_source_name"] for row in rows}
    assert len(names) == len(rows)
    assert {
        "一般公共预算拨款收入",
        "政府性基金预算拨款收入",
        "国有资本经营预算拨款收入",
        "财政专户管理资金收入",
        "事业收入",
        "事业单位经营收入",
        "上级补助收入",
        "附属单位上缴收入",
        "其他收入",
        "单位资金收入",
        "上年结转",
        "用事业基金弥补收支差额",
    } <= names


def test_fund_source_aliases_are_normalised_and_resolve() -> None:
    header, rows = _read_csv("fund_source_aliases")
    assert header == ["alias", "fund_source_code"]
    aliases = [row["alias"] for row in rows]
    assert len(aliases) == len(set(aliases))
    for row in rows:
        assert row["alias"] == normalise(row["alias"]), row
        assert row["fund_source_code"] in fund_sources(), row
    for code, source in fund_sources().items():
        assert fund_source_aliases().get(source["fund_source_name"]) == code


def test_seeds_load_into_duckdb() -> None:
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect()
    for path in (SEEDS / f"{name}.csv" for name in REFERENCE_SEEDS):
        with path.open(encoding="utf-8", newline="") as handle:
            expected = sum(1 for _ in csv.reader(handle)) - 1
        query = "select count(*) from read_csv(?, all_varchar = true, header = true)"
        ((count,),) = connection.execute(query, [str(path)]).fetchall()
        assert count == expected, path.name
    connection.close()


def test_every_seed_is_documented() -> None:
    yaml = pytest.importorskip("yaml")
    properties = yaml.safe_load((SEEDS / "_seeds.yml").read_text(encoding="utf-8"))
    documented = {seed["name"]: seed for seed in properties["seeds"]}
    for path in (SEEDS / f"{name}.csv" for name in REFERENCE_SEEDS):
        seed = documented.get(path.stem)
        assert seed is not None, f"{path.name} has no entry in _seeds.yml"
        assert seed.get("description")
        header, _ = _read_csv(path.stem)
        columns = {column["name"]: column for column in seed["columns"]}
        assert list(columns) == header, path.name
        assert all(column.get("description") for column in columns.values())
        assert set(seed["config"]["column_types"]) == set(header)


# ---------------------------------------------------------------------------------------------
# the seeds against the documents
# ---------------------------------------------------------------------------------------------


def test_function_subjects_printed_in_the_documents_are_in_the_seed() -> None:
    _corpus_or_skip()
    missing, checked = [], 0
    for doc_id, year, tables in corpus_documents():
        for table in filter(_is_function_table, tables):
            for code, name in printed_subjects(table):
                checked += 1
                if name not in names_of("function_subjects", code, year):
                    missing.append((doc_id, table["title"], code, name))
    assert checked > 100
    assert not missing, missing


def test_economic_subjects_printed_with_code_are_in_the_seed() -> None:
    _corpus_or_skip()
    missing, checked = [], 0
    for doc_id, year, tables in corpus_documents():
        for table in filter(_is_economic_table, tables):
            for code, name in printed_subjects(table):
                checked += 1
                if name not in names_of("economic_subjects", code, year):
                    missing.append((doc_id, table["title"], code, name))
    assert checked > 80
    assert not missing, missing


def test_economic_names_printed_without_code_resolve_to_one_code() -> None:
    """fenyang prints 部门预算 and 政府预算 economic names without codes, in two columns."""
    _corpus_or_skip()
    checked = 0
    for doc_id, year, tables in corpus_documents():
        for table in filter(_is_economic_table, tables):
            if printed_subjects(table):
                continue
            header = [_squash(cell) for cell in table["header_rows"][0]]
            department = next(i for i, cell in enumerate(header) if "部门预算支出经济" in cell)
            government = next(
                (i for i, cell in enumerate(header) if "政府预算支出经济" in cell), None
            )
            current_class = None
            for row in table["body_rows"]:
                name = normalise(row[department])
                if not name or name == "合计":
                    continue
                codes = codes_named("economic_subjects", name, year)
                if current_class is not None and len(codes) > 1:
                    codes = {code for code in codes if code.startswith(current_class)}
                assert len(codes) == 1, (doc_id, name, codes)
                (code,) = codes
                gov_name = normalise(row[government]) if government is not None else ""
                if gov_name:
                    assert len(code) == 5, (doc_id, name, code)
                    assert code[:3] == current_class, (doc_id, name, code, current_class)
                    gov_codes = codes_named("government_economic_subjects", gov_name, year)
                    assert len(gov_codes) == 1, (doc_id, gov_name, gov_codes)
                else:
                    assert len(code) == 3, (doc_id, name, code)
                    current_class = code
                checked += 1
    assert checked >= 18


_NOT_A_SUBJECT = {
    "",
    "合计",
    "本年支出",
    "本年支出合计",
    "支出总计",
    "结转下年",
    "结转下年支出",
    "年终结转",
}


def test_every_class_in_the_summary_tables_is_found() -> None:
    """The 支出 side of every 收支总表 names 类 (numbered) and 款/项 (unnumbered)."""
    _corpus_or_skip()
    unknown, classes_seen = [], 0
    for doc_id, year, tables in corpus_documents():
        for table in tables:
            if "收支总表" not in _squash(table["title"]):
                continue
            header = [_squash(cell) for cell in table["header_rows"][0]]
            column = next(i for i, cell in enumerate(header) if cell.startswith("支出"))
            for row in table["body_rows"]:
                label, numbered = _strip_numbering(_squash(row[column]))
                name = normalise(label)
                if name in _NOT_A_SUBJECT:
                    continue
                rows = [
                    r
                    for r in subjects("function_subjects")
                    if r["subject_name"] == name and valid_in(r, year)
                ]
                if numbered:
                    classes_seen += 1
                    rows = [r for r in rows if r["subject_level"] == "类"]
                if not rows:
                    unknown.append((doc_id, table["title"], _squash(row[column])))
    assert classes_seen > 80
    assert not unknown, unknown


_NOT_A_FUND_SOURCE = {
    "",
    "合计",
    "小计",
    "总计",
    "收入",
    "项目",
    "预算数",
    "金额",
    "栏次",
    "本年收入",
    "本年收入合计",
    "收入总计",
    "当年预算",
    "科目编码",
    "科目名称",
    "功能科目编码（类款项）",
    "功能科目名称",
    "部门（单位）代码",
    "部门（单位）名称",
    "预算单位",
}


def _is_meta_label(label: str) -> bool:
    return label in _NOT_A_FUND_SOURCE or bool(re.match(r"^\d{4}年", label))


def test_every_fund_source_label_in_the_income_tables_maps() -> None:
    _corpus_or_skip()
    labels: set[tuple[str, str, str]] = set()
    for doc_id, _, tables in corpus_documents():
        for table in tables:
            title = _squash(table["title"])
            if "收支总表" in title:
                for row in table["body_rows"]:
                    labels.add((doc_id, title, normalise(row[0])))
            elif "收入总表" in title:
                for header_row in table["header_rows"]:
                    for cell in header_row:
                        labels.add((doc_id, title, normalise(cell)))
    labels = {entry for entry in labels if not _is_meta_label(entry[2])}
    assert len(labels) > 60
    unmapped = sorted(entry for entry in labels if entry[2] not in fund_source_aliases())
    assert not unmapped, unmapped


def test_golden_printed_labels_map_to_the_golden_source() -> None:
    path = GOLDEN / "income_by_source.csv"
    names = {code: row["fund_source_name"] for code, row in fund_sources().items()}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["printed_label"]]
    checked = 0
    for row in rows:
        if row["source"] in ("total_income", "grand_total"):
            continue
        label = normalise(re.sub(r"\s*\(column\)$", "", row["printed_label"]))
        code = fund_source_aliases().get(label)
        assert code is not None, row
        assert names[code] == row["source"], (row, code)
        checked += 1
    assert checked >= 39


# ---------------------------------------------------------------------------------------------
# 三公 wording (three_public_items): one seed read alike by the facts and the reconciliation
# ---------------------------------------------------------------------------------------------

THREE_PUBLIC_COLUMNS = ["kind", "key", "label_pattern", "priority", "description"]
THREE_PUBLIC_KEYS = {
    "item": {
        "total",
        "outbound_travel",
        "reception",
        "vehicle_total",
        "vehicle_purchase",
        "vehicle_operation",
    },
    "period": {"budget_year", "current_year", "carryover", "prior_year", "change", "actual"},
}


@cache
def three_public_patterns(kind: str) -> list[tuple[str, re.Pattern[str], int]]:
    """(key, pattern, priority) of one kind of three_public_items, lowest priority first."""
    rows = [row for row in _read_csv("three_public_items")[1] if row["kind"] == kind]
    patterns = [(r["key"], re.compile(r["label_pattern"]), int(r["priority"])) for r in rows]
    return sorted(patterns, key=lambda entry: entry[2])


def three_public_label_item(label: str) -> str | None:
    """The item a row label names, as the macro three_public_cell_items reads it."""
    return next(
        (key for key, pattern, _ in three_public_patterns("item") if pattern.search(label)),
        None,
    )


def three_public_header_item(path: list[str]) -> str | None:
    """The item a header path names (macro three_public_cell_items): a specific item before
    合计, then the deepest segment, then priority."""
    matches = [
        (key == "total", -depth, priority, key)
        for depth, segment in enumerate(path, start=1)
        for key, pattern, priority in three_public_patterns("item")
        if pattern.search(segment)
    ]
    return min(matches)[3] if matches else None


def test_three_public_seed_has_one_row_per_item_and_period() -> None:
    header, rows = _read_csv("three_public_items")
    assert header == THREE_PUBLIC_COLUMNS
    for kind, keys in THREE_PUBLIC_KEYS.items():
        of_kind = [row for row in rows if row["kind"] == kind]
        # a key may have several patterns (the 三公 total: by name, then 合计 / 总计)
        assert {row["key"] for row in of_kind} == keys, kind
        priorities = [int(row["priority"]) for row in of_kind]
        assert len(set(priorities)) == len(priorities), kind
    for row in rows:
        # rpt_three_public_over_time takes an item's Chinese name before the first space
        if row["kind"] == "item":
            assert re.fullmatch(r"\S+ \(.+", row["description"]), row
    # 合计 is the last resort among the items: every specific item is tried first
    assert three_public_patterns("item")[-1][0] == "total"


# Row labels and 情况说明 labels as the corpus and other provinces' templates print them.
THREE_PUBLIC_LABELS = [
    ("合计", "total"),
    ("总计", "total"),
    ("“三公”经费合计", "total"),
    ("三公经费支出合计", "total"),
    ("年一般公共预算“三公经费”支出", "total"),
    ("因公出国（境）费", "outbound_travel"),
    ("1、因公出国（境）费用", "outbound_travel"),
    ("因公出国(境)费用", "outbound_travel"),
    ("出国（境）费", "outbound_travel"),
    ("公务接待费", "reception"),
    ("2、公务接待费", "reception"),
    ("其中：外宾接待费", "reception"),
    ("公务用车购置及运行费", "vehicle_total"),
    ("公务用车购置及运行维护费", "vehicle_total"),
    ("公务用车购置和运行费", "vehicle_total"),
    ("公车购置及运行费", "vehicle_total"),
    ("3、公务用车费", "vehicle_total"),
    ("公务用车经费", "vehicle_total"),
    ("①公务用车购置费", "vehicle_purchase"),
    ("(2)公务用车购置费", "vehicle_purchase"),
    ("其中：公务用车购置费", "vehicle_purchase"),
    ("购置费", "vehicle_purchase"),
    ("公车购置", "vehicle_purchase"),
    ("其中：(1)公务用车运行维护费", "vehicle_operation"),
    ("②公务用车运行维护费", "vehicle_operation"),
    ("公务用车运行费", "vehicle_operation"),
    ("公车运行维护费", "vehicle_operation"),
    ("运行维护费", "vehicle_operation"),
    ("运行费", "vehicle_operation"),
    ("机关运行费", None),
    ("机关运行经费", None),
    ("会议费", None),
    ("培训费", None),
]


@pytest.mark.parametrize(("label", "item"), THREE_PUBLIC_LABELS)
def test_three_public_row_label_names_its_item(label: str, item: str | None) -> None:
    assert three_public_label_item(label) == item


@pytest.mark.parametrize(
    ("path", "item"),
    [
        # 长春 2024: items as columns, split into 小计 | 当年预算 | 上年结转
        (["“三公”经费合计"], "total"),
        (["因公出国（境）费", "当年预算"], "outbound_travel"),
        (["公务用车购置及运行费", "小计"], "vehicle_total"),
        (["公务用车购置及运行费", "公务用车购置费", "上年结转"], "vehicle_purchase"),
        # 海东 2024: the years on top, the items below
        (["上年预算数", "合计"], "total"),
        (["2024年预算数", "公务用车购置及运行费", "公务用车运行费"], "vehicle_operation"),
        # other templates: a 公务用车 group with short sub-headers, fund sources under items
        (["公务用车", "小计"], "vehicle_total"),
        (["公务用车", "购置费"], "vehicle_purchase"),
        (["公务用车购置及运行维护费", "运行维护费"], "vehicle_operation"),
        (["公务接待费", "合计"], "reception"),
        (["因公出国（境）费", "合计", "一般公共预算"], "outbound_travel"),
        (["“三公”经费", "因公出国（境）费"], "outbound_travel"),
        (["2024年预算数", "一般公共预算"], None),
    ],
)
def test_three_public_header_path_names_its_item(path: list[str], item: str | None) -> None:
    assert three_public_header_item(path) == item


def test_three_public_patterns_read_alike_in_duckdb() -> None:
    """The models match with DuckDB's RE2: it must agree with Python's re on every case."""
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect()
    for key, pattern, _ in three_public_patterns("item"):
        for label, _ in THREE_PUBLIC_LABELS:
            ((matches,),) = connection.execute(
                "select regexp_matches(?, ?)", [label, pattern.pattern]
            ).fetchall()
            assert matches == bool(pattern.search(label)), (key, label)
    connection.close()


def test_three_public_rows_of_the_corpus_name_every_item_once() -> None:
    """Where a 三公 table prints the items as rows, each row names exactly one item."""
    _corpus_or_skip()
    checked = 0
    for doc_id, _, tables in corpus_documents():
        for table in tables:
            if "三公" not in table["title"]:
                continue
            labels = [_squash(row[0]) for row in table["body_rows"]]
            if not all(label and not re.fullmatch(r"[\d.,]*", label) for label in labels):
                continue  # the items are columns
            items = [three_public_label_item(label) for label in labels]
            assert sorted(map(str, items)) == sorted(THREE_PUBLIC_KEYS["item"]), (doc_id, labels)
            checked += 1
    assert checked >= 2


def test_golden_three_public_labels_name_their_item() -> None:
    path = GOLDEN / "three_public.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert three_public_label_item(_squash(row["item_label_printed"])) == row["item"], row
    assert len(rows) == 24
