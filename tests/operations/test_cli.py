"""``budgetwh`` commands: one clear line on every error, read-only queries, exact JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipelines.cli import QUALITY_COLUMNS, STATUS_COLUMNS, app
from pipelines.warehouse import refresh_lock, staging_dir_for
from tests.operations import documents as docs

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def one_error_line(result) -> str:
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    return lines[0]


def test_missing_warehouse_is_one_line(tmp_path):
    missing = tmp_path / "marts" / "warehouse.duckdb"
    for command in (["sql", "select 1"], ["status"], ["shell"]):
        result = run(*command, "--warehouse", missing, "--raw-dir", tmp_path)
        assert result.exit_code == 2
        assert "run `budgetwh refresh` first" in one_error_line(result)


def test_not_a_warehouse_is_one_line(tmp_path):
    bogus = tmp_path / "warehouse.duckdb"
    bogus.write_text("not a database")
    result = run("sql", "select 1", "--warehouse", bogus)
    assert result.exit_code == 2
    assert f"cannot open {bogus}" in one_error_line(result)


def test_missing_raw_dir_is_one_line(tmp_path):
    for command in ("refresh", "extract"):
        result = run(command, "--raw-dir", tmp_path / "nope",
                     "--warehouse", tmp_path / "marts" / "w.duckdb")
        assert result.exit_code == 2
        assert "raw folder" in one_error_line(result)


def test_busy_lock_refuses_in_one_line(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    with refresh_lock(warehouse):
        result = run("refresh", "--raw-dir", raw, "--warehouse", warehouse, "--wait", "0.5")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "another refresh is running" in line and "--wait" in line
    assert not staging_dir_for(warehouse).exists()  # refused before touching anything


def test_bad_passwords_file_is_one_line(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    secrets = tmp_path / "passwords.json"
    secrets.write_text("{oops", "utf-8")
    result = run("extract", "--raw-dir", raw, "--out", tmp_path / "staging",
                 "--passwords", secrets)
    assert result.exit_code == 2
    assert "not valid JSON" in one_error_line(result)


def test_add_copies_pdfs_and_rejects_others(tmp_path):
    raw = tmp_path / "raw"
    source = docs.copy_sample(tmp_path)
    result = run("add", source, "--raw-dir", raw)
    assert result.exit_code == 0, result.output
    assert (raw / source.name).read_bytes() == source.read_bytes()
    assert f"added {source.name}" in result.output
    assert f"replaced {source.name}" in run("add", source, "--raw-dir", raw).output
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    rejected = run("add", notes, "--raw-dir", raw)
    assert rejected.exit_code == 2 and "not a .pdf" in one_error_line(rejected)
    missing = run("add", tmp_path / "gone.pdf", "--raw-dir", raw)
    assert missing.exit_code == 2 and "no such file" in one_error_line(missing)
    assert sorted(p.name for p in raw.iterdir()) == [source.name]


def test_status_before_any_refresh_reads_the_staging_store(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    docs.not_a_pdf(raw / "page.pdf")
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    assert run("extract", "--raw-dir", raw, "--warehouse", warehouse).exit_code == 1
    result = run("status", "--json", "--warehouse", warehouse)
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert list(row) == list(STATUS_COLUMNS)
    assert (row["file_name"], row["status"], row["error_kind"]) == ("page.pdf", "failed", "not_pdf")
    assert row["document_id"] == row["sha256"][:16]


def test_status_table_keeps_every_file_name_readable():
    # rich squeezes columns it cannot fit to nothing: on a 110-column terminal the file
    # names and statuses must stay whole, and the missing tables are listed under the table.
    from rich.console import Console

    from pipelines.cli import status_table

    rows = [
        {"file_name": "changchun-shebaoju-2024-locked.pdf", "status": "loaded",
         "error_kind": None, "page_count": 27, "tables_found": 23,
         "standard_tables_missing": ["state_capital_expenditure"],
         "checks_passed_pct": "97.6", "confirmed_pct": "97.2"},
        {"file_name": "scan-2023.pdf", "status": "failed", "error_kind": "no_text_layer",
         "page_count": None, "tables_found": None, "standard_tables_missing": [],
         "checks_passed_pct": None, "confirmed_pct": None},
    ]
    console = Console(width=110, record=True)
    console.print(status_table(rows))
    text = console.export_text()
    assert "changchun-shebaoju-2024-locked.pdf" in text
    assert "failed: no_text_layer" in text and "97.2" in text


@pytest.mark.slow
def test_status_json_lists_exact_columns(built_warehouse, warehouse_con):
    result = run("status", "--json", "--warehouse", built_warehouse["warehouse"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["file_name"] for r in rows} == {p.name for p in built_warehouse["raw"].iterdir()}
    # The contract columns first, then the reading-quality columns document_status has.
    present = [c[0] for c in warehouse_con.execute("describe document_status").fetchall()]
    quality = [c for c in present if c in QUALITY_COLUMNS]
    assert quality, present
    for row in rows:
        assert list(row) == [*STATUS_COLUMNS, *quality]
        assert row["status"] == "loaded" and len(row["sha256"]) == 64
        assert row["document_id"] == row["sha256"][:16]


@pytest.mark.slow
def test_sql_is_read_only_and_bad_sql_is_one_line(built_warehouse):
    warehouse = built_warehouse["warehouse"]
    ok = run("sql", "select count(*) as n from document_status", "--warehouse", warehouse)
    assert ok.exit_code == 0 and str(len(list(built_warehouse["raw"].iterdir()))) in ok.stdout
    bad = run("sql", "selec nothing", "--warehouse", warehouse)
    assert bad.exit_code == 2 and "syntax error" in one_error_line(bad).lower()
    write = run("sql", "delete from document_status", "--warehouse", warehouse)
    assert write.exit_code == 2 and "read-only" in one_error_line(write).lower()


@pytest.mark.slow
def test_shell_answers_queries_read_only(built_warehouse):
    result = runner.invoke(
        app,
        ["shell", "--warehouse", str(built_warehouse["warehouse"])],
        input="select count(*) as docs\nfrom dim_document;\ndrop table dim_document;\n",
    )
    assert result.exit_code == 0, result.output
    assert "docs" in result.output
    assert "read-only" in result.output.lower()
