"""Scale benchmark: what a refresh costs as the collection grows (issue 16).

Usage (from the repository root, on a quiet machine: it takes most of an hour at 1,000)::

    uv run python benchmarks/scale.py                       # N = 4, 200, 1000
    uv run python benchmarks/scale.py --sizes 4,50 --report ''   # a quick look, no report

One run, on one synthetic collection (``benchmarks/synthetic.py``: distinct departments and
years, every identity exact), measures at each size N:

* **cold**: ``budgetwh refresh`` of N documents into an empty warehouse (extraction, dbt
  build, publish);
* **no-op**: the same refresh again, nothing changed (no dbt build);
* **add one**: a refresh after adding one document (always the same one, not among the N);
* peak memory of the whole process tree of each (refresh, extraction workers, dbt), sampled
  from ``/proc`` every 20 ms (``benchmarks/run.py``'s ``measure``);
* disk: the staging store and the published warehouse;
* the README's queries on the warehouse of N documents (median of 3, in process).

Once: a cold refresh of the added document alone (the yardstick of the targets). At the
largest size also: two more default refreshes (a changed document, a removed one), so five
default refreshes in all must publish, and ``refresh --full`` of a copy of the staging store,
whose tables must equal the incrementally built ones row for row. A linear fit through the
two largest sizes projects the costs to 100,000 documents.

Results go to stdout and, between marker comments, into BENCHMARKS.md (section ``scale``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from benchmarks.run import Run, budgetwh, machine, measure  # noqa: E402
from benchmarks.synthetic import describe, write_collection  # noqa: E402
from tests.warehouse_rows import every_table  # noqa: E402

BEGIN = "<!-- benchmark:begin {section} (written by benchmarks/scale.py; edit outside) -->"
END = "<!-- benchmark:end {section} -->"
SIZES = (4, 200, 1000)
PROJECT_TO = 100_000
# Done-when targets of issue 16, as ratios to a refresh of one document alone.
TARGETS = {"memory": 1.5, "noop": 0.10, "add_one": 1.5}
README = ROOT / "README.md"
FENCE = re.compile(r"^```sql\n(?P<body>.*?)^```", re.S | re.M)


def readme_queries() -> list[str]:
    """The SQL of the README's "Questions you can ask", in order."""
    text = README.read_text("utf-8")
    start = text.index("## Questions you can ask")
    end = text.find("\n## ", start + 5)
    return [m.group("body") for m in FENCE.finditer(text[start:end])]


def time_queries(warehouse: Path, repeats: int = 3) -> list[float]:
    """Median seconds of each README query on ``warehouse`` (read-only, in this process)."""
    import duckdb

    out = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for sql in readme_queries():
            runs = []
            for _ in range(repeats):
                start = time.perf_counter()
                con.execute(sql).fetchall()
                runs.append(time.perf_counter() - start)
            out.append(statistics.median(runs))
    return out


def disk_mb(warehouse: Path) -> dict[str, float]:
    """Size on disk of the staging store and of the published warehouse, in MB."""
    staging = warehouse.with_name(f"{warehouse.stem}.staging")
    return {
        "staging_mb": sum(p.stat().st_size for p in staging.rglob("*") if p.is_file()) / 2**20,
        "warehouse_mb": warehouse.stat().st_size / 2**20,
    }


def refresh(raw: Path, warehouse: Path, *extra: str) -> Run:
    """One measured ``budgetwh refresh``; its output says what it built.

    A refresh that stopped (exit 2) is measured and reported, not raised: the report counts
    the refreshes that published.
    """
    return measure(budgetwh("refresh", "--raw-dir", str(raw), "--warehouse", str(warehouse),
                            *extra), ok_codes=(0, 1, 2))


def published(run: Run) -> bool:
    """Whether a refresh ended with its result published (or nothing to publish)."""
    return "Published" in run.output or "Unchanged" in run.output


def summary(run: Run, **extra) -> dict:
    """What the report keeps of one measured refresh."""
    said = " ".join(run.output.split())
    mode = re.search(r"\((full|incremental)[^)]*\)", said)
    batches = re.search(r"made the documents in (\d+) batches", said)
    build = mode.group(1) if mode else ("none" if "Up to date" in run.output else "?")
    if batches:
        build += f" in {batches.group(1)} batches"
    return {"wall_s": run.wall_s, "cpu_s": run.cpu_s, "peak_rss_mb": run.peak_rss_mb,
            "published": published(run), "build": build, **extra}


def link_documents(pool: Path, raw: Path, indexes) -> None:
    """Hard links of documents of the pool into a raw folder."""
    raw.mkdir(parents=True, exist_ok=True)
    for i in indexes:
        name = describe(i).file_name
        os.link(pool / name, raw / name)


def measure_size(n: int, pool: Path, work: Path, extra: int, *, largest: bool, log) -> dict:
    """Cold, no-op and add-one refreshes at ``n`` documents (and at the largest size, more)."""
    home = work / f"n{n}"
    raw, warehouse = home / "raw", home / "marts" / "warehouse.duckdb"
    link_documents(pool, raw, range(n))
    res: dict = {"n": n}
    cold = refresh(raw, warehouse)
    res["cold"] = summary(cold)
    log(f"N={n}: cold {cold.wall_s:.1f}s, peak {cold.peak_rss_mb:.0f} MB ({res['cold']['build']})")
    res["disk"] = disk_mb(warehouse)
    res["queries_s"] = time_queries(warehouse)
    noop = refresh(raw, warehouse)
    res["noop"] = summary(noop)
    log(f"N={n}: no-op {noop.wall_s:.2f}s ({res['noop']['build']})")
    link_documents(pool, raw, [extra])
    add = refresh(raw, warehouse)
    res["add_one"] = summary(add)
    log(f"N={n}: add one {add.wall_s:.1f}s, peak {add.peak_rss_mb:.0f} MB "
        f"({res['add_one']['build']})")
    if largest:
        # a changed document (new bytes under its name) and a removed one: five default
        # refreshes in all at this size
        changed = raw / describe(1).file_name
        changed.unlink()
        shutil.copyfile(pool / describe(extra + 1).file_name, changed)
        change = refresh(raw, warehouse)
        res["change_one"] = summary(change)
        (raw / describe(2).file_name).unlink()
        remove = refresh(raw, warehouse)
        res["remove_one"] = summary(remove)
        log(f"N={n}: change one {change.wall_s:.1f}s, remove one {remove.wall_s:.1f}s")
        # --full on a copy of the same staging store gives the same tables
        other = home / "full" / "warehouse.duckdb"
        shutil.copytree(warehouse.with_name(f"{warehouse.stem}.staging"),
                        other.with_name(f"{other.stem}.staging"))
        full = refresh(raw, other, "--full")
        res["full"] = summary(full)
        incremental, rebuilt = every_table(warehouse), every_table(other)
        res["full_same"] = incremental == rebuilt
        res["full_differs"] = sorted(t for t in rebuilt if incremental.get(t) != rebuilt[t])
        log(f"N={n}: --full {full.wall_s:.1f}s, same marts: {res['full_same']}")
        res["default_refreshes"] = [res[k]["published"] for k in
                                    ("cold", "noop", "add_one", "change_one", "remove_one")]
    res["disk_after"] = disk_mb(warehouse)
    shutil.rmtree(home / "full", ignore_errors=True)
    return res


def project(sizes: list[dict], key: str, field: str = "wall_s", to: int = PROJECT_TO) -> float:
    """Linear projection through the two largest sizes (cost = a + b·N).

    A cost that did not grow between them (noise around a constant) is projected as it is at
    the larger size, not extrapolated downwards.
    """
    (n1, y1), (n2, y2) = [(s["n"], _get(s, key, field)) for s in sizes[-2:]]
    slope = max(0.0, (y2 - y1) / (n2 - n1)) if n2 != n1 else 0.0
    return y2 + slope * (to - n2)


def _get(size: dict, key: str, field: str) -> float:
    return size[key][field]


def run(args: argparse.Namespace) -> dict:
    """Generate the collection, measure every size; the results as a dict."""
    sizes = sorted(int(s) for s in args.sizes.split(","))
    largest = sizes[-1]
    work = Path(tempfile.mkdtemp(prefix="budgetwh-scale-", dir=args.workdir))
    log = print if not args.quiet else (lambda *a, **k: None)
    res: dict = {"machine": machine(), "started": datetime.now(UTC).isoformat(timespec="seconds"),
                 "load_before": os.getloadavg(), "sizes": []}
    try:
        pool = Path(args.pool) if args.pool else work / "pool"
        extra = largest  # the added document: not among any size's first N
        missing = [i for i in range(largest + 2) if not (pool / describe(i).file_name).exists()]
        if missing and len(missing) < largest + 2:
            raise SystemExit(f"{pool} holds part of the collection: complete or remove it")
        if missing:
            start = time.perf_counter()
            write_collection(largest + 2, pool, workers=args.workers)
            res["generate_s"] = time.perf_counter() - start
        else:  # written by an earlier run (its time is not this run's)
            res["generate_s"] = None
        res["generated"] = largest + 2
        res["pool_mb"] = sum(p.stat().st_size for p in pool.iterdir()) / 2**20
        log(f"collection of {largest + 2} documents in {pool}")

        alone = work / "alone"
        link_documents(pool, alone / "raw", [extra])
        one = refresh(alone / "raw", alone / "marts" / "warehouse.duckdb")
        res["alone"] = summary(one)
        log(f"one document alone: {one.wall_s:.1f}s, peak {one.peak_rss_mb:.0f} MB")

        for n in sizes:
            res["sizes"].append(
                measure_size(n, pool, work, extra, largest=n == largest, log=log)
            )
            if not args.keep:
                shutil.rmtree(work / f"n{n}", ignore_errors=True)
        big = res["sizes"][-1]
        peak = max(big[k]["peak_rss_mb"] for k in
                   ("cold", "noop", "add_one", "change_one", "remove_one") if k in big)
        res["ratios"] = {
            "memory": peak / res["alone"]["peak_rss_mb"],
            "noop": big["noop"]["wall_s"] / res["alone"]["wall_s"],
            "add_one": big["add_one"]["wall_s"] / res["alone"]["wall_s"],
        }
        if len(sizes) >= 2:
            res["projection"] = {
                key: project(res["sizes"], key) for key in ("cold", "noop", "add_one")
            } | {
                "peak_rss_mb": project(res["sizes"], "add_one", "peak_rss_mb"),
                "staging_mb": project(res["sizes"], "disk", "staging_mb"),
                "warehouse_mb": project(res["sizes"], "disk", "warehouse_mb"),
            }
    finally:
        res["load_after"] = os.getloadavg()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return res


def largest_peak(res: dict) -> float:
    """The largest peak memory of any refresh measured, in MB."""
    return max(v["peak_rss_mb"] for size in res["sizes"] for v in size.values()
               if isinstance(v, dict) and "peak_rss_mb" in v)


def _yes(flag: bool) -> str:
    return "yes" if flag else "**no**"


def report(res: dict) -> str:
    """The results as Markdown."""
    m = res["machine"]
    lines = [
        f"Run {res['started']}; load average before {res['load_before'][0]:.2f}, after "
        f"{res['load_after'][0]:.2f}. Machine: {m['cores']} cores, {m['cpu']}, {m['ram']} RAM; "
        f"duckdb {m['duckdb']}, dbt-core {m['dbt-core']}, dbt-duckdb {m['dbt-duckdb']}.",
        "",
        f"Collection: {res['generated']} synthetic documents (`benchmarks/synthetic.py`), "
        + (f"written in {res['generate_s']:.0f} s" if res["generate_s"] is not None
           else "written beforehand")
        + f" ({res['pool_mb']:.0f} MB of PDF). The added "
        "document is the same at every size; \"alone\" is a cold refresh of it by itself "
        f"({res['alone']['wall_s']:.1f} s, peak {res['alone']['peak_rss_mb']:.0f} MB).",
        "",
        "| N | cold refresh (s) | no-op (s) | add one (s) | peak memory, cold / add one (MB) "
        "| staging (MB) | warehouse (MB) | README queries 1, 2, … (ms) |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for s in res["sizes"]:
        queries = " / ".join(f"{q * 1000:.0f}" for q in s["queries_s"])
        lines.append(
            f"| {s['n']} | {s['cold']['wall_s']:.1f} | {s['noop']['wall_s']:.2f} "
            f"| {s['add_one']['wall_s']:.1f} | {s['cold']['peak_rss_mb']:.0f} / "
            f"{s['add_one']['peak_rss_mb']:.0f} | {s['disk_after']['staging_mb']:.0f} "
            f"| {s['disk_after']['warehouse_mb']:.0f} | {queries} |"
        )
    big = res["sizes"][-1]
    builds = ", ".join(f"{k.replace('_', ' ')} {big[k]['build']}" for k in
                       ("cold", "noop", "add_one", "change_one", "remove_one") if k in big)
    lines += ["", f"Builds at N = {big['n']}: {builds}."]
    if "full" in big:
        lines.append(
            f"`refresh --full` at N = {big['n']}: {big['full']['wall_s']:.1f} s, peak "
            f"{big['full']['peak_rss_mb']:.0f} MB; same tables as the incremental builds, row "
            f"for row: {_yes(big['full_same'])}"
            + (f" (differ: {', '.join(big['full_differs'])})" if big["full_differs"] else "")
            + f". Change one document: {big['change_one']['wall_s']:.1f} s; remove one: "
            f"{big['remove_one']['wall_s']:.1f} s."
        )
    r = res["ratios"]
    published = big.get("default_refreshes", [])
    lines += [
        "",
        "| target (N = {n}) | measured | goal | met |".format(n=big["n"]),
        "|---|---:|---:|---|",
        f"| default refreshes that published | {sum(published)} of {len(published)} | all "
        f"| {_yes(all(published))} |",
        f"| peak memory of the process tree / one document alone | {r['memory']:.2f} "
        f"| ≤ {TARGETS['memory']} | {_yes(r['memory'] <= TARGETS['memory'])} |",
        f"| no-op refresh / cold refresh of one document | {r['noop']:.3f} "
        f"| ≤ {TARGETS['noop']} | {_yes(r['noop'] <= TARGETS['noop'])} |",
        f"| add one document / that document alone | {r['add_one']:.2f} "
        f"| ≤ {TARGETS['add_one']} | {_yes(r['add_one'] <= TARGETS['add_one'])} |",
    ]
    if "full" in big:
        lines.append(f"| `--full` gives the same marts | {_yes(big['full_same'])} | yes "
                     f"| {_yes(big['full_same'])} |")
    if "projection" in res:
        p = res["projection"]
        lines += [
            "",
            f"Projected to {PROJECT_TO:,} documents (linear through the two largest sizes): "
            f"cold refresh {p['cold'] / 3600:.1f} h, no-op {p['noop']:.0f} s, add one "
            f"{p['add_one']:.0f} s, staging {p['staging_mb'] / 1024:.1f} GB, warehouse "
            f"{p['warehouse_mb'] / 1024:.1f} GB. Peak memory is not linear: what grew between "
            f"the sizes is DuckDB's buffer pool, which its memory limit caps (largest peak "
            f"measured: {largest_peak(res):.0f} MB; a straight line through the add-one peaks "
            f"would say {p['peak_rss_mb']:.0f} MB).",
        ]
    return "\n".join(lines)


def write_report(path: Path, text: str, section: str = "scale") -> None:
    """Put ``text`` between the markers of ``section`` in ``path``, leaving the rest as it is."""
    begin, end = BEGIN.format(section=section), END.format(section=section)
    block = f"{begin}\n{text}\n{end}"
    old = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    if begin in old and end in old:
        head, rest = old.split(begin, 1)
        path.write_text(head + block + rest.split(end, 1)[1], "utf-8")
    else:
        path.write_text(old.rstrip() + "\n\n" + block + "\n", "utf-8")


def main(argv: list[str] | None = None) -> dict:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="collection sizes, comma-separated (default 4,200,1000)")
    parser.add_argument("--workers", type=int, help="processes rendering the collection")
    parser.add_argument("--pool", help="folder of the collection: written there when empty, "
                        "read as it is when complete (default: inside the work folder)")
    parser.add_argument("--report", default=str(ROOT / "BENCHMARKS.md"),
                        help="Markdown file to write the results into ('' for none)")
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument("--workdir", default=None, help="where the collection and warehouses go")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    res = run(args)
    text = report(res)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2, default=str), "utf-8")
    if args.report:
        write_report(Path(args.report), text)
    return res


if __name__ == "__main__":
    main()
