"""The typed statement: what one clause of the 情况说明 says, in a form every check can use.

A statement is one figure the text states about one subject — an amount, a change on last
year without its amount, a rate, a count, a total with the complete list of its parts, an
item of an enumerated project list — with its page and sentence. Later steps never read the
text again: the reconciliation compares statements with the tables, the 三公 and profile
facts take the figures the tables do not print, and the project matching pairs project items
with 项目支出表 rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

AMOUNT = "amount"
CHANGE = "change"
RATE = "rate"
COUNT = "count"
LISTED_PARTS = "listed_parts"
PROJECT_ITEM = "project_item"
KINDS = (AMOUNT, CHANGE, RATE, COUNT, LISTED_PARTS, PROJECT_ITEM)

OTHER = "other"
FUNCTION = "function"
THREE_PUBLIC_TOTAL = "three_public_total"

INCREASE, DECREASE, FLAT = "increase", "decrease", "flat"
OF_WHICH, BREAKDOWN = "of_which", "breakdown"


def decimal(printed: str | None) -> Decimal | None:
    """A printed figure (``1,234.56``) as an exact decimal."""
    return None if printed is None else Decimal(printed.replace(",", ""))


def decimals(printed: str | None) -> int | None:
    """How many decimals a figure prints (``5.8`` → 1, ``3,724`` → 0)."""
    if printed is None:
        return None
    return len(printed.partition(".")[2])


@dataclass
class Statement:
    """One thing the narrative states (see the module doc; fields unset are ``None``).

    Attributes:
        kind: amount, change, rate, count, listed_parts or project_item.
        subject: The typed subject (total_income, reception, headcount_total, function …);
            ``other`` when the words before the figure name no known subject.
        subject_text: The words that name the subject, as printed (whitespace removed).
        position: Offset of the figure in the document's compact text (reading order).
        page: Page the figure is printed on.
        sentence: The sentence it was read from, whitespace removed.
        section: The section of the 情况说明 it is printed in (three_public …), if known.
        three_public_item: For a 三公 subject, the key of three_public_items.csv
            (total, outbound_travel …).
        value_printed: The figure as printed (amount, count, or a listed total).
        unit: Unit of the figure (万元, 人, 辆, 个).
        amount_kind: ``budgeted`` or ``actual`` when the words before the amount say whose
            figure it is (年初预算为 / 支出决算为: a 决算 states both); ``None`` when they do
            not, and the amount is of its document's kind.
        change_printed: A change on last year stated with it, unsigned as printed.
        change_direction: increase, decrease or flat.
        rate_printed: A growth rate stated with the change, without %, unsigned.
        rate_direction: increase or decrease, as the rate's own word says.
        part_kind: of_which when listed after 其中, breakdown after 主要包括 / 包含.
        parent_position: ``position`` of the statement it is a part of.
        parts_sum: For listed_parts, the sum of the listed parts (deductions excluded).
        parts_count: For listed_parts, how many parts were summed.
        list_index: For project items, which enumerated list (0-based, reading order).
        item_number: For project items, the item's number as printed.
    """

    kind: str
    subject: str
    subject_text: str
    position: int
    page: int
    sentence: str
    section: str | None = None
    three_public_item: str | None = None
    value_printed: str | None = None
    unit: str | None = None
    amount_kind: str | None = None
    change_printed: str | None = None
    change_direction: str | None = None
    rate_printed: str | None = None
    rate_direction: str | None = None
    part_kind: str | None = None
    parent_position: int | None = None
    parts_sum: Decimal | None = None
    parts_count: int | None = None
    list_index: int | None = None
    item_number: int | None = None

    @property
    def value(self) -> Decimal | None:
        """The stated figure, exact, in ``unit``."""
        return decimal(self.value_printed)

    @property
    def change(self) -> Decimal | None:
        """The stated change, signed (negative for a decrease, zero when flat)."""
        value = Decimal(0) if self.change_direction == FLAT else decimal(self.change_printed)
        if value is None:
            return None
        return -value if self.change_direction == DECREASE else value

    @property
    def rate(self) -> Decimal | None:
        """The stated rate in percent, unsigned as printed."""
        return decimal(self.rate_printed)

    @property
    def has_change(self) -> bool:
        """Whether a change (or 持平) was stated with it."""
        return self.change_direction is not None
