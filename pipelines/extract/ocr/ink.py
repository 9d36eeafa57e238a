"""Ink masks of a grey scan: what is printed, without the scanner's dust.

A scan's speckles (dust, toner, JPEG ringing around them) are blobs of a few pixels. Left
in, they stretch a text line's box into the blank around it and the recogniser reads them
as ``.`` or ``-`` — next to an amount, the worst possible characters. A decimal point is
barely bigger than a speck, though, so size alone cannot tell them apart: a small blob is
kept only when it sits close to real strokes, as a point or comma always does.
"""

from __future__ import annotations

import cv2
import numpy as np

# Blobs smaller than this many square points are specks unless they touch text.
_SPECK_AREA_PT2 = 0.55
# How close (points) a small blob must be to a stroke to be a point, not a speck.
_SPECK_REACH_PT = 2.5


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Dark pixels (Otsu's threshold between paper and ink) as a uint8 0/255 mask."""
    _, mask = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def split_specks(mask: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Split an ink mask into strokes and the specks far from any stroke.

    Args:
        mask: 0/255 ink mask.
        scale: Pixels per point.

    Returns:
        ``(strokes, specks)``: boolean masks. ``strokes`` holds every blob big enough to
        be print; small blobs near strokes (points, commas) are in neither, so they cannot
        widen a line's box but stay in the image the recogniser reads. ``specks`` holds the
        isolated small blobs, which are painted white before recognition.
    """
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    area = stats[:, cv2.CC_STAT_AREA]
    small = area < max(2.0, _SPECK_AREA_PT2 * scale * scale)
    small[0] = False
    big = ~small
    big[0] = False
    strokes = big[labels]
    reach = max(1, round(_SPECK_REACH_PT * scale))
    near = cv2.dilate(strokes.astype(np.uint8), np.ones((2 * reach + 1, 2 * reach + 1), np.uint8))
    near_small = np.zeros(n, dtype=bool)
    touched = np.unique(labels[(near > 0) & small[labels]])
    near_small[touched] = True
    specks = (small & ~near_small)[labels]
    return strokes, specks


def without_specks(grey: np.ndarray, specks: np.ndarray) -> np.ndarray:
    """The grey image with the isolated specks painted paper-white."""
    clean = grey.copy()
    clean[specks] = 255
    return clean
