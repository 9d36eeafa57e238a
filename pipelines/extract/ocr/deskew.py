"""Straighten a scanned page: estimate how far the sheet was turned, and turn it back.

The estimate maximises the sharpness of the ink's row profile: when the page is straight,
ruling lines and text lines put all their ink into few pixel rows, and the sum of squared
row counts peaks. Shearing the ink's coordinates (``y + x·tan a``) instead of rotating the
image makes each trial angle one ``bincount``, so the search is cheap enough to be done
coarse-to-fine to a few hundredths of a degree, which is what a table 1,500 pixels wide
needs to keep its rules within a pixel.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

_MAX_SAMPLES = 400_000


def _sharpness(xs: np.ndarray, ys: np.ndarray, angle: float, height: int) -> float:
    shifted = ys + xs * math.tan(math.radians(angle))
    rows = np.bincount(np.clip(shifted.round().astype(np.int64) + height, 0, 3 * height))
    return float(np.dot(rows, rows))


def estimate_skew(ink: np.ndarray, max_angle: float = 5.0) -> float:
    """The angle (degrees) the content was turned counter-clockwise on the image.

    Args:
        ink: Boolean ink mask (True where printed).
        max_angle: Largest tilt looked for, either way.

    Returns:
        0.0 for an image without ink.
    """
    ys, xs = np.nonzero(ink)
    if len(xs) < 50:
        return 0.0
    if len(xs) > _MAX_SAMPLES:
        keep = np.random.default_rng(0).choice(len(xs), _MAX_SAMPLES, replace=False)
        xs, ys = xs[keep], ys[keep]
    xs = xs.astype(np.float64) - ink.shape[1] / 2
    ys = ys.astype(np.float64)
    height = ink.shape[0]
    best, span = 0.0, max_angle
    for step in (0.25, 0.05, 0.01):
        angles = np.arange(best - span, best + span + step / 2, step)
        scores = [_sharpness(xs, ys, a, height) for a in angles]
        best = float(angles[int(np.argmax(scores))])
        span = 2 * step
    return round(best, 3)


def rotation_matrix(shape: tuple[int, ...], angle: float) -> np.ndarray:
    """The 2x3 affine matrix that turns content tilted by ``angle`` back to level.

    It turns about the image centre and keeps the image size, so a straightened page keeps
    the page's size and its content stays where it was printed.
    """
    height, width = shape[:2]
    return cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)


def straighten(image: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """The image turned back by ``angle`` degrees (no-op for a level page)."""
    if abs(angle) < 0.005:
        return image
    height, width = image.shape[:2]
    return cv2.warpAffine(
        image,
        rotation_matrix(image.shape, angle),
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=fill,
    )


def to_scan(points: np.ndarray, shape: tuple[int, ...], angle: float) -> np.ndarray:
    """Map ``(x, y)`` points of the straightened image back onto the scan as delivered."""
    inverse = cv2.invertAffineTransform(rotation_matrix(shape, angle))
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return pts @ inverse[:, :2].T + inverse[:, 2]
