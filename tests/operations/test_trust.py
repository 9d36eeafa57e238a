"""Trust: a raw folder with a file of every kind gives one clear, true row per file.

One refresh of such a folder (two good budgets, a document read so poorly that one of its
rows fails a dbt data test, a corrupt, an encrypted, a scanned, an empty, a non-budget, a
non-PDF file, a duplicate and a 决算) is shared by the tests of this module: it publishes
the good documents (the 决算 among them, as final accounts) with their facts, quarantines
the poorly read one, and records every other file with its own reason. A second refresh of
the same inputs elsewhere builds the same marts, row for row; two warehouses side by side
keep their own staging. (A renamed file not read again: test_refresh_lifecycle.)
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.check import read_findings
from pipelines.staging.store import StagingStore
from pipelines.warehouse import staging_dir_for
from tests.conftest import once_per_run
from tests.operations import documents as docs
from tests.shared import require
from tests.warehouse_rows import dec, golden

pytestmark = pytest.mark.slow
# Columns that say when a refresh ran: the only ones two refreshes of the same inputs may
# differ in.
RUN_TIMESTAMPS = {"extracted_at", "quarantined_at"}


def refresh(raw: Path, warehouse: Path, *extra: str):
    return CliRunner().invoke(
        app_(), ["refresh", "--raw-dir", str(raw), "--warehouse", str(warehouse), *extra]
    )


def app_():
    from pipelines.cli import app

    return app


def said(output: str, words: str) -> bool:
    """Whether ``words`` appear in ``output``, however the console wrapped its lines."""
    return " ".join(words.split()) in " ".join(output.split())


def status_of(warehouse: Path) -> dict[str, dict]:
    """document_status rows by file name."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cur = con.execute("select * from document_status")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    return {row["file_name"]: row for row in rows}


@dataclass
class Refreshed:
    raw: Path
    warehouse: Path
    expected: dict[str, tuple[str, str | None]]
    exit_code: int
    output: str


def _refresh_trust_folder(base: Path) -> dict:
    raw, warehouse = base / "raw", base / "marts" / "warehouse.duckdb"
    expected = docs.trust_folder(raw)
    ran = refresh(raw, warehouse, "--workers", "2")
    return {"raw": str(raw), "warehouse": str(warehouse), "expected": expected,
            "exit_code": ran.exit_code, "output": ran.output}


@pytest.fixture(scope="session")
def trusted(tmp_path_factory) -> Refreshed:
    """The refresh of the trust folder: once per test run, whichever xdist worker asks first."""
    require(docs.FINAL_ACCOUNTS)  # skip (or, under CI, fail) before building
    done = once_per_run(tmp_path_factory, "trust", _refresh_trust_folder)
    return Refreshed(
        raw=Path(done["raw"]),
        warehouse=Path(done["warehouse"]),
        expected={name: tuple(value) for name, value in done["expected"].items()},
        exit_code=done["exit_code"],
        output=done["output"],
    )


def test_refresh_publishes_the_good_documents_and_exits_1(trusted):
    assert trusted.exit_code == 1, trusted.output
    assert trusted.warehouse.is_file()
    # Extracted: read in this refresh (the two budgets, the poorly read one and the 决算).
    assert said(
        trusted.output,
        "4 extracted, 0 unchanged, 0 removed, 6 not loaded, 1 quarantined, 1 duplicates",
    ), trusted.output
    assert "Traceback" not in trusted.output


def test_every_file_has_exactly_one_clear_row(trusted):
    status = status_of(trusted.warehouse)
    assert sorted(status) == sorted(p.name for p in trusted.raw.iterdir())
    assert {name: (r["status"], r["error_kind"]) for name, r in status.items()} == (
        trusted.expected
    )
    for name, row in status.items():
        assert len(row["sha256"]) == 64 and row["document_id"] == row["sha256"][:16]
        if row["status"] == "loaded":
            assert row["error_message"] is None
        else:
            # the message names the file, then says why, in words
            assert row["error_message"].startswith(f"{name}: "), row
            assert len(row["error_message"]) > len(name) + 20, row
        # the refresh printed the reason of every file that needs attention
        if row["status"] in ("failed", "unsupported"):
            assert said(trusted.output, f"[{row['error_kind']}] {name}: "), name


def test_good_documents_are_loaded_with_their_known_figures(trusted):
    status = status_of(trusted.warehouse)
    with duckdb.connect(str(trusted.warehouse), read_only=True) as con:
        loaded = dict(con.execute("select file_name, document_id from dim_document").fetchall())
        assert loaded == {
            name: status[name]["document_id"]
            for name in (*docs.TRUST_SAMPLES, docs.TRUST_FINAL_ACCOUNTS)
        }
        for name, document_id in loaded.items():
            for fact in ("fct_expenditure", "fct_income", "fct_basic_expenditure"):
                n = con.execute(
                    f"select count(*) from {fact} where document_id = ?", [document_id]
                ).fetchone()[0]
                assert n > 0, (name, fact)
            stem = Path(name).stem
            for g in golden("expenditure_by_function.csv"):
                if g["doc_id"] != stem or g["subject_code"] not in ("TOTAL", "208"):
                    continue
                total = con.execute(
                    "select total_10k_yuan from rpt_expenditure_by_function "
                    "where document_id = ? and subject_code = ?",
                    [document_id, g["subject_code"]],
                ).fetchone()
                assert total is not None and dec(total[0]) == dec(g["total"]), (name, g)


def _fact_tables(con) -> list[str]:
    return [
        r[0] for r in con.execute(
            "select distinct table_name from information_schema.columns "
            "where column_name = 'document_id' and table_name like 'fct\\_%' escape '\\'"
        ).fetchall()
    ]


def test_the_poorly_read_document_is_quarantined_and_in_no_fact(trusted):
    row = status_of(trusted.warehouse)[docs.TRUST_QUARANTINED]
    assert row["status"] == "quarantined"
    assert "not_null_fct_income_income_measure" in row["error_message"]
    assert said(trusted.output, f"quarantined {docs.TRUST_QUARANTINED}: data test "
                                "not_null_fct_income_income_measure failed")
    with duckdb.connect(str(trusted.warehouse), read_only=True) as con:
        facts = _fact_tables(con)
        assert {"fct_expenditure", "fct_income", "fct_reconciliation"} <= set(facts)
        for table in [*facts, "dim_document"]:
            n = con.execute(
                f"select count(*) from {table} where document_id = ?", [row["document_id"]]
            ).fetchone()[0]
            assert n == 0, table
    # Kept out, not thrown away: its rows wait in staging, with the reason.
    with StagingStore(staging_dir_for(trusted.warehouse), read_only=True) as store:
        assert store.rows("line_items", row["document_id"]) > 0
        reason = store.quarantined()[row["document_id"]]
        assert "not_null_fct_income_income_measure" in reason


def test_the_same_content_under_two_names_is_one_document(trusted):
    status = status_of(trusted.warehouse)
    original, copy = status[docs.TRUST_SAMPLES[1]], status[docs.TRUST_DUPLICATE]
    assert copy["document_id"] == original["document_id"]
    assert copy["status"] == "duplicate" and original["status"] == "loaded"
    assert f"the same content as {docs.TRUST_SAMPLES[1]}" in copy["error_message"]
    with duckdb.connect(str(trusted.warehouse), read_only=True) as con:
        (aliases,) = con.execute(
            "select file_aliases from dim_document where document_id = ?",
            [original["document_id"]],
        ).fetchone()
        assert docs.TRUST_DUPLICATE in aliases
        # Facts not doubled: each printed cell once, and the golden total as printed.
        doubled = con.execute(
            "select count(*) from (select table_id, row_index, column_index from "
            "fct_expenditure where document_id = ? group by all having count(*) > 1)",
            [original["document_id"]],
        ).fetchone()[0]
        assert doubled == 0


def test_status_json_and_check_agree_with_document_status(trusted):
    from pipelines.cli import QUALITY_COLUMNS, STATUS_COLUMNS

    result = CliRunner().invoke(
        app_(), ["status", "--json", "--warehouse", str(trusted.warehouse)]
    )
    assert result.exit_code == 0, result.output
    listed = {row["file_name"]: row for row in json.loads(result.stdout)}
    status = status_of(trusted.warehouse)
    assert set(listed) == set(status)
    for name, row in listed.items():
        assert list(row)[: len(STATUS_COLUMNS)] == list(STATUS_COLUMNS)
        assert set(row) <= {*STATUS_COLUMNS, *QUALITY_COLUMNS}
        for column, value in row.items():
            expected = status[name][column]
            if column == "extracted_at" and expected is not None:
                expected = expected.isoformat()
            elif column in ("checks_passed_pct", "confirmed_pct") and expected is not None:
                expected = str(expected)
            assert value == expected, (name, column)

    # budgetwh check: a heading per checked document, with the counts document_status has.
    findings, coverage = read_findings(trusted.warehouse)
    checked = {r["document_id"]: r for r in status.values() if r["checks_run"]}
    assert set(coverage) == {r["document_id"] for r in status.values()
                             if r["status"] == "loaded"}
    for document_id, (evaluated, failed) in coverage.items():
        row = checked[document_id]
        assert (evaluated, failed) == (row["checks_run"], row["checks_run"] - row["checks_passed"])
        assert sum(f.document_id == document_id for f in findings) == failed
    check = CliRunner().invoke(app_(), ["check", "--warehouse", str(trusted.warehouse)])
    assert check.exit_code == 0, check.output
    for document_id, (evaluated, failed) in coverage.items():
        name = coverage.names[document_id]
        assert f"{name} ({document_id}): {failed} of {evaluated} checks fail" in check.stdout


def _tables(con, catalog: str) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = 'main' order by table_name, ordinal_position",
        [catalog],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


def _refresh_bundled_copy(base: Path) -> dict:
    raw = base / "inputs"
    shutil.copytree(docs.ROOT / "data" / "raw", raw)
    warehouse = base / "elsewhere" / "copy.duckdb"
    ran = refresh(raw, warehouse, "--workers", "2")
    return {"raw": str(raw), "warehouse": str(warehouse), "exit_code": ran.exit_code,
            "output": ran.output}


@pytest.fixture(scope="session")
def bundled_copy(tmp_path_factory) -> dict:
    """The bundled corpus refreshed again by the CLI: the same files in another folder, into
    a warehouse of another name elsewhere (once per test run)."""
    done = once_per_run(tmp_path_factory, "bundled-copy", _refresh_bundled_copy)
    assert done["exit_code"] == 0, done["output"]
    return {**done, "raw": Path(done["raw"]), "warehouse": Path(done["warehouse"])}


def test_two_refreshes_of_the_same_inputs_build_the_same_marts(built_warehouse, bundled_copy):
    # Every sample, with all their performance indicators, refreshed twice.
    other = bundled_copy["warehouse"]
    con = duckdb.connect()
    con.execute(f"attach '{built_warehouse['warehouse']}' as one (read_only)")
    con.execute(f"attach '{other}' as two (read_only)")
    one, two = _tables(con, "one"), _tables(con, "two")
    assert {"document_status", "dim_document", "fct_expenditure", "fct_income",
            "fct_performance_indicator", "fct_reconciliation"} <= set(one)
    assert one == two
    timestamps = {c for cols in one.values() for c, t in cols if t.startswith("TIMESTAMP")}
    assert timestamps <= RUN_TIMESTAMPS, "a new timestamp column: is it the run's time?"
    differ, compared = {}, {}
    for table, columns in sorted(one.items()):
        kept = ", ".join(f'"{c}"' for c, _ in columns if c not in RUN_TIMESTAMPS)
        rows = [
            con.execute(f'select {kept} from {db}."{table}" order by all').fetchall()
            for db in ("one", "two")
        ]
        compared[table] = len(rows[0])
        if rows[0] != rows[1]:
            differ[table] = [
                c for c, _ in columns if c not in RUN_TIMESTAMPS
                and con.execute(
                    f'select count(*) from (select "{c}" from one."{table}" except all '
                    f'select "{c}" from two."{table}")'
                ).fetchone()[0]
            ]
    assert differ == {}, f"tables that differ (and their columns): {differ}"
    assert compared["fct_expenditure"] > 0 and compared["fct_performance_indicator"] > 0


def test_sibling_warehouses_keep_their_own_staging(bundled_copy, tmp_path):
    # A second warehouse in the same folder as the bundled copy, from another raw folder.
    a, raw_a = bundled_copy["warehouse"], bundled_copy["raw"]
    raw_b = tmp_path / "raw-b"
    raw_b.mkdir()
    docs.poorly_read_pdf(raw_b / "other.pdf", "预算数")  # a small budget that reads well
    b = a.with_name("b.duckdb")
    assert refresh(raw_b, b).exit_code == 0

    # Each publishes its own documents; neither evicted the other's staging.
    assert sorted(status_of(a)) == sorted(p.name for p in raw_a.iterdir())
    assert list(status_of(b)) == ["other.pdf"]
    with StagingStore(staging_dir_for(b), read_only=True) as store:
        assert [r["file_name"] for r in store.extractions().values()] == ["other.pdf"]
    # A's next extraction has nothing to do: B's refresh left A's staging as it was.
    again = CliRunner().invoke(
        app_(), ["extract", "--raw-dir", str(raw_a), "--warehouse", str(a)]
    )
    assert again.exit_code == 0, again.output
    files = len(list(raw_a.iterdir()))
    assert said(again.output, f"0 extracted, {files} unchanged, 0 failed"), again.output
