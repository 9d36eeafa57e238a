"""The variation factors of a rendered layout, every value in one place.

Each factor is something real disclosures differ in (see ``../shared/real``): Shanghai
prints 元 integers with separators, codes split over 类/款/项 columns and continues tables
without their title; Jiangsu prints A3 landscape, codes in one column, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

FACTORS: dict[str, tuple[str, ...]] = {
    # grid: every cell ruled; three_line: 三线表 (top, below header, bottom, short rules under
    # grouped header cells); row_rules: a horizontal rule under every row, no verticals;
    # none: no rules at all.
    "ruling": ("grid", "three_line", "row_rules", "none"),
    # none; serial: a leading 序号 column numbering body rows; column_index: a 栏次 row under
    # the header numbering the columns. Neither number is an amount.
    "row_numbers": ("none", "serial", "column_index"),
    # How subject-table classification codes are printed: as_printed (as the source does);
    # joined to the name (2080109社会保险经办机构); column (a separate 科目编码 column); split
    # over 类|款|项 columns (208 | 01 | 09); absent (names only).
    "codes": ("as_printed", "joined", "column", "split", "absent"),
    # wan: 万元 as printed; yuan_int: 元 integers with thousands separators (whole amounts);
    # yuan_dec: 元 with two decimals and thousands separators.
    "unit": ("wan", "yuan_int", "yuan_dec"),
    "orientation": ("portrait", "landscape", "a3_landscape"),
    # title_header: a continued table repeats its title and header on the next page;
    # header: the header only; none: rows just continue.
    "continuation": ("title_header", "header", "none"),
    # song: STSong-Light, sized with Tf, ASCII half width; hei_scaled: SimHei sized 20 times
    # larger with a 0.05 text matrix, proportional digits (556) and separators (278).
    "font": ("song", "hei_scaled"),
    # none: the unit alone above each table; issuer: 编制部门：<department> left of the unit.
    "issuer": ("none", "issuer"),
}

_SHORT = {
    "ruling": {"grid": "grid", "three_line": "3line", "row_rules": "hrules", "none": "norules"},
    "row_numbers": {"none": "nonum", "serial": "serial", "column_index": "colidx"},
    "codes": {
        "as_printed": "codes-asis",
        "joined": "codes-joined",
        "column": "codes-col",
        "split": "codes-split",
        "absent": "codes-none",
    },
    "unit": {"wan": "wan", "yuan_int": "yuan-int", "yuan_dec": "yuan-dec"},
    "orientation": {"portrait": "a4p", "landscape": "a4l", "a3_landscape": "a3l"},
    "continuation": {"title_header": "cont-title", "header": "cont-header", "none": "cont-none"},
    "font": {"song": "song", "hei_scaled": "hei"},
    "issuer": {"none": "noissuer", "issuer": "issuer"},
}


@dataclass(frozen=True)
class Layout:
    """One combination of factor values; a rendered document is one layout of one source."""

    ruling: str = "grid"
    row_numbers: str = "none"
    codes: str = "as_printed"
    unit: str = "wan"
    orientation: str = "portrait"
    continuation: str = "title_header"
    font: str = "song"
    issuer: str = "none"

    def __post_init__(self) -> None:
        for name, value in self.items():
            if value not in FACTORS[name]:
                raise ValueError(f"{name}={value!r} is not one of {FACTORS[name]}")

    def items(self) -> list[tuple[str, str]]:
        """(factor, value) pairs in the order of ``FACTORS``."""
        return [(f.name, getattr(self, f.name)) for f in fields(self)]

    @property
    def slug(self) -> str:
        """A file-name-safe name that spells every value, e.g. ``grid_serial_codes-col_…``."""
        return "_".join(_SHORT[name][value] for name, value in self.items())

    def describe(self) -> str:
        """``ruling=grid row_numbers=serial …`` for test ids and messages."""
        return " ".join(f"{name}={value}" for name, value in self.items())


def layout_from_slug(slug: str) -> Layout:
    """The layout a slug names (inverse of ``Layout.slug``)."""
    parts = slug.split("_")
    names = list(FACTORS)
    if len(parts) != len(names):
        raise ValueError(f"not a layout slug: {slug!r}")
    values = {}
    for name, part in zip(names, parts, strict=True):
        reverse = {short: value for value, short in _SHORT[name].items()}
        if part not in reverse:
            raise ValueError(f"{part!r} is not a value of {name} in {slug!r}")
        values[name] = reverse[part]
    return Layout(**values)


assert [f.name for f in fields(Layout)] == list(FACTORS), "Layout fields follow FACTORS"
assert all(set(_SHORT[n]) == set(v) for n, v in FACTORS.items()), "every value has a short name"
