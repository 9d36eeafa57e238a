"""A pairwise covering array: every two values of every two factors occur in some row.

Rendering every combination of the factors would be thousands of documents; faults in a
reader are mostly triggered by one value or by the interaction of two, so covering every pair
finds most of them with a few dozen. The algorithm is the classic deterministic greedy one
(AETG without randomness): each new row starts from the first uncovered pair and then fills
the remaining factors one at a time with the value that covers the most uncovered pairs, ties
going to the value listed first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

Row = dict[str, str]


def all_pairs(factors: Mapping[str, Sequence[str]]) -> set[tuple[str, str, str, str]]:
    """Every (factor a, value a, factor b, value b) with a before b in ``factors``."""
    names = list(factors)
    return {
        (a, va, b, vb)
        for a, b in combinations(names, 2)
        for va in factors[a]
        for vb in factors[b]
    }


def pairs_of(row: Mapping[str, str], names: Sequence[str]) -> set[tuple[str, str, str, str]]:
    """The pairs one complete row covers."""
    return {(a, row[a], b, row[b]) for a, b in combinations(names, 2)}


def uncovered_pairs(
    factors: Mapping[str, Sequence[str]], rows: Sequence[Mapping[str, str]]
) -> set[tuple[str, str, str, str]]:
    """Pairs no row covers (empty for a covering array)."""
    names = list(factors)
    covered: set = set()
    for row in rows:
        covered |= pairs_of(row, names)
    return all_pairs(factors) - covered


def covering_array(factors: Mapping[str, Sequence[str]]) -> list[Row]:
    """A small pairwise covering array over ``factors`` (deterministic)."""
    names = list(factors)
    order = {name: i for i, name in enumerate(names)}
    uncovered = all_pairs(factors)
    rows: list[Row] = []

    def gain(row: Row, name: str, value: str) -> int:
        count = 0
        for other, other_value in row.items():
            a, b = sorted((name, other), key=order.__getitem__)
            va, vb = (value, other_value) if a == name else (other_value, value)
            count += (a, va, b, vb) in uncovered
        return count

    while uncovered:
        a, va, b, vb = min(
            uncovered, key=lambda p: (order[p[0]], factors[p[0]].index(p[1]), order[p[2]],
                                      factors[p[2]].index(p[3]))
        )
        row: Row = {a: va, b: vb}
        for name in names:
            if name in row:
                continue
            row[name] = max(factors[name], key=lambda v: (gain(row, name, v),
                                                          -factors[name].index(v)))
        rows.append({name: row[name] for name in names})
        uncovered -= pairs_of(row, names)
    return rows
