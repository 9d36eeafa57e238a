"""Text line recognition with the PP-OCR model that the ``rapidocr`` wheel ships.

Only the recognition network is used: the page reader finds the text lines itself (cells
from the ruling lines, lines from ink projections), which is several times faster than the
detection network on a whole page and never lets a detected line run across a cell border.
The model is run through onnxruntime directly, so that every decoded character keeps its
own probability and so that a character the decoder *dropped* (a frame where "no
character" narrowly beat a digit) still lowers the line's confidence: a dropped digit is
the most dangerous misreading of an amount, and a mean score hides it.

The model file is found inside the installed ``rapidocr`` package; nothing is downloaded,
ever (rapidocr's own loader would fetch a model that is missing, so it is not used).
One session is made per process, lazily, and made again in a forked child, whose copy of
the parent's onnxruntime thread pool would not work.
"""

from __future__ import annotations

import importlib.util
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

MODEL_FILE = "PP-OCRv6_rec_small.onnx"
_HEIGHT = 48
_MIN_WIDTH = 16
# Crops of similar width are run together, up to this many padded pixels a batch: bigger
# batches pad more and grow onnxruntime's memory arena, smaller ones pay more per run.
_BATCH_PIXELS = 48 * 320 * 8
# A frame whose best reading is "no character" but that gives a character other than its
# neighbours at least this probability is a character the decoder may have dropped.
_DROP_FLOOR = 0.05


@dataclass(frozen=True)
class Reading:
    """What the recogniser read on one line image.

    Attributes:
        text: The decoded characters.
        char_confidences: Probability of each decoded character (best frame of its run).
        confidence: The lowest of the character probabilities and of one minus the
            probability of any character that was dropped; 0 for an empty reading.
    """

    text: str
    char_confidences: tuple[float, ...]
    confidence: float


def model_path() -> Path:
    """The recognition model inside the installed ``rapidocr`` package (never downloaded)."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or spec.origin is None:
        raise RuntimeError("the rapidocr package is not installed")
    path = Path(spec.origin).parent / "models" / MODEL_FILE
    if not path.is_file():
        raise RuntimeError(f"{MODEL_FILE} is missing from the rapidocr package at {path}")
    return path


class Recogniser:
    """One onnxruntime session of the recognition model and its character table."""

    def __init__(self, threads: int = 1):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads > 0:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(model_path()), sess_options=options, providers=["CPUExecutionProvider"]
        )
        characters = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        # index 0 is the CTC blank, the last index a space (PaddleOCR's convention)
        self.characters = ["", *characters, " "]
        self.input_name = self.session.get_inputs()[0].name

    def read(self, images: list[np.ndarray]) -> list[Reading]:
        """Read grey line images (dark text on light ground), in batches of similar width."""
        if not images:
            return []
        prepared = [_to_height(img) for img in images]
        order = sorted(range(len(prepared)), key=lambda i: prepared[i].shape[1])
        out: list[Reading | None] = [None] * len(images)
        start = 0
        while start < len(order):
            width = prepared[order[start]].shape[1]
            end = start + 1
            while end < len(order):
                wider = prepared[order[end]].shape[1]
                if wider * _HEIGHT * (end - start + 1) > _BATCH_PIXELS or wider > 2 * width:
                    break
                end += 1
            batch_ids = order[start:end]
            batch_width = max(prepared[i].shape[1] for i in batch_ids)
            batch = np.zeros((len(batch_ids), 3, _HEIGHT, batch_width), dtype=np.float32)
            for k, i in enumerate(batch_ids):
                img = prepared[i]
                batch[k, :, :, : img.shape[1]] = img[np.newaxis]
            probs = self.session.run(None, {self.input_name: batch})[0]
            for k, i in enumerate(batch_ids):
                # every frame, padding included, as PaddleOCR decodes: cutting at the
                # crop's own width dropped a last digit that the model placed a frame late
                out[i] = decode(probs[k], self.characters)
            start = end
        return [r for r in out if r is not None]


def _to_height(img: np.ndarray) -> np.ndarray:
    """A grey line image scaled to the model's height, values in [-1, 1] as it was trained."""
    h, w = img.shape[:2]
    width = max(_MIN_WIDTH, math.ceil(_HEIGHT * w / max(h, 1)))
    resized = cv2.resize(img, (width, _HEIGHT), interpolation=cv2.INTER_CUBIC)
    return resized.astype(np.float32) / 127.5 - 1.0


def decode(probs: np.ndarray, characters: list[str]) -> Reading:
    """Greedy CTC decoding of one line's frame probabilities, keeping each character's.

    Args:
        probs: ``(frames, classes)`` softmax output; class 0 is the blank.
        characters: Class index to character.
    """
    best = probs.argmax(axis=1)
    best_p = probs.max(axis=1)
    text: list[str] = []
    confs: list[float] = []
    worst_drop = 0.0
    previous = 0
    for t, cls in enumerate(best):
        cls = int(cls)
        if cls != 0 and cls != previous:
            text.append(characters[cls])
            confs.append(float(best_p[t]))
        elif cls != 0:
            confs[-1] = max(confs[-1], float(best_p[t]))
            if t + 1 < len(best) and int(best[t + 1]) == cls:
                # inside a run of one character: had the blank won here, it would be
                # printed twice (11 read as 1)
                worst_drop = max(worst_drop, float(probs[t, 0]))
        else:
            # a blank frame: would a character other than its neighbours' have been read?
            frame = probs[t].copy()
            frame[0] = 0.0
            if previous:
                frame[previous] = 0.0
            if t + 1 < len(best):
                frame[int(best[t + 1])] = 0.0
            worst_drop = max(worst_drop, float(frame.max()))
        previous = cls
    decoded = "".join(text)
    if not decoded:
        return Reading("", (), 0.0)
    dropped = worst_drop if worst_drop >= _DROP_FLOOR else 0.0
    return Reading(decoded, tuple(confs), min(min(confs), 1.0 - dropped))


_lock = threading.Lock()
_recogniser: Recogniser | None = None
_recogniser_pid: int | None = None
# One thread: the refresh already reads one document per core, and two threads per process
# made a page twice as slow when the other core was busy (see the README).
_threads = 1


def set_threads(threads: int) -> None:
    """Threads of the recogniser made from now on (0: onnxruntime's default, all cores).

    Worth raising only when a single process reads scanned pages on otherwise idle cores.
    """
    global _threads, _recogniser
    with _lock:
        if threads != _threads:
            _threads = threads
            _recogniser = None


def recogniser() -> Recogniser:
    """The process's recogniser, made on first use (and again after a fork)."""
    global _recogniser, _recogniser_pid
    with _lock:
        if _recogniser is None or _recogniser_pid != os.getpid():
            _recogniser = Recogniser(_threads)
            _recogniser_pid = os.getpid()
            if _threads > 0:
                # OpenCV's morphology would otherwise use every core in every worker
                cv2.setNumThreads(_threads)
        return _recogniser


def _forget_after_fork() -> None:
    global _recogniser, _recogniser_pid, _lock
    _recogniser = None
    _recogniser_pid = None
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)
