"""Refresh for real: bad documents, incremental re-runs, readers during a refresh, kill -9.

Each test is one scenario run in order (refreshes are the expensive part: a handful of
dbt builds in all), so the steps live in one function each.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.staging.frames import ENTITIES
from pipelines.staging.store import StagingStore
from pipelines.warehouse import build_path_for, refresh_lock, staging_dir_for
from tests.operations import documents as docs
from tests.operations.test_bad_documents import BAD_DOCUMENTS

pytestmark = pytest.mark.slow
BUDGETWH = str(Path(sys.executable).parent / "budgetwh")
FACTS = ("fct_expenditure", "fct_income", "fct_basic_expenditure")
READER = r'''
import json, sys, time, duckdb
from pathlib import Path
warehouse, stop, report = sys.argv[1:4]
seen, errors, final = [], [], 0
while final < 2:
    final += Path(stop).exists()
    try:
        with duckdb.connect(warehouse, read_only=True) as con:
            tables = {r[0] for r in con.execute(
                "select table_name from information_schema.tables").fetchall()}
            missing = {"document_status", "dim_document", *FACTS} - tables
            if missing:
                errors.append(f"half-built warehouse: missing {sorted(missing)}")
            n = con.execute("select count(*) from document_status").fetchone()[0]
            orphans = con.execute(
                "select count(*) from fct_expenditure where document_id not in "
                "(select document_id from document_status where status = 'loaded')"
            ).fetchone()[0]
            if orphans:
                errors.append(f"{orphans} fact rows of documents not loaded")
            seen.append(n)
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    time.sleep(0.05)
Path(report).write_text(json.dumps({"seen": seen, "errors": errors}))
'''.replace("FACTS", repr(FACTS))


def said(output: str, words: str) -> bool:
    """Whether ``words`` appear in ``output``, however the console wrapped its lines."""
    return " ".join(words.split()) in " ".join(output.split())


def query(warehouse: Path, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def status_of(warehouse: Path) -> dict[str, dict]:
    """document_status rows by file name (a document's id is its content's, not its name)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cur = con.execute("select * from document_status")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    return {row["file_name"]: row for row in rows}


def fact_rows(warehouse: Path, document_id: str) -> dict[str, int]:
    return {
        fact: query(warehouse, f"select count(*) from {fact} where document_id = ?",
                    document_id)[0][0]
        for fact in FACTS
    }


def test_bad_documents_land_the_rest_and_rerun_is_incremental_under_readers(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    sample = docs.copy_sample(raw)
    for name, (build, _, _) in BAD_DOCUMENTS.items():
        build(raw / name)
    # The locked file is another year's disclosure: once unlocked it is a second document,
    # not a duplicate of the first.
    docs.encrypted_pdf(raw / "locked.pdf", "s3cret", source=docs.OTHER)
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    bad = len(BAD_DOCUMENTS)

    # 1. First refresh: every bad file is a failed row, the budget document lands anyway,
    #    the dbt build is not broken by them, and the exit code says something failed.
    first = CliRunner().invoke(app, ["refresh", "--raw-dir", str(raw),
                                     "--warehouse", str(warehouse), "--workers", "2"])
    assert first.exit_code == 1, first.output
    assert said(first.output, f"1 extracted, 0 unchanged, 0 removed, {bad} not loaded, "
                              "0 quarantined, 0 duplicates"), first.output
    for name, (_, kind, _) in BAD_DOCUMENTS.items():
        assert said(first.output, f"[{kind}] {name}: "), first.output
    before = status_of(warehouse)
    assert {name: r["error_kind"] for name, r in before.items()} == {
        sample.name: None, **{name: kind for name, (_, kind, _) in BAD_DOCUMENTS.items()}
    }
    assert before[sample.name]["status"] == "loaded"
    assert {r["status"] for name, r in before.items() if name != sample.name} == {"failed"}
    sample_id = before[sample.name]["document_id"]
    loaded_rows = fact_rows(warehouse, sample_id)
    assert all(loaded_rows.values()), loaded_rows
    query_count_before = query(warehouse, "select count(*) from fct_expenditure")[0][0]

    # 2. Re-run while readers query: a new name and a new mtime change nothing (the same
    #    bytes are the same document), a changed file and a newly unlocked one are
    #    re-extracted alone, a removed file leaves. The changed file is new content, so a
    #    new document: its old document leaves with the removed one.
    os.utime(sample, (time.time() + 60, time.time() + 60))
    renamed = sample.rename(raw / "renamed.pdf")
    docs.text_pdf(raw / "report.pdf", ["Pump station maintenance log", "Second edition."])
    (raw / "empty.pdf").unlink()
    secrets = tmp_path / "passwords.json"
    secrets.write_text(json.dumps({"locked.pdf": "s3cret"}), "utf-8")

    stop = threading.Event()
    held = {"errors": [], "seen": set()}

    def long_lived_reader() -> None:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            while not stop.is_set():
                try:
                    held["seen"].add(con.execute(
                        "select (select count(*) from document_status), "
                        "(select count(*) from fct_expenditure)").fetchone())
                except Exception as exc:  # the test asserts there are none
                    held["errors"].append(repr(exc))
                time.sleep(0.05)

    thread = threading.Thread(target=long_lived_reader)
    thread.start()
    stop_file, report = tmp_path / "stop", tmp_path / "reader.json"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse), str(stop_file),
                               str(report)])
    second = subprocess.run(
        [BUDGETWH, "refresh", "--raw-dir", raw, "--warehouse", warehouse,
         "--passwords", secrets, "--workers", "2"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    stop_file.touch()
    assert reader.wait(timeout=60) == 0
    stop.set()
    thread.join()

    assert second.returncode == 1, second.stderr
    unchanged = bad - 3  # all but the removed, the changed and the unlocked file
    assert said(second.stderr, f"1 extracted, {unchanged + 1} unchanged, 2 removed, "
                               f"{unchanged + 1} not loaded, 0 quarantined"), second.stderr
    assert "Traceback" not in second.stderr
    readers = json.loads(report.read_text())
    assert readers["errors"] == [] and held["errors"] == []
    files = bad + 1
    assert set(readers["seen"]) <= {files, files - 1} and readers["seen"][-1] == files - 1
    (snapshot,) = held["seen"]  # the open connection kept one snapshot all along
    assert snapshot == (files, query_count_before)
    after = status_of(warehouse)
    assert "empty.pdf" not in after and sample.name not in after
    before[renamed.name] = {**before.pop(sample.name), "file_name": renamed.name}
    for name, row in after.items():
        changed = name in ("locked.pdf", "report.pdf")
        assert (row["extracted_at"] != before[name]["extracted_at"]) == changed, row
    assert after[renamed.name] == before[renamed.name]  # not read again under its new name
    assert query(warehouse, "select file_name from dim_document where document_id = ?",
                 sample_id) == [(renamed.name,)]
    assert after["locked.pdf"]["status"] == "loaded" and after["locked.pdf"]["tables_found"] > 0
    assert after["report.pdf"]["error_kind"] == "not_budget_document"
    assert after["report.pdf"]["sha256"] != before["report.pdf"]["sha256"]
    assert after["report.pdf"]["document_id"] != before["report.pdf"]["document_id"]
    # new connections see new data
    assert all(fact_rows(warehouse, after["locked.pdf"]["document_id"]).values())
    assert fact_rows(warehouse, sample_id) == loaded_rows


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _kill_when(process: subprocess.Popen, ready) -> set[int]:
    """SIGKILL ``process`` once ``ready(line)`` is true of a stderr line; its children."""
    for line in process.stderr:
        if ready(line):
            break
    else:
        pytest.fail("the refresh ended before the point where it should be killed")
    deadline = time.monotonic() + 60
    children = set()
    while time.monotonic() < deadline and not children:
        children = _children(process.pid)
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return children


def _all_gone(pids: set[int], within: float = 20.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() and "Z" not in
                   Path(f"/proc/{pid}/stat").read_text().split()[2:3] for pid in pids):
            return True
        time.sleep(0.2)
    return False


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _documents_in_staging(staging: Path) -> dict[str, str]:
    """Documents the staging store records, with their status; every row of every entity
    belongs to one of them (a killed refresh never leaves half a document)."""
    with StagingStore(staging, read_only=True) as store:
        records = {d: r["status"] for d, r in store.extractions().items()}
        for entity in ENTITIES:
            orphans = set(store.frame(entity)["document_id"].unique()) - {
                d for d, status in records.items() if status == "loaded"
            }
            assert not orphans, (entity, orphans)
    return records


def test_killed_refresh_keeps_the_old_warehouse_and_the_next_one_completes(
    built_warehouse, tmp_path
):
    # The previous state: a copy of the session's warehouse and of its staging store (four
    # documents); the raw folder keeps one of them, changed (new content: a new document),
    # so there is work to do and four documents to remove.
    raw = tmp_path / "raw"
    raw.mkdir()
    sample = docs.copy_sample(raw)
    with sample.open("ab") as fh:
        fh.write(b"\n% appended by an incremental save\n")
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(built_warehouse["warehouse"], warehouse)
    staging = staging_dir_for(warehouse)
    shutil.copytree(built_warehouse["staging"], staging)
    published = _sha(warehouse)
    previous = status_of(warehouse)
    dropped = previous["changchun-shebaoju-2024.pdf"]["document_id"]
    old_sample = previous[sample.name]["document_id"]
    assert all(fact_rows(warehouse, dropped).values())
    command = [BUDGETWH, "refresh", "--raw-dir", str(raw), "--warehouse", str(warehouse),
               "--workers", "1"]

    def start() -> subprocess.Popen:
        return subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                text=True)

    # 1. kill -9 mid-extraction: the old warehouse is untouched, the workers die too, and
    #    the staging store holds whole documents only.
    workers = _kill_when(start(), lambda line: "to extract" in line)
    assert workers and _all_gone(workers)
    assert _sha(warehouse) == published and status_of(warehouse) == previous
    _documents_in_staging(staging)

    # 2. kill -9 mid-dbt-build: the half-built file is left aside, dbt dies with it.
    build = build_path_for(warehouse)
    dbt = _kill_when(start(), lambda line: "Building" in line)
    assert dbt and _all_gone(dbt)
    assert _sha(warehouse) == published and status_of(warehouse) == previous
    new_sample = _sha(sample)[:16]
    assert _documents_in_staging(staging) == {new_sample: "loaded"}

    # 3. Two refreshes at once: the second refuses in one line, or waits with --wait.
    runner = CliRunner()
    holding, release = threading.Event(), threading.Event()

    def other_refresh() -> None:
        with refresh_lock(warehouse):
            holding.set()
            release.wait(timeout=60)

    other = threading.Thread(target=other_refresh)
    other.start()
    holding.wait(timeout=10)
    refused = runner.invoke(app, command[1:])
    assert refused.exit_code == 2
    assert refused.output.strip().startswith("error: another refresh is running")
    assert len(refused.output.strip().splitlines()) == 1
    threading.Timer(1.0, release.set).start()
    done = runner.invoke(app, [*command[1:], "--wait", "120"])
    other.join()

    # 4. The next refresh completes. The run killed in dbt had finished extracting (the
    #    changed file re-extracted, the removed ones gone from staging), so this one only
    #    builds and publishes: the removed documents leave every fact, and nothing of the
    #    killed runs is left behind.
    assert done.exit_code == 0, done.output
    assert said(done.output, "0 extracted, 1 unchanged, 0 removed, 0 not loaded"), done.output
    status = status_of(warehouse)
    assert set(status) == {sample.name}
    assert status[sample.name]["sha256"] == _sha(sample)
    assert status[sample.name]["document_id"] == new_sample
    assert fact_rows(warehouse, dropped) == dict.fromkeys(FACTS, 0)
    assert fact_rows(warehouse, old_sample) == dict.fromkeys(FACTS, 0)
    assert all(fact_rows(warehouse, new_sample).values())
    assert not build.exists() and not Path(f"{build}.wal").exists()
    assert sorted(p.name for p in build.parent.iterdir()) <= ["logs", "target"]
