"""Bad documents: each yields its own clear error while every other document lands.

Extraction only (no dbt): the refresh tests check that these rows reach the warehouse.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from pipelines.extract.document import _raised_by_reader, extract_document
from pipelines.extract.errors import DocumentError
from pipelines.refresh import extract_changed, extract_one, load_passwords
from pipelines.staging.store import StagingStore
from tests.operations import documents as docs

BAD_DOCUMENTS = {
    "empty.pdf": (docs.empty_file, "empty_file", "0 bytes"),
    "page.pdf": (docs.not_a_pdf, "not_pdf", "%PDF header"),
    "corrupt.pdf": (docs.corrupt_pdf, "corrupt_pdf", "corrupt or truncated"),
    "truncated.pdf": (docs.truncated_pdf, "corrupt_pdf", "corrupt or truncated"),
    "scanned.pdf": (docs.blank_scan_pdf, "no_text_layer", "OCR read nothing on its 2 scanned"),
    "report.pdf": (
        lambda p: docs.text_pdf(p, ["Pump station maintenance log", "All valves inspected."]),
        "not_budget_document",
        "not a budget disclosure",
    ),
    "notables.pdf": (docs.pages_without_rules_pdf, "no_known_tables", "no budget table"),
    "notes.pdf": (docs.text_file, "not_pdf", "%PDF header"),
    "locked.pdf": (
        lambda p: docs.encrypted_pdf(p, "s3cret"),
        "encrypted_pdf",
        "no password given",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_DOCUMENTS))
def test_each_bad_document_has_its_own_error(tmp_path, name):
    build, kind, words = BAD_DOCUMENTS[name]
    path = build(tmp_path / name)
    with pytest.raises(DocumentError) as caught:
        extract_document(path)
    assert caught.value.kind == kind
    assert words in caught.value.message
    assert caught.value.document == name
    assert str(caught.value).startswith(f"{name}: ")


def test_final_accounts_load_as_actual_figures(tmp_path):
    path = docs.copy_final_accounts(tmp_path, "putuo-juesuan.pdf")
    outcome, frames = extract_one(str(path), None, 300)
    assert (outcome.status, outcome.error_kind) == ("loaded", None), outcome.error_message
    document = frames["documents"].row(0, named=True)
    assert (document["document_kind"], document["amount_kind"]) == ("final_accounts", "actual")
    # 决算数 columns are actual; the 预算数 a 决算 prints beside them (三公) stay budgeted
    kinds = frames["line_items"].group_by("amount_kind").len()
    assert set(kinds["amount_kind"]) == {"actual", "budgeted"}
    expenditure = frames["line_items"].filter(
        pl.col("table_type") == "general_public_expenditure"
    )
    assert expenditure.height > 0 and set(expenditure["amount_kind"]) == {"actual"}


def test_poorly_read_document_loads_with_its_income_unmeasured(tmp_path):
    outcome, frames = extract_one(str(docs.poorly_read_pdf(tmp_path / "odd.pdf")), None, 300)
    assert outcome.status == "loaded", outcome.error_message
    income = frames["line_items"].filter(pl.col("side") == "income")
    assert income.height == 3
    assert income["column_path"].unique().to_list() == [docs.UNKNOWN_INCOME_HEADING]
    assert income["measure"].null_count() == income.height
    # The same page headed 预算数 reads well: the heading alone is what goes wrong.
    _, good = extract_one(str(docs.poorly_read_pdf(tmp_path / "good.pdf", "预算数")), None, 300)
    assert good["line_items"]["measure"].null_count() == 0


def test_wrong_password_is_named(tmp_path):
    path = docs.encrypted_pdf(tmp_path / "locked.pdf", "s3cret")
    with pytest.raises(DocumentError) as caught:
        extract_document(path, password="guess")
    assert caught.value.kind == "encrypted_pdf"
    assert "wrong password" in caught.value.message


def test_encrypted_budget_document_loads_with_its_password(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    docs.copy_sample(raw, "plain.pdf")
    docs.encrypted_pdf(raw / "locked.pdf", "s3cret")
    docs.empty_file(raw / "empty.pdf")
    secrets = tmp_path / "passwords.json"
    secrets.write_text(json.dumps({"locked.pdf": "s3cret"}), "utf-8")
    staging = tmp_path / "staging"

    summary = extract_changed(raw, staging, passwords=load_passwords(secrets), workers=2)

    by_name = {o.file_name: o for o in summary.outcomes}
    assert by_name["empty.pdf"].error_kind == "empty_file"
    assert by_name["locked.pdf"].status == "loaded", by_name["locked.pdf"].error_message
    assert by_name["locked.pdf"].tables_found == by_name["plain.pdf"].tables_found > 0
    # Its own bytes, its own document: not the plain copy's.
    assert by_name["locked.pdf"].document_id != by_name["plain.pdf"].document_id

    def amounts(file_name):
        document_id = by_name[file_name].document_id
        with StagingStore(staging, read_only=True) as store:
            frame = store.frame("line_items", document_id)
        return frame.select(
            pl.col("table_id").str.replace(f"^{document_id}", ""),
            "column_path",
            "amount_yuan",
        ).sort(pl.all())

    assert len(amounts("locked.pdf")) > 0
    assert amounts("locked.pdf").equals(amounts("plain.pdf"))
    # Without the password the same file is an encrypted_pdf failure, not a crash.
    again = extract_changed(raw, tmp_path / "staging-2", workers=1)
    assert {o.file_name: o.error_kind for o in again.failed} == {
        "empty.pdf": "empty_file",
        "locked.pdf": "encrypted_pdf",
    }


def test_timeout_bounds_one_document(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    docs.copy_sample(raw)
    docs.not_a_pdf(raw / "page.pdf")

    summary = extract_changed(raw, tmp_path / "staging", timeout_seconds=0.001, workers=1)

    kinds = {o.file_name: o.error_kind for o in summary.outcomes}
    assert kinds == {docs.SAMPLE.name: "timeout", "page.pdf": "not_pdf"}
    timed_out = next(o for o in summary.outcomes if o.error_kind == "timeout")
    assert "longer than 0.001 s" in timed_out.error_message
    with StagingStore(tmp_path / "staging", read_only=True) as store:
        assert store.extractions()[timed_out.document_id]["status"] == "failed"
        assert store.rows("line_items", timed_out.document_id) == 0


def test_memory_bound_fails_the_document_not_the_run(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    docs.copy_sample(raw)

    summary = extract_changed(raw, tmp_path / "staging", memory_limit_mb=64, workers=1)

    (outcome,) = summary.outcomes
    assert outcome.status == "failed"
    assert outcome.error_kind in ("memory_limit", "crashed")
    assert outcome.error_message.startswith(f"{docs.SAMPLE.name}: ")
    with StagingStore(tmp_path / "staging", read_only=True) as store:
        assert store.rows("line_items", outcome.document_id) == 0


def test_reader_faults_are_corrupt_pdf_and_our_faults_are_not():
    from pdfminer.psparser import PSEOF, PSBaseParser

    try:
        PSBaseParser(__import__("io").BytesIO(b"")).nextline()
    except PSEOF as exc:
        assert _raised_by_reader(exc)
    else:
        pytest.fail("pdfminer did not raise on an empty stream")
    try:
        {}["missing"]
    except KeyError as exc:
        assert not _raised_by_reader(exc)


@pytest.mark.parametrize(
    ("content", "words"),
    [("not json", "not valid JSON"), ('["a"]', "JSON object"), ('{"a.pdf": 1}', "JSON object")],
)
def test_bad_passwords_file_is_one_clear_error(tmp_path, content, words):
    path = tmp_path / "passwords.json"
    path.write_text(content, "utf-8")
    with pytest.raises(ValueError, match=words):
        load_passwords(path)
    with pytest.raises(ValueError, match="does not exist"):
        load_passwords(tmp_path / "missing.json")
