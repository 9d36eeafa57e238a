"""Bad and awkward documents for the operations tests, built from a real sample on the fly.

Each builder writes one file and returns its path. The encrypted copy is written by hand
(PDF standard security handler, revision 4, AES-128) because no installed library saves
encrypted PDFs: pdfminer parses the sample's objects and they are serialised again with
every string and stream encrypted under the per-object key.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import struct
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "raw" / "changchun-shebaoju-2021.pdf"
# Another real disclosure (another year), for when a second loaded document must not be a
# duplicate of the first.
OTHER = ROOT / "data" / "raw" / "changchun-shebaoju-2024.pdf"


def copy_sample(folder: Path, name: str | None = None) -> Path:
    """A copy of the smallest real budget disclosure."""
    target = Path(folder) / (name or SAMPLE.name)
    shutil.copyfile(SAMPLE, target)
    return target


def empty_file(path: Path) -> Path:
    """A zero-byte file with a .pdf name."""
    Path(path).write_bytes(b"")
    return Path(path)


def not_a_pdf(path: Path) -> Path:
    """An HTML page saved under a .pdf name."""
    Path(path).write_text("<html><body>预算公开 404 Not Found</body></html>\n", "utf-8")
    return Path(path)


def corrupt_pdf(path: Path) -> Path:
    """A PDF header followed by garbage."""
    Path(path).write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + os.urandom(4096))
    return Path(path)


def truncated_pdf(path: Path, fraction: float = 0.3) -> Path:
    """The sample cut off after ``fraction`` of its bytes (an interrupted download)."""
    data = SAMPLE.read_bytes()
    Path(path).write_bytes(data[: int(len(data) * fraction)])
    return Path(path)


def _wide(text: str):
    raw = ctypes.create_string_buffer(text.encode("utf-16-le") + b"\0\0")
    return ctypes.cast(raw, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), raw


def text_pdf(path: Path, lines: list[str]) -> Path:
    """A valid one-page PDF with some lines of Latin text (standard Helvetica font)."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    for i, line in enumerate(lines):
        obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(12))
        wide, keep = _wide(line)
        assert pdfium_c.FPDFText_SetText(obj, wide)
        del keep
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 60, 780 - 18 * i)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    assert pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdf.save(str(path))
    pdf.close()
    return Path(path)


def blank_scan_pdf(path: Path, pages: int = 2) -> Path:
    """Scanned blank sheets: page-sized grey images of paper with nothing printed.

    No text layer, and nothing for OCR to read: the document must fail as ``no_text_layer``.
    """
    import numpy as np

    rng = np.random.default_rng(7)
    pdf = pdfium.PdfDocument.new()
    width, height = 595, 842
    for _ in range(pages):
        paper = np.clip(rng.normal(238, 3, (height * 2, width * 2)), 0, 255).astype(np.uint8)
        bitmap = pdfium.PdfBitmap.from_pil(_grey_image(paper))
        page = pdf.new_page(width, height)
        image = pdfium.PdfImage.new(pdf)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
    pdf.save(str(path))
    pdf.close()
    return Path(path)


def _grey_image(pixels):
    from PIL import Image

    return Image.fromarray(pixels, mode="L").convert("RGB")


def pages_without_rules_pdf(path: Path) -> Path:
    """The sample's pages that draw no lines (cover, notes): budget text but no tables."""
    src = pdfium.PdfDocument(str(SAMPLE))
    keep = []
    for index, page in enumerate(src):
        if not any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])):
            keep.append(index)
    assert keep, "the sample has no page without lines"
    pdf = pdfium.PdfDocument.new()
    pdf.import_pages(src, keep)
    pdf.save(str(path))
    pdf.close()
    src.close()
    return Path(path)


# --- encryption (PDF 1.7 §7.6.3, standard security handler revision 4, AESV2) -------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


def _owner_entry(owner: str, user: str) -> bytes:
    digest = hashlib.md5(_padded(owner)).digest()
    for _ in range(50):
        digest = hashlib.md5(digest).digest()
    value = _rc4(digest, _padded(user))
    for i in range(1, 20):
        value = _rc4(bytes(b ^ i for b in digest), value)
    return value


def _file_key(user: str, o_entry: bytes, permissions: int, file_id: bytes) -> bytes:
    digest = hashlib.md5(
        _padded(user) + o_entry + struct.pack("<i", permissions) + file_id
    ).digest()
    for _ in range(50):
        digest = hashlib.md5(digest).digest()
    return digest


def _user_entry(key: bytes, file_id: bytes) -> bytes:
    value = _rc4(key, hashlib.md5(_PAD + file_id).digest())
    for i in range(1, 20):
        value = _rc4(bytes(b ^ i for b in key), value)
    return value + bytes(16)


def _aes(key: bytes, objnum: int, gen: int, data: bytes) -> bytes:
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    object_key = hashlib.md5(
        key + struct.pack("<i", objnum)[:3] + struct.pack("<i", gen)[:2] + b"sAlT"
    ).digest()
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    plain = padder.update(data) + padder.finalize()
    encryptor = Cipher(algorithms.AES(object_key), modes.CBC(iv)).encryptor()
    return iv + encryptor.update(plain) + encryptor.finalize()


def _serialise(value, encrypt) -> bytes:
    from pdfminer.pdftypes import PDFObjRef, PDFStream
    from pdfminer.psparser import PSKeyword, PSLiteral

    if isinstance(value, bool):
        return b"true" if value else b"false"
    if value is None:
        return b"null"
    if isinstance(value, int):
        return str(value).encode()
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".").encode()
    if isinstance(value, bytes):
        return b"<" + encrypt(value).hex().encode() + b">"
    if isinstance(value, PSLiteral):
        name = value.name if isinstance(value.name, str) else value.name.decode("latin-1")
        return b"/" + "".join(
            c if c.isalnum() or c in "-_.+" else f"#{ord(c):02x}" for c in name
        ).encode("latin-1")
    if isinstance(value, PSKeyword):
        return value.name if isinstance(value.name, bytes) else value.name.encode()
    if isinstance(value, PDFObjRef):
        return f"{value.objid} 0 R".encode()
    if isinstance(value, list):
        return b"[" + b" ".join(_serialise(v, encrypt) for v in value) + b"]"
    if isinstance(value, dict):
        return b"<<" + b"".join(
            _serialise(PSLiteral(k), encrypt) + b" " + _serialise(v, encrypt)
            for k, v in value.items()
        ) + b">>"
    if isinstance(value, PDFStream):
        data = encrypt(value.rawdata if value.rawdata is not None else value.get_data())
        attrs = {k: v for k, v in value.attrs.items() if k not in ("Length", "DecodeParms")
                 or (k == "DecodeParms" and value.rawdata is not None)}
        if value.rawdata is None:  # pdfminer already decoded it: store it plain
            attrs.pop("Filter", None)
            attrs.pop("DecodeParms", None)
        attrs["Length"] = len(data)
        return _serialise(attrs, encrypt) + b"\nstream\n" + data + b"\nendstream"
    raise TypeError(f"cannot serialise {type(value).__name__}")


def encrypted_pdf(path: Path, password: str, source: Path = SAMPLE) -> Path:
    """``source`` saved again, encrypted with user password ``password`` (AES-128)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream

    with open(source, "rb") as fh:
        document = PDFDocument(PDFParser(fh))
        objects = {}
        for xref in document.xrefs:
            for objid in xref.get_objids():
                if objid in objects:
                    continue
                try:
                    obj = document.getobj(objid)
                except Exception:  # free or broken entries are not copied
                    continue
                if isinstance(obj, PDFStream):
                    obj.rawdata  # noqa: B018 - force the raw bytes to load while open
                    kind = obj.attrs.get("Type")
                    if kind is not None and getattr(kind, "name", None) in ("XRef", "ObjStm"):
                        continue
                objects[objid] = obj
        trailer = {}
        for xref in document.xrefs:
            trailer.update(xref.get_trailer())
    file_id = hashlib.md5(str(source).encode()).digest()
    permissions = -4
    o_entry = _owner_entry(password + "-owner", password)
    key = _file_key(password, o_entry, permissions, file_id)
    u_entry = _user_entry(key, file_id)
    out = bytearray(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for objid, obj in sorted(objects.items()):
        offsets[objid] = len(out)
        body = _serialise(obj, lambda data, n=objid: _aes(key, n, 0, data))
        out += f"{objid} 0 obj\n".encode() + body + b"\nendobj\n"
    encrypt_id = max(objects) + 1
    offsets[encrypt_id] = len(out)
    out += (
        f"{encrypt_id} 0 obj\n<</Filter/Standard/V 4/R 4/Length 128"
        f"/CF<</StdCF<</CFM/AESV2/AuthEvent/DocOpen/Length 16>>>>/StmF/StdCF/StrF/StdCF"
        f"/P {permissions}/O<{o_entry.hex()}>/U<{u_entry.hex()}>>>\nendobj\n"
    ).encode()
    xref_at = len(out)
    size = encrypt_id + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for objid in range(1, size):
        if objid in offsets:
            out += f"{offsets[objid]:010d} 00000 n \n".encode()
        else:
            out += b"0000000000 65535 f \n"
    root = trailer["Root"].objid
    info = f"/Info {trailer['Info'].objid} 0 R" if "Info" in trailer else ""
    out += (
        f"trailer\n<</Size {size}/Root {root} 0 R{info}/Encrypt {encrypt_id} 0 R"
        f"/ID[<{file_id.hex()}><{file_id.hex()}>]>>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode()
    Path(path).write_bytes(bytes(out))
    return Path(path)
