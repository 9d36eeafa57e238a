"""The benchmark harness runs end to end on one small document (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pypdfium2 as pdfium

from pipelines.extract.document import scan_pages

ROOT = Path(__file__).resolve().parents[2]


def _harness():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _small_document(folder: Path) -> Path:
    """The cover and the first two ruled pages of the smallest bundled PDF."""
    source = min((ROOT / "data" / "raw").glob("*.pdf"), key=lambda p: p.stat().st_size)
    src = pdfium.PdfDocument(str(source))
    _, has_paths = scan_pages(src)
    keep = [0, *[i for i, paths in enumerate(has_paths) if paths][:2]]
    out = pdfium.PdfDocument.new()
    out.import_pages(src, keep)
    folder.mkdir()
    target = folder / f"{source.stem}-small.pdf"
    out.save(str(target))
    return target


def test_harness_runs_on_one_small_document(tmp_path):
    raw = tmp_path / "raw"
    _small_document(raw)
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\nhand-written text\n", "utf-8")
    res = _harness().main(
        ["--quick", "--raw-dir", str(raw), "--report", str(report), "--workdir", str(tmp_path),
         "--quiet"]
    )
    for key in ("a", "b", "c", "d", "e", "alone", "f_small"):
        assert res[key]["wall_s"] > 0 and res[key]["peak_rss_mb"] > 0, key
    assert res["b"]["pages"] == 3
    assert set(res) >= {"R1", "R2", "R3", "M"}
    text = report.read_text("utf-8")
    assert text.startswith("# Benchmarks\n\nhand-written text")
    assert "R1 = (a) / (b)" in text and "pdfplumber 0." in text
    assert not list(tmp_path.glob("budgetwh-bench-*")), "the work folder is removed"
