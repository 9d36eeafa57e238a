"""Layout-variation harness: the corpus documents re-rendered as PDFs in many layouts.

Real 部门预算公开 PDFs differ in ruling, numbering columns, how classification codes are
printed, unit, page orientation, how long tables continue and fonts. The pipeline must read
every such layout exactly, so this package renders the same table cells (``*.tables.json``)
in a pairwise-covering set of layouts; the golden facts of each rendition are those of its
source document.

Modules: :mod:`factors` (the variation factors and ``Layout``), :mod:`pairwise` (the covering
array), :mod:`tables` (cell grids with merged cells), :mod:`transform` (codes, units and
numbering applied to a table), :mod:`fonts` and :mod:`pdf` (a small CJK PDF writer),
:mod:`paginate` (measured cell layout and page breaks), :mod:`draw` (rules and cell text of
a page), :mod:`render` (documents and the CLI), :mod:`readback` (every placed cell read back
from the PDF: renderer bugs apart from pipeline misreadings) and :mod:`corpus` (the bundled
documents and their variants).

    python -m tests.layouts.render --out /tmp/variants            # the harness's variants
    python -m tests.layouts.render --out /tmp/v --doc haidong-shebao-2024 --layout one-factor
"""
