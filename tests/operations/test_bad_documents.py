"""Bad documents: each yields its own clear error while every other document lands.

Extraction only (no dbt): the refresh tests check that these rows reach the warehouse.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from pipelines.extract.document import _raised_by_reader, extract_document
from pipelines.extract.errors import DocumentError
from pipelines.refresh import extract_changed, load_passwords
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

    by_id = {o.document_id: o for o in summary.outcomes}
    assert by_id["empty"].error_kind == "empty_file"
    assert by_id["locked"].status == "loaded", by_id["locked"].error_message
    assert by_id["locked"].tables_found == by_id["plain"].tables_found > 0
    def amounts(document_id):
        frame = pl.read_parquet(staging / "line_items" / f"{document_id}.parquet")
        return frame.select(
            pl.col("table_id").str.replace(f"^{document_id}", ""),
            "column_path",
            "amount_yuan",
        ).sort(pl.all())

    assert len(amounts("locked")) > 0
    assert amounts("locked").equals(amounts("plain"))
    # Without the password the same file is an encrypted_pdf failure, not a crash.
    again = extract_changed(raw, tmp_path / "staging-2", workers=1)
    assert {o.document_id: o.error_kind for o in again.failed} == {
        "empty": "empty_file",
        "locked": "encrypted_pdf",
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
    assert not (tmp_path / "staging" / "line_items" / f"{docs.SAMPLE.stem}.parquet").exists()


def test_memory_bound_fails_the_document_not_the_run(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    docs.copy_sample(raw)

    summary = extract_changed(raw, tmp_path / "staging", memory_limit_mb=64, workers=1)

    (outcome,) = summary.outcomes
    assert outcome.status == "failed"
    assert outcome.error_kind in ("memory_limit", "crashed")
    assert outcome.error_message.startswith(f"{docs.SAMPLE.name}: ")


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
