"""The one reader of the 情况说明: pages in, typed statements out.

The text is joined and split into sentences once (:mod:`text`); amounts with their changes
and rates are read sentence by sentence (:mod:`sentences`), counts and listed totals over the
whole text (:mod:`counts`), enumerated project lists last (:mod:`projects`), so a list item
the sentence reader already recognised (a 三公 item, a 功能分类 subject) is not taken for a
project.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.clean.narrative.counts import count_statements, listed_parts_statements
from pipelines.clean.narrative.model import Statement
from pipelines.clean.narrative.projects import project_item_statements
from pipelines.clean.narrative.sentences import amount_statements, is_typed
from pipelines.clean.narrative.text import join_pages
from pipelines.extract.model import PageText

_KIND_ORDER = ("amount", "change", "rate", "count", "listed_parts", "project_item")


def read_statements(pages: Sequence[PageText]) -> list[Statement]:
    """Every statement of a document's running text, in reading order."""
    text = join_pages([(page.page, page.text) for page in pages])
    amounts = amount_statements(text)
    typed = {s.position for s in amounts if is_typed(s)}
    statements = [
        *amounts,
        *count_statements(text),
        *listed_parts_statements(text),
        *project_item_statements(text, typed),
    ]
    return sorted(statements, key=lambda s: (s.position, _KIND_ORDER.index(s.kind)))
