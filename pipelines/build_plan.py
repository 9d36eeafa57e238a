"""What a refresh rebuilds: nothing, the documents that changed, or everything.

The published warehouse records what it was built from (its table ``build_record.inputs``,
beside the marts: bookkeeping of the build, not data, so two builds of the same documents
still hold the same marts even when they were extracted at other times): a digest
of the dbt project and the vocabulary (the code and reference data of every model) and, for
every document, a fingerprint of its staging state (content hash, extractor version, outcome,
when it was extracted, the file names it was seen under). A refresh compares that record with
the staging store:

* nothing differs: no dbt build at all, the published warehouse is what a build would make;
* the project differs, there is no record (a first build), a full build is asked for, or
  most documents differ: a **full** build, every model from an empty file;
* otherwise an **incremental** build: the published file is copied aside, every per-document
  model deletes and re-inserts the rows of the documents that differ (dbt incremental models,
  ``dbt_project/macros/incremental.sql``), the few models across documents are rebuilt whole
  and every data test runs again, before the copy is published like a full build.

Nothing here imports dbt; reading the two records takes milliseconds, so a refresh that has
nothing to do costs its start-up and a stat of every raw file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

FULL = "full"
INCREMENTAL = "incremental"
NOTHING = "nothing"
# Bump when the way a warehouse is built changes outside the dbt project (a build step, what a
# fingerprint covers): every warehouse recorded before is then rebuilt in full.
BUILD_FORMAT = "1"
RECORD_SCHEMA = "build_record"
RECORD_TABLE = f"{RECORD_SCHEMA}.inputs"
# Above this share of changed documents, deleting and re-inserting rows costs more than a
# full build from an empty file.
MOST = 0.5
_PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "tests")
_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BuildInputs:
    """What a warehouse is built from: the project's digest and each document's fingerprint."""

    project: str
    documents: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildPlan:
    """What the next build does and why.

    Attributes:
        mode: ``nothing``, ``incremental`` or ``full``.
        changed: The documents whose rows an incremental build replaces (new, changed,
            removed or quarantined since the published build), sorted.
        reason: Why, in words, for the refresh's output.
        inputs: What the build is made from (recorded in the warehouse it builds).
    """

    mode: str
    changed: list[str]
    reason: str
    inputs: BuildInputs


def project_digest(project_dir: Path = _ROOT / "dbt_project") -> str:
    """A digest of everything dbt builds from besides the staging rows.

    Models, macros, tests, project and profile settings, and the vocabulary (the seeds).
    """
    from pipelines import vocabulary

    paths = [
        p
        for part in _PROJECT_PARTS
        for p in sorted((project_dir / part).rglob("*") if (project_dir / part).is_dir()
                        else [project_dir / part])
        if p.is_file()
    ]
    paths += sorted(p for p in vocabulary.VOCABULARY_DIR.iterdir() if p.is_file())
    digest = hashlib.sha256(BUILD_FORMAT.encode())
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def staged_inputs(staging_dir: Path, project: str | None = None) -> BuildInputs:
    """What a build of the staging store now would be made from."""
    from pipelines.staging.store import StagingStore

    with StagingStore(staging_dir, read_only=True) as store:
        files, extractions = store.files(), store.extractions()
    names: dict[str, list[str]] = {}
    for record in files.values():
        names.setdefault(record.document_id, []).append(
            record.file_name + ("" if record.is_primary else " (alias)")
        )
    documents = {
        doc: "|".join(
            str(row[key])
            for key in ("sha256", "extractor_version", "status", "error_kind", "extracted_at")
        )
        + "|"
        + ",".join(sorted(names.get(doc, [])))
        for doc, row in extractions.items()
    }
    return BuildInputs(project or project_digest(), documents)


def recorded_inputs(warehouse: Path) -> BuildInputs | None:
    """What the published warehouse was built from; ``None`` when it does not say."""
    if not Path(warehouse).is_file():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            rows = con.execute(f"select kind, key, fingerprint from {RECORD_TABLE}").fetchall()
    except duckdb.Error:  # no record (built before records were kept) or unreadable
        return None
    project = next((fp for kind, _, fp in rows if kind == "project"), None)
    if project is None:
        return None
    return BuildInputs(project, {key: fp for kind, key, fp in rows if kind == "document"})


def plan_build(staging_dir: Path, warehouse: Path, *, full: bool = False) -> BuildPlan:
    """What the next build of ``warehouse`` from ``staging_dir`` has to do."""
    inputs = staged_inputs(staging_dir)
    previous = recorded_inputs(warehouse)
    if full:
        return BuildPlan(FULL, [], "a full build was asked for", inputs)
    if previous is None:
        return BuildPlan(FULL, [], "no record of what the published warehouse holds", inputs)
    if previous.project != inputs.project:
        return BuildPlan(FULL, [], "the dbt project or the vocabulary changed", inputs)
    now, before = inputs.documents, previous.documents
    changed = sorted(doc for doc in now.keys() | before.keys() if now.get(doc) != before.get(doc))
    if not changed:
        return BuildPlan(NOTHING, [], "no document changed", inputs)
    if len(changed) > MOST * max(len(now), 1):
        return BuildPlan(FULL, changed, f"{len(changed)} of {len(now)} documents changed",
                         inputs)
    noun = "document" if len(changed) == 1 else "documents"
    return BuildPlan(INCREMENTAL, changed, f"{len(changed)} {noun} changed", inputs)


def record_inputs(build_path: Path, inputs: BuildInputs) -> None:
    """Write into the built file what it was built from (read by the next refresh)."""
    documents = sorted(inputs.documents.items())
    kinds = ["project"] + ["document"] * len(documents)
    keys = [""] + [doc for doc, _ in documents]
    fingerprints = [inputs.project] + [fp for _, fp in documents]
    with duckdb.connect(str(build_path)) as con:
        con.execute(f"create schema if not exists {RECORD_SCHEMA}")
        con.execute(
            f"create or replace table {RECORD_TABLE} as select "
            "unnest(?::varchar[]) as kind, unnest(?::varchar[]) as key, "
            "unnest(?::varchar[]) as fingerprint",
            [kinds, keys, fingerprints],
        )

