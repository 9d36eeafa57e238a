"""The README's "Questions you can ask": every example query runs on the warehouse built from
the bundled corpus and returns exactly the answer the README shows.

An answer whose label (the prose between the query and its answer) names a 决算 is computed on
the bundled corpus plus the 决算 the tests render from it (tests/final_accounts.py): the
bundled samples are budgets only.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## Questions you can ask"
FENCE = re.compile(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```", re.S | re.M)


def examples() -> list[tuple[str, str, list[list[str]], str]]:
    """(heading, sql, answer rows incl. header, warehouse fixture) of each README example."""
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    section = text[start : end if end != -1 else len(text)]
    found = []
    blocks = list(FENCE.finditer(section))
    for block, after in zip(blocks, blocks[1:], strict=False):
        if block.group("lang") != "sql":
            continue
        assert after.group("lang") == "text", f"no answer block after {block.group('body')!r}"
        heading = re.findall(r"^### (.+)$", section[: block.start()], re.M)[-1]
        rows = [
            [cell.strip() for cell in line.split("|")]
            for line in after.group("body").strip().splitlines()
        ]
        label = section[block.end() : after.start()]
        fixture = "final_accounts_con" if "决算" in label else "warehouse_con"
        found.append((heading, block.group("body"), rows, fixture))
    return found


def cell(value) -> str:
    """A value as the README prints it: NULL for null, decimals as DuckDB renders them."""
    if value is None:
        return "NULL"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def test_readme_has_six_questions():
    found = examples()
    assert len(found) == 6, [h for h, *_ in found]
    assert [fixture for *_, fixture in found].count("final_accounts_con") == 1
    for heading, sql, rows, _ in found:
        assert sql.strip().lower().startswith(("select", "with")), heading
        assert len(rows) >= 2, f"{heading}: the answer shows no rows"


@pytest.mark.parametrize(
    ("heading", "sql", "answer", "fixture"), examples(), ids=[h[:40] for h, *_ in examples()]
)
def test_readme_example_answers(request, heading, sql, answer, fixture):
    cur = request.getfixturevalue(fixture).execute(sql)
    header = [d[0] for d in cur.description]
    got = [header] + [[cell(v) for v in row] for row in cur.fetchall()]
    assert got == answer, f"{heading}: the README shows {answer}, the warehouse gives {got}"
