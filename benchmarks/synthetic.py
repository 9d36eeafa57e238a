"""A synthetic collection: N distinct budget documents rendered from the samples' tables.

    uv run python benchmarks/synthetic.py --n 1000 --out /tmp/collection [--workers 2]

Document ``i`` is department ``i // 4`` in year ``2021 + i % 4``: one document per
department and year, four years each, so year-over-year reports grow with the collection,
not with its square (copies of the four samples kept their three departments). A department
has a made-up name (a city from ``CITIES`` and an agency from ``AGENCIES``) and keeps one of
the sample documents as its template in every year, as real departments keep their format.

Its tables are the template's exact cells (``../shared/corpus/*.tables.json``) with:

* every amount multiplied by one whole factor per document (the department's size, growing a
  step a year). A whole factor keeps every identity exact — sums, subtotals, the same figure
  across tables, a project's amount in its 绩效目标表 — with no rounding: a document
  reconciles exactly where its template does (and a template's own 0.01 slips grow by the
  factor);
* the template's years shifted to the document's year (titles, headers, project names);
* the template's department and city replaced by the new ones.

It is then rendered by the layout harness's renderer (``tests/layouts``) in its default
layout, as a cover page and the tables, every form kept whole on one page (the pipeline reads
a form broken across pages as two, the second without a name, and the build would quarantine
the document). How well each layout is read is the harness's measure; this collection
measures scale, so every document must load. Documents are rendered in parallel processes
and written atomically.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the renderer lives in tests/layouts
    sys.path.insert(0, str(ROOT))

from tests.layouts.corpus import SourceDocument, load_documents  # noqa: E402
from tests.layouts.factors import Layout  # noqa: E402
from tests.layouts.render import render_document  # noqa: E402
from tests.layouts.transform import column_heading, is_amount, prepare_table  # noqa: E402

YEARS = (2021, 2022, 2023, 2024)
CITIES = (
    "石家庄市", "太原市", "沈阳市", "大连市", "哈尔滨市", "南京市", "苏州市", "杭州市",
    "宁波市", "合肥市", "福州市", "厦门市", "南昌市", "济南市", "青岛市", "郑州市", "洛阳市",
    "武汉市", "宜昌市", "长沙市", "株洲市", "广州市", "深圳市", "南宁市", "桂林市", "海口市",
    "成都市", "绵阳市", "贵阳市", "遵义市", "昆明市", "大理市", "西安市", "宝鸡市", "兰州市",
    "天水市", "西宁市", "银川市", "乌鲁木齐市", "呼和浩特市", "包头市", "吉林市", "保定市",
    "邯郸市", "大同市", "鞍山市", "徐州市", "温州市",
)
AGENCIES = (
    "社会保险事业管理局", "人力资源和社会保障局", "医疗保障局", "民政局", "财政局",
    "教育局", "卫生健康委员会", "退役军人事务局", "就业服务中心", "住房公积金管理中心",
    "残疾人联合会", "农业农村局", "自然资源和规划局", "生态环境局", "交通运输局",
    "水利局", "文化广电和旅游局", "应急管理局", "市场监督管理局", "统计局", "审计局",
    "机关事务管理局", "社会福利院", "老龄工作委员会办公室",
)
# Money cells of a form (绩效目标表) sit right of a label that names money …
_MONEY_LABEL = re.compile(r"资金|预算|金额|拨款|经费")
# … and columns headed so hold scores, targets or rates, never money.
_NOT_MONEY = re.compile(r"权重|分值|指标|率")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_CITY = re.compile(r"^[^省市县区（(]{2,5}?市")


@dataclass(frozen=True)
class SyntheticDocument:
    """What document ``index`` of the collection is: who, when, from which template."""

    index: int
    template: str
    department_name: str
    budget_year: int
    factor: int
    layout: Layout

    @property
    def file_name(self) -> str:
        """``dept0001-2023.pdf``: department number and year."""
        return f"dept{self.index // len(YEARS):04d}-{self.budget_year}.pdf"


@cache
def templates() -> dict[str, SourceDocument]:
    """The sample documents (the corpus's ``*.tables.json``), in manifest order."""
    return load_documents()


def department_name(number: int, template: SourceDocument) -> str:
    """A made-up department; a template printing a qualifier (（本级）) keeps it."""
    city = CITIES[number % len(CITIES)]
    agency = AGENCIES[(number // len(CITIES) + number) % len(AGENCIES)]
    round_ = number // (len(CITIES) * len(AGENCIES))
    qualifier = re.search(r"（[^）]*）$", template.department_name)
    name = f"{city}{agency}" + (f"第{round_ + 1}分局" if round_ else "")
    return name + (qualifier.group(0) if qualifier else "")


def describe(index: int) -> SyntheticDocument:
    """Document ``index``: department ``index // 4`` in year ``YEARS[index % 4]``."""
    number, year_index = divmod(index, len(YEARS))
    names = list(templates())
    template = templates()[names[number % len(names)]]
    # The department's size (2–31 times its template), a step more each year.
    base = 2 + (number * 7919) % 30
    return SyntheticDocument(
        index=index,
        template=template.doc_id,
        department_name=department_name(number, template),
        budget_year=YEARS[year_index],
        factor=base + year_index,
        layout=Layout(),
    )


def scale_amount(text: str, factor: int, grouped: bool, exact_below: int = 0) -> str:
    """A printed amount times ``factor``, with the same decimals (exact: a whole factor).

    With ``exact_below``, only the amount rounded to that step is scaled and the rest is kept:
    a form printing exact 元 (58,248) beside tables printing 万元 to 0.01 (5.82) agrees with
    them to 100 元, and keeps agreeing once both are scaled (58,248 × 3 would not round to
    17.46).
    """
    body = text.strip()
    decimals = len(body.split(".", 1)[1]) if "." in body else 0
    value = Decimal(body.replace(",", ""))
    rounded = value
    if exact_below:
        rounded = (value / exact_below).quantize(Decimal(1), ROUND_HALF_UP) * exact_below
    value = rounded * factor + (value - rounded)
    return f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"


def money_cells(table: dict) -> set[tuple[int, int]]:
    """(row, column) of every body cell of ``table`` that prints money.

    A table's money columns are the ones the renderer prints as amounts (it tells them from
    codes, 序号 and labels); a form's money cells are amounts right of a label naming money
    (年度资金总额 4,060; 项目当年预算(元) 4570000), never a score or an indicator's target.
    """
    body = table.get("body_rows") or []
    cells = set()
    if table.get("header_rows"):
        printed = prepare_table(table, Layout())  # the default layout keeps the columns
        for col, kind in enumerate(printed.kinds):
            if kind == "amount" and not _NOT_MONEY.search(column_heading(printed.header, col)):
                cells |= {(r, col) for r, row in enumerate(body) if is_amount(_at(row, col))}
        return cells
    for r, row in enumerate(body):
        label = ""
        for col, text in enumerate(row):
            if is_amount(text) and _MONEY_LABEL.search(label) and not _NOT_MONEY.search(label):
                cells.add((r, col))
            elif text and not is_amount(text):
                label = text
    return cells


def _at(row: list, col: int) -> str | None:
    return row[col] if col < len(row) else None


def rewrite_table(table: dict, doc: SyntheticDocument, source: SourceDocument) -> dict:
    """The template's table as ``doc`` prints it: amounts scaled, years and names changed."""
    shift = doc.budget_year - source.budget_year
    replacements = [(source.department_name, doc.department_name)]
    base = re.sub(r"（[^）]*）$", "", source.department_name)
    replacements.append((base, re.sub(r"（[^）]*）$", "", doc.department_name)))
    old_city, new_city = _CITY.match(source.department_name), _CITY.match(doc.department_name)
    if old_city and new_city:
        replacements.append((old_city.group(0), new_city.group(0)))

    def text(value: str | None) -> str | None:
        if not value:
            return value
        value = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), value)
        for old, new in replacements:
            value = value.replace(old, new)
        return value

    money = money_cells(table)
    body = table.get("body_rows") or []
    grouped = any("," in (body[r][c] or "") for r, c in money)
    # 0.01 万元, the precision of the tables, in the unit of a form that prints 元
    exact_below = 100 if not table.get("header_rows") and table.get("unit") == "元" else 0
    rows = [
        [
            scale_amount(cell, doc.factor, grouped, exact_below) if (r, c) in money else text(cell)
            for c, cell in enumerate(row)
        ]
        for r, row in enumerate(body)
    ]
    return {
        **table,
        "title": text(table["title"]),
        "header_rows": [[text(c) for c in row] for row in table.get("header_rows") or []],
        "body_rows": rows,
    }


def render(doc: SyntheticDocument) -> bytes:
    """The PDF of a synthetic document."""
    source = templates()[doc.template]
    tables = [rewrite_table(t, doc, source) for t in source.tables]
    return render_document(
        tables, doc.department_name, doc.budget_year, doc.layout, keep_forms_whole=True
    )


def write_document(index: int, out: Path) -> Path:
    """Render document ``index`` into ``out`` (atomically: a refresh may be reading ``out``)."""
    doc = describe(index)
    target = Path(out) / doc.file_name
    partial = target.with_name(f".{doc.file_name}.partial")
    partial.write_bytes(render(doc))
    partial.replace(target)
    return target


def write_collection(
    n: int, out: Path, *, start: int = 0, workers: int | None = None
) -> list[Path]:
    """Documents ``start`` … ``start + n - 1`` into ``out``, rendered in parallel processes."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    indexes = range(start, start + n)
    workers = max(1, min(workers or os.cpu_count() or 1, n))
    if workers == 1:
        return [write_document(i, out) for i in indexes]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(write_document, indexes, [out] * n, chunksize=8))


def main(argv: list[str] | None = None) -> int:
    """Command line: write ``--n`` documents into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="number of documents")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PDFs")
    parser.add_argument("--start", type=int, default=0, help="index of the first document")
    parser.add_argument("--workers", type=int, help="rendering processes (default: CPUs)")
    args = parser.parse_args(argv)
    paths = write_collection(args.n, args.out, start=args.start, workers=args.workers)
    print(f"wrote {len(paths)} documents to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
