"""Benchmark harness: extraction speed, refresh cost per change, peak memory.

Usage (from the repository root)::

    uv run python benchmarks/run.py                 # the full run (~20 min on 2 cores)
    uv run python benchmarks/run.py --quick         # smoke run: smallest PDF, 2 copies,
                                                    # one repeat, extraction stage only

Measures, in one run and on the same files:

(a) ``budgetwh extract`` on the corpus (a fresh staging folder each repeat);
(b) naive pdfplumber: ``page.extract_tables()`` on every page of every corpus PDF;
(c) pypdfium2: the text of every page of every corpus PDF;
(d) a full refresh of a synthetic corpus of ``--docs`` distinct documents;
(e) a refresh after adding one document to it, against a refresh of that document alone;
(f) peak memory (summed RSS of the whole process tree) of a full refresh at the corpus
    size and at ``--docs`` documents.

Every measured command runs in its own child process, timed from outside (wall clock,
CPU time of the process tree) while a sampler sums the resident memory of the process and
all its descendants every 20 ms. (b) and (c) also report the time of their work alone,
without interpreter start-up; the ratios use that (the stricter comparison), while (a)
always includes the CLI's start-up and the Parquet writing.

Synthetic copies are made distinct by appending a PDF comment line after ``%%EOF``
(``%budgetwh-benchmark-copy <n>``): readers ignore bytes after the last ``%%EOF``, so
every copy reads exactly like its original, but its sha256 differs, so the refresh treats
it as a new document.

Results go to stdout and, between marker comments, into BENCHMARKS.md (``--report``),
leaving the hand-written text around them as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEGIN = "<!-- benchmark:begin {section} (written by benchmarks/run.py; edit outside) -->"
END = "<!-- benchmark:end {section} -->"
TARGETS = {"R1": 0.5, "R2": 25.0, "R3": 1.5, "M": 1.5}
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

NAIVE_CODE = """
import sys, time, json
t0 = time.perf_counter()
import pdfplumber
pages = tables = 0
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables += len(page.extract_tables())
            pages += 1
            page.close()
print(json.dumps({"work_s": time.perf_counter() - t0, "pages": pages, "tables": tables}))
"""

PDFIUM_CODE = """
import sys, time, json
t0 = time.perf_counter()
import pypdfium2 as pdfium
pages = chars = 0
for path in sys.argv[1:]:
    doc = pdfium.PdfDocument(path)
    for page in doc:
        textpage = page.get_textpage()
        chars += len(textpage.get_text_bounded())
        textpage.close()
        page.close()
        pages += 1
    doc.close()
print(json.dumps({"work_s": time.perf_counter() - t0, "pages": pages, "chars": chars}))
"""


@dataclass
class Run:
    """One measured child process."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    output: str = ""
    extra: dict = field(default_factory=dict)


def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


_TICKS = os.sysconf("SC_CLK_TCK")


def tree_usage(pid: int) -> tuple[int, dict[int, float]]:
    """Resident memory of ``pid`` and all its descendants, and each one's CPU seconds so far.

    Linux /proc. CPU is read per process because ``getrusage(RUSAGE_CHILDREN)`` only counts
    children that were waited for: the extraction workers' fork server and its workers are
    not, nor is anything killed at exit.
    """
    tree = _children_of()
    total, stack, cpu = 0, [pid], {}
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * _PAGE_SIZE
            with open(f"/proc/{p}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()
        cpu[p] = (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
        stack.extend(tree.get(p, []))
    return total, cpu


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (Linux /proc)."""
    return tree_usage(pid)[0]


def measure(cmd: list[str], *, env: dict | None = None, ok_codes: tuple[int, ...] = (0, 1)) -> Run:
    """Run ``cmd`` to completion; wall time, CPU time and peak RSS of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    peak = 0
    cpu_seen: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            rss, cpu_now = tree_usage(proc.pid)
            peak = max(peak, rss)
            for p, seconds in cpu_now.items():
                cpu_seen[p] = max(cpu_seen.get(p, 0.0), seconds)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        output, _ = proc.communicate()
    except BaseException:  # interrupted: take the measured command down with us
        proc.kill()
        raise
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # Sampled every 20 ms, so a process's last moments are missed; the waited-for children's
    # own accounting is exact. Take whichever saw more.
    cpu = max(waited, sum(cpu_seen.values()))
    # budgetwh exits 1 when it finished but some document needs attention (a 决算, a bad
    # file): a complete run, measured like any other.
    if proc.returncode not in ok_codes:
        raise RuntimeError(f"{' '.join(cmd[:4])} … failed ({proc.returncode}):\n{output[-3000:]}")
    return Run(wall, cpu, peak / 2**20, output)


def budgetwh(*args: str) -> list[str]:
    """The ``budgetwh`` CLI of this environment."""
    script = Path(sys.executable).parent / "budgetwh"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from pipelines.cli import main; main()", *args]


def make_copy(source: Path, target: Path, n: int) -> None:
    """A byte-identical reading of ``source`` whose sha256 differs (comment after %%EOF)."""
    data = source.read_bytes()
    if not data.endswith(b"\n"):
        data += b"\n"
    target.write_bytes(data + f"%budgetwh-benchmark-copy {n}\n".encode())


def synthetic_corpus(corpus: list[Path], folder: Path, count: int, start: int = 0) -> list[Path]:
    """``count`` distinct copies of the corpus PDFs, round-robin, named ``<stem>--<n>.pdf``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(start, start + count):
        source = corpus[n % len(corpus)]
        target = folder / f"{source.stem}--{n:04d}.pdf"
        make_copy(source, target, n)
        out.append(target)
    return out


def median(runs: list[Run], attr: str = "wall_s") -> float:
    """Median of one measure over repeats."""
    return statistics.median(getattr(r, attr) for r in runs)


def refresh_cmd(stage: str, raw: Path, home: Path) -> list[str]:
    """A full refresh (``refresh``) or its extraction stage only (``extract``)."""
    if stage == "refresh":
        return budgetwh("refresh", "--raw-dir", str(raw),
                        "--warehouse", str(home / "marts" / "warehouse.duckdb"))
    return budgetwh("extract", "--raw-dir", str(raw), "--out", str(home / "staging"))


def machine() -> dict[str, str]:
    """Cores, CPU model, RAM and library versions."""
    model = "unknown"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        mem_kb = int(fh.readline().split()[1])
    versions = {}
    for dist in ("pdfplumber", "pdfminer.six", "pypdfium2", "duckdb", "dbt-core", "dbt-duckdb",
                 "polars"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    return {
        "cores": str(os.cpu_count()),
        "cpu": model,
        "ram": f"{mem_kb / 2**20:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        **versions,
    }


def run(args: argparse.Namespace) -> dict:
    """Measure (a)–(f); returns the results as a dict."""
    corpus = sorted(Path(args.raw_dir).glob("*.pdf"))
    if args.quick:
        corpus = sorted(corpus, key=lambda p: p.stat().st_size)[:1]
    if not corpus:
        raise SystemExit(f"no PDFs in {args.raw_dir}")
    work = Path(tempfile.mkdtemp(prefix="budgetwh-bench-", dir=args.workdir))
    corpus_dir = work / "corpus"
    corpus_dir.mkdir()
    for p in corpus:
        shutil.copy(p, corpus_dir / p.name)
    corpus = sorted(corpus_dir.glob("*.pdf"))
    files = [str(p) for p in corpus]
    log = print if not args.quiet else (lambda *a, **k: None)
    res: dict = {"machine": machine(), "started": datetime.now(UTC).isoformat(timespec="seconds"),
                 "load_before": os.getloadavg(), "corpus": [p.name for p in corpus],
                 "docs": args.docs, "stage": args.stage, "repeats": args.repeats}
    try:
        log(f"corpus: {len(corpus)} PDFs; work folder {work}")
        a, b, c = [], [], []
        for i in range(args.repeats):
            # Interleaved, so a change in machine load hits all three alike.
            a.append(measure(budgetwh("extract", "--raw-dir", str(corpus_dir),
                                      "--out", str(work / f"a{i}" / "staging"))))
            b.append(measure([sys.executable, "-c", NAIVE_CODE, *files]))
            c.append(measure([sys.executable, "-c", PDFIUM_CODE, *files]))
            for r in b + c:
                r.extra = r.extra or json.loads(r.output.strip().splitlines()[-1])
            log(f"  repeat {i + 1}: (a) {a[-1].wall_s:.2f}s  (b) {b[-1].extra['work_s']:.2f}s "
                f"work / {b[-1].wall_s:.2f}s wall  (c) {c[-1].extra['work_s']:.3f}s work")
        res["a"] = _summary(a)
        res["b"] = _summary(b) | {"work_s": statistics.median(r.extra["work_s"] for r in b),
                                  "pages": b[0].extra["pages"]}
        res["c"] = _summary(c) | {"work_s": statistics.median(r.extra["work_s"] for r in c)}
        res["R1"] = res["a"]["wall_s"] / res["b"]["work_s"]
        res["R2"] = res["a"]["wall_s"] / res["c"]["work_s"]
        res["R1_cpu"] = res["a"]["cpu_s"] / res["b"]["cpu_s"]

        # (f) at corpus size: a full refresh of the corpus itself (for the extraction stage
        # that is exactly the command of (a), already measured).
        if args.stage == "extract":
            f4 = max(a, key=lambda r: r.peak_rss_mb)
        else:
            small = work / "small"
            shutil.copytree(corpus_dir, small / "raw")
            f4 = measure(refresh_cmd(args.stage, small / "raw", small))
        res["f_small"] = _summary([f4]) | {"docs": len(corpus)}
        log(f"refresh of the corpus: {f4.wall_s:.1f}s, peak {f4.peak_rss_mb:.0f} MB")

        # (d) full refresh of the synthetic corpus.
        big = work / "big"
        synthetic_corpus(corpus, big / "raw", args.docs)
        d = measure(refresh_cmd(args.stage, big / "raw", big))
        res["d"] = _summary([d])
        log(f"(d) refresh of {args.docs} documents: {d.wall_s:.1f}s, peak {d.peak_rss_mb:.0f} MB")

        # (e) add one document (a new distinct copy each repeat) vs that document alone.
        added = sorted(corpus, key=lambda p: p.stat().st_size)[len(corpus) // 2]
        e, alone = [], []
        for i in range(args.refresh_repeats):
            n = args.docs + i
            make_copy(added, big / "raw" / f"{added.stem}--{n:04d}.pdf", n)
            e.append(measure(refresh_cmd(args.stage, big / "raw", big)))
            one = work / f"alone{i}"
            (one / "raw").mkdir(parents=True)
            make_copy(added, one / "raw" / f"{added.stem}--{n:04d}.pdf", n)
            alone.append(measure(refresh_cmd(args.stage, one / "raw", one)))
            log(f"  (e) repeat {i + 1}: +1 to {n}: {e[-1].wall_s:.1f}s; alone: "
                f"{alone[-1].wall_s:.1f}s")
        res["e"] = _summary(e) | {"document": added.name}
        res["alone"] = _summary(alone)
        res["R3"] = res["e"]["wall_s"] / res["alone"]["wall_s"]
        res["M"] = res["d"]["peak_rss_mb"] / res["f_small"]["peak_rss_mb"]
    finally:
        res["load_after"] = os.getloadavg()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return res


def _summary(runs: list[Run]) -> dict:
    return {
        "wall_s": median(runs),
        "cpu_s": median(runs, "cpu_s"),
        "peak_rss_mb": max(r.peak_rss_mb for r in runs),
        "repeats": len(runs),
        "all_wall_s": [round(r.wall_s, 3) for r in runs],
    }


def report(res: dict) -> str:
    """The results as Markdown."""
    m = res["machine"]
    ok = {k: res[k] <= TARGETS[k] for k in TARGETS}
    pages = max(res["b"]["pages"], 1)
    lines = [
        f"Run {res['started']} (`{res['stage']}` stage for (d)–(f); "
        f"{res['repeats']} repeats of (a)–(c)); load average before "
        f"{res['load_before'][0]:.2f}, after {res['load_after'][0]:.2f}.",
        "",
        f"Machine: {m['cores']} cores, {m['cpu']}, {m['ram']} RAM; {m['os']}.  ",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in m.items()
                                 if k not in ("cores", "cpu", "ram", "os")) + ".",
        "",
        f"Corpus: {len(res['corpus'])} PDFs, {res['b']['pages']} pages "
        f"({', '.join(res['corpus'])}); synthetic corpus: {res['docs']} documents.",
        "",
        "| measure | median wall (s) | CPU (s) | peak RSS of process tree (MB) | runs (wall s) |",
        "|---|---:|---:|---:|---|",
    ]
    rows = [
        ("(a) `budgetwh extract`, corpus", res["a"]),
        ("(b) naive pdfplumber `extract_tables`, every page", res["b"]),
        ("(c) pypdfium2 text, every page", res["c"]),
        (f"refresh of the corpus ({res['f_small']['docs']} documents)", res["f_small"]),
        (f"(d) full refresh, {res['docs']} documents", res["d"]),
        (f"(e) refresh after adding one document to {res['docs']}", res["e"]),
        (f"one document alone ({res['e']['document']} copy)", res["alone"]),
    ]
    for name, r in rows:
        lines.append(f"| {name} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['peak_rss_mb']:.0f} "
                     f"| {', '.join(str(x) for x in r['all_wall_s'])} |")
    lines += [
        "",
        f"(b) work alone (no interpreter start-up): {res['b']['work_s']:.2f} s; "
        f"(c) work alone: {res['c']['work_s']:.3f} s.",
        "",
        f"Per page ({res['b']['pages']} pages): (a) {res['a']['wall_s'] / pages:.3f} s wall, "
        f"{res['a']['cpu_s'] / pages:.3f} s CPU; (b) {res['b']['work_s'] / pages:.3f} s; "
        f"(c) {res['c']['work_s'] / pages:.4f} s.",
        "",
        "| target | measured | goal | met |",
        "|---|---:|---:|---|",
        f"| R1 = (a) / (b) | {res['R1']:.2f} | ≤ {TARGETS['R1']} | {_yes(ok['R1'])} |",
        f"| R2 = (a) / (c) | {res['R2']:.1f} | ≤ {TARGETS['R2']:.0f} | {_yes(ok['R2'])} |",
        f"| R3 = (e) / one alone | {res['R3']:.2f} | ≤ {TARGETS['R3']} | {_yes(ok['R3'])} |",
        f"| peak memory {res['docs']} docs / {res['f_small']['docs']} docs | {res['M']:.2f} "
        f"| ≤ {TARGETS['M']} | {_yes(ok['M'])} |",
        "",
        f"CPU-time ratio (a)/(b): {res['R1_cpu']:.2f} (all processes of (a) against the one "
        "process of (b): the work extraction does, whatever the cores).",
    ]
    return "\n".join(lines)


def _yes(flag: bool) -> str:
    return "yes" if flag else "**no**"


def write_report(path: Path, text: str, section: str) -> None:
    """Put ``text`` between the markers of ``section`` in ``path`` (created if missing)."""
    begin, end = BEGIN.format(section=section), END.format(section=section)
    block = f"{begin}\n{text}\n{end}"
    if path.exists():
        old = path.read_text("utf-8")
        if begin in old and end in old:
            head, rest = old.split(begin, 1)
            tail = rest.split(end, 1)[1]
            path.write_text(head + block + tail, "utf-8")
            return
        path.write_text(old.rstrip() + "\n\n" + block + "\n", "utf-8")
        return
    path.write_text(f"# Benchmarks\n\n{block}\n", "utf-8")


def main(argv: list[str] | None = None) -> dict:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-dir", default=str(ROOT / "data" / "raw"))
    parser.add_argument("--docs", type=int, help="synthetic corpus size (200; quick: 2)")
    parser.add_argument("--repeats", type=int, help="repeats of (a)-(c) (5; quick: 1)")
    parser.add_argument("--refresh-repeats", type=int, help="repeats of (e) (3; quick: 1)")
    parser.add_argument("--stage", choices=("refresh", "extract"),
                        help="what (d)-(f) run: the full refresh, or extraction only "
                        "(refresh; quick: extract)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: the smallest corpus PDF only, minimal repeats")
    parser.add_argument("--report", default=str(ROOT / "BENCHMARKS.md"),
                        help="Markdown file to write the results into ('' for none)")
    parser.add_argument("--section", help="name of the report section to (re)write "
                        "(default: the stage), so runs of both stages can stand side by side")
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument("--workdir", default=None, help="where temporary corpora go")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    for name, full, quick in (("docs", 200, 2), ("repeats", 5, 1), ("refresh_repeats", 3, 1),
                              ("stage", "refresh", "extract")):
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    res = run(args)
    text = report(res)
    print(text)
    if args.report:
        write_report(Path(args.report), text, args.section or args.stage)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2, default=str), "utf-8")
    return res


if __name__ == "__main__":
    main()
