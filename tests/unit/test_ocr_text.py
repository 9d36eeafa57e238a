"""OCR text rules: number normalisation that never invents, and CTC confidences that see drops."""

from __future__ import annotations

import numpy as np
import pytest

from pipelines.extract.ocr import engine, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１２３．４５", "123.45"),
        ("1，234.56", "1,234.56"),
        ("1，234，567。89", "1,234,567.89"),
        ("12。5", "12.5"),
        ("－3.20", "-3.20"),
        ("单位：万元", "单位：万元"),  # a label's full-width colon stays
        ("项目（按功能分类)", "项目(按功能分类)"),  # one bracket width, whichever was read
        ("1，23", "1，23"),  # not a digit group: left for review, not guessed
        ("二〇二四年", "二〇二四年"),
    ],
)
def test_normalise_unifies_only_the_printing_variants(raw, expected):
    assert normalise.normalise_text(raw) == expected


@pytest.mark.parametrize(
    "text", ["5:00", "1,23.45", "4.3.5", "12;30", "1.0.0", "310.", ".58", "O", "Q", "ó", "1O.5"]
)
def test_malformed_numbers_are_flagged_not_fixed(text):
    assert normalise.is_malformed_number(text)
    assert normalise.cell_confidence(text, 0.99) == normalise.MALFORMED_CONFIDENCE


@pytest.mark.parametrize(
    "text", ["682.48", "6,241.59", "30108", "-3.20", "0", "合计", "2024年", ""]
)
def test_well_formed_amounts_and_labels_keep_their_confidence(text):
    assert not normalise.is_malformed_number(text)
    assert normalise.cell_confidence(text, 0.97) == 0.97


CHARS = ["", "1", "2", ".", "5", " "]


def _frames(*rows):
    """Frame probabilities from (class index, probability) pairs; the rest shared evenly."""
    out = np.zeros((len(rows), len(CHARS)), dtype=np.float32)
    for t, pairs in enumerate(rows):
        for cls, p in pairs:
            out[t, cls] = p
        rest = 1.0 - out[t].sum()
        free = out[t] == 0
        out[t, free] = rest / free.sum()
    return out


def test_decode_keeps_each_characters_best_probability():
    probs = _frames(
        [(1, 0.90)], [(1, 0.99)], [(0, 0.98)], [(3, 0.95)], [(0, 0.99)], [(4, 0.97)], [(0, 0.99)]
    )
    reading = engine.decode(probs, CHARS)
    assert reading.text == "1.5"
    assert reading.char_confidences == pytest.approx((0.99, 0.95, 0.97), abs=1e-6)
    assert reading.confidence == pytest.approx(0.95, abs=1e-6)


def test_decode_lowers_confidence_for_a_digit_that_was_nearly_read():
    # frame 2: blank won, but "2" had 0.4: "1.5" might have been "12.5"
    probs = _frames(
        [(1, 0.99)], [(0, 0.55), (2, 0.40)], [(3, 0.99)], [(0, 0.99)], [(4, 0.99)], [(0, 0.99)]
    )
    reading = engine.decode(probs, CHARS)
    assert reading.text == "1.5"
    assert reading.confidence == pytest.approx(0.60, abs=0.01)


def test_decode_ignores_the_blur_between_a_character_and_the_blank():
    # the frame after "1" gives "1" some weight: that is the same character, not a new one
    probs = _frames([(1, 0.99)], [(0, 0.6), (1, 0.39)], [(4, 0.99)], [(0, 0.99)])
    reading = engine.decode(probs, CHARS)
    assert reading.text == "15"
    assert reading.confidence > 0.95


def test_decode_of_nothing_has_no_confidence():
    reading = engine.decode(_frames([(0, 0.99)], [(0, 0.99)]), CHARS)
    assert reading.text == "" and reading.confidence == 0.0


def test_decode_doubts_a_run_that_a_blank_nearly_split_in_two():
    # 1 1 1 with the blank at 0.3 in the middle frame: "15" might have been "115"
    probs = _frames([(1, 0.99)], [(1, 0.65), (0, 0.30)], [(1, 0.99)], [(0, 0.99)], [(4, 0.99)])
    reading = engine.decode(probs, CHARS)
    assert reading.text == "15"
    assert reading.confidence == pytest.approx(0.70, abs=0.01)
