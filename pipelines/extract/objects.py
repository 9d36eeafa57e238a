"""pdfplumber page objects, built with less overhead.

After pdfminer has parsed a page, pdfplumber turns every layout object (each character,
line, rectangle) into a dict, deep-resolving *every* attribute through ``resolve_all`` in
case it is an indirect PDF reference. Nearly all attributes are plain numbers, strings or
tuples of numbers, which need no resolving; skipping that call for them halves the cost of
this step (about a fifth of our extraction time on table-heavy pages).

:func:`process_object` is ``pdfplumber.page.Page.process_object`` (pdfplumber 0.11) with
that one shortcut; it returns equal dicts, which ``tests/unit/test_extract_speed.py``
checks against pdfplumber's own method on real pages, so a pdfplumber upgrade that changes
the method fails there rather than silently. It is installed per page object
(:func:`use_fast_objects`), never patched into the pdfplumber class.
"""

from __future__ import annotations

import re
import types
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTCurve, LTTextContainer
from pdfplumber.page import ALL_ATTRS, fix_fontname_bytes, lt_pat
from pdfplumber.utils import resolve_all, resolve_and_decode

_PLAIN = frozenset((int, float, str, bool, type(None)))
_KINDS: dict[type, str] = {}


def _resolved(value):
    """``resolve_all(value)``, without the call when nothing in it can be a reference."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple and all(type(v) in _PLAIN for v in value):
        return value
    return resolve_all(value)


def process_object(self, obj) -> dict:
    """One layout object as pdfplumber's dict (see the module docstring)."""
    cls = obj.__class__
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = re.sub(lt_pat, "", cls.__name__).lower()
    attr = {k: _resolved(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
    attr["object_type"] = kind
    attr["page_number"] = self.page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            attr[cs] = resolve_and_decode(getattr(obj, cs).name)
    if isinstance(obj, (LTChar, LTTextContainer)):
        text = obj.get_text()
        attr["text"] = (
            normalize_unicode(self.pdf.unicode_norm, text)
            if self.pdf.unicode_norm is not None
            else text
        )
    if isinstance(obj, LTChar):
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    elif isinstance(obj, LTCurve):
        attr["pts"] = list(map(self.point2coord, attr["pts"]))
        attr["path"] = [(cmd, *map(self.point2coord, pts)) for cmd, *pts in obj.original_path]
        attr["dash"] = obj.dashing_style
    # pdfminer reports coordinates relative to the MediaBox (pdfplumber #1181).
    mb_x0, mb_top = self.mediabox[:2]
    if "y0" in attr:
        attr["top"] = (self.height - attr["y1"]) + mb_top
        attr["bottom"] = (self.height - attr["y0"]) + mb_top
        attr["doctop"] = self.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


def use_fast_objects(page) -> None:
    """Make this pdfplumber page build its objects with :func:`process_object`."""
    page.process_object = types.MethodType(process_object, page)
