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

from tests.pdf_factory import grid_table, write_pdf
from tests.shared import REAL, require

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "raw" / "changchun-shebaoju-2021.pdf"
# Another real disclosure (another year), for when a second loaded document must not be a
# duplicate of the first.
OTHER = ROOT / "data" / "raw" / "changchun-shebaoju-2024.pdf"
# A 部门决算 (final accounts) from ../shared/real: loaded as actual figures beside the budgets.
FINAL_ACCOUNTS = REAL / "shanghai-putuo-caizhengju-2024-juesuan.pdf"
# The income column heading of poorly_read_pdf: a word no rule of column_measures.csv knows.
UNKNOWN_INCOME_HEADING = "核定数"


def copy_sample(folder: Path, name: str | None = None) -> Path:
    """A copy of the smallest real budget disclosure."""
    target = Path(folder) / (name or SAMPLE.name)
    shutil.copyfile(SAMPLE, target)
    return target


def copy_final_accounts(folder: Path, name: str | None = None) -> Path:
    """A copy of a real 部门决算 (final accounts) from ``../shared/real``."""
    source = require(FINAL_ACCOUNTS)
    target = Path(folder) / (name or source.name)
    shutil.copyfile(source, target)
    return target


def duplicate_of(source: Path, path: Path) -> Path:
    """The same bytes as ``source`` under another name."""
    shutil.copyfile(source, path)
    return Path(path)


def empty_file(path: Path) -> Path:
    """A zero-byte file with a .pdf name."""
    Path(path).write_bytes(b"")
    return Path(path)


def not_a_pdf(path: Path) -> Path:
    """An HTML page saved under a .pdf name."""
    Path(path).write_text("<html><body>预算公开 404 Not Found</body></html>\n", "utf-8")
    return Path(path)


def text_file(path: Path) -> Path:
    """A plain text file renamed ``.pdf``."""
    Path(path).write_text("2024年部门预算 notes\nto do: ask the bureau for the PDF\n", "utf-8")
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


def poorly_read_pdf(path: Path, income_heading: str = UNKNOWN_INCOME_HEADING) -> Path:
    """A one-page 收支总表 whose income amounts sit under a heading no column rule knows.

    It reads as a budget (title, year, department, a known table), but the income column is
    headed ``income_heading`` instead of 预算数: its ``fct_income`` rows get no
    ``income_measure``, so the data test ``not_null_fct_income_income_measure`` fails on
    this document's rows, and on no one else's. With ``income_heading="预算数"`` the same
    page reads well.
    """
    rows = [
        ["收入", "", "支出", ""],
        ["项目", income_heading, "项目（按功能分类）", "预算数"],
        ["一、一般公共预算拨款收入", "100.00", "一、社会保障和就业支出", "100.00"],
        ["本年收入合计", "100.00", "本年支出合计", "100.00"],
        ["收入总计", "100.00", "支出总计", "100.00"],
    ]
    lines, texts = grid_table(40, 120, [170, 80, 170, 80], 20, rows)
    heading = [
        (150, 780, "某某局2024年部门预算", 16),
        (230, 740, "收支总表", 14),
        (40, 725, "编制部门：某某局"),
        (480, 725, "单位：万元"),
    ]
    return write_pdf(path, [{"lines": lines, "texts": heading + texts}], cjk=True)


# Two bundled budgets that load well; the golden files know their figures.
TRUST_SAMPLES = ("changchun-shebaoju-2021.pdf", "haidong-shebao-2024.pdf")
# The same bytes as the second sample, under a name sorted after it (the first name in order
# is the document's file, the others its duplicates).
TRUST_DUPLICATE = "haidong-shebao-2024_copy.pdf"
TRUST_QUARANTINED = "odd-layout.pdf"
# A 决算 among them: loaded as final accounts, its figures actual.
TRUST_FINAL_ACCOUNTS = "putuo-caizhengju-2024-juesuan.pdf"


def trust_folder(raw: Path) -> dict[str, tuple[str, str | None]]:
    """A raw folder with one file of every kind a refresh must tell apart.

    Returns the status and error kind each file must end with in ``document_status``. Skips
    (or under CI fails) the test when ``../shared`` is missing (the 决算 comes from there).
    """
    raw = Path(raw)
    raw.mkdir(parents=True, exist_ok=True)
    copy_final_accounts(raw, TRUST_FINAL_ACCOUNTS)
    for name in TRUST_SAMPLES:
        shutil.copyfile(ROOT / "data" / "raw" / name, raw / name)
    duplicate_of(raw / TRUST_SAMPLES[1], raw / TRUST_DUPLICATE)
    poorly_read_pdf(raw / TRUST_QUARANTINED)
    corrupt_pdf(raw / "corrupt.pdf")
    encrypted_pdf(raw / "locked.pdf", "s3cret", source=OTHER)
    blank_scan_pdf(raw / "scanned.pdf")
    empty_file(raw / "empty.pdf")
    text_pdf(raw / "report.pdf", ["Pump station maintenance log", "All valves inspected."])
    text_file(raw / "notes.pdf")
    return {
        **dict.fromkeys(TRUST_SAMPLES, ("loaded", None)),
        TRUST_DUPLICATE: ("duplicate", "duplicate"),
        TRUST_QUARANTINED: ("quarantined", "quarantined"),
        "corrupt.pdf": ("failed", "corrupt_pdf"),
        "locked.pdf": ("failed", "encrypted_pdf"),
        "scanned.pdf": ("failed", "no_text_layer"),
        "empty.pdf": ("failed", "empty_file"),
        "report.pdf": ("failed", "not_budget_document"),
        "notes.pdf": ("failed", "not_pdf"),
        TRUST_FINAL_ACCOUNTS: ("loaded", None),
    }


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
