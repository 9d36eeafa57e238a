"""Make "scanned" PDFs from text PDFs, so OCR tests need no binary fixtures.

A page is rasterised with pypdfium2 in grey, tilted slightly (a sheet never lies square on
the scanner glass), sprinkled with speckle noise, JPEG-compressed like a scanner's output,
and wrapped into an image-only PDF of the same page size: pdfium then finds no text layer
on it, exactly as on a real scan. Everything is seeded, so a test sees the same pixels on
every run.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

_POINTS_PER_INCH = 72.0


def scan_image(
    pdf_path: Path,
    page_number: int,
    *,
    dpi: int = 200,
    tilt: float = 0.8,
    speckle: float = 0.002,
    jpeg_quality: int = 70,
    blur: float = 0.4,
    seed: int = 0,
) -> Image.Image:
    """One page (1-based) as a scanner would deliver it: a grey, tilted, noisy JPEG image.

    Args:
        pdf_path: A text PDF.
        page_number: 1-based page number.
        dpi: Scan resolution.
        tilt: Rotation in degrees, counter-clockwise (the sheet lay askew).
        speckle: Share of pixels flipped to black or white (dust, toner).
        jpeg_quality: JPEG quality of the scanner's compression.
        blur: Gaussian blur radius in pixels (optics), 0 for none.
        seed: Seed of the noise.
    """
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        page = doc[page_number - 1]
        image = page.render(scale=dpi / _POINTS_PER_INCH, grayscale=True).to_pil()
        page.close()
    finally:
        doc.close()
    image = image.convert("L")
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    if tilt:
        image = image.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if speckle:
        rng = random.Random(seed * 100003 + page_number)
        pixels = image.load()
        width, height = image.size
        for _ in range(int(width * height * speckle)):
            x, y = rng.randrange(width), rng.randrange(height)
            pixels[x, y] = 0 if rng.random() < 0.5 else 255
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=jpeg_quality)
    buffer.seek(0)
    scanned = Image.open(buffer)
    scanned.load()
    return scanned


def write_scanned_pdf(
    pdf_path: Path,
    out_path: Path,
    pages: list[int] | None = None,
    *,
    dpi: int = 200,
    tilts: list[float] | None = None,
    **options,
) -> Path:
    """Write an image-only PDF of the given pages (all by default) of a text PDF.

    Each page keeps its size in points (the image is written at ``dpi``), so positions in
    the scan are comparable with the original's. ``tilts`` gives each page its own tilt;
    other keyword options go to :func:`scan_image`.
    """
    if pages is None:
        doc = pdfium.PdfDocument(str(pdf_path))
        pages = list(range(1, len(doc) + 1))
        doc.close()
    images = []
    for i, number in enumerate(pages):
        if tilts is not None:
            options["tilt"] = tilts[i % len(tilts)]
        images.append(scan_image(pdf_path, number, dpi=dpi, **options))
    out_path = Path(out_path)
    images[0].save(
        out_path, format="PDF", save_all=True, append_images=images[1:], resolution=float(dpi)
    )
    return out_path


def write_mixed_pdf(
    pdf_path: Path, out_path: Path, scanned: list[int], **options
) -> Path:
    """A copy of a text PDF whose pages ``scanned`` (1-based) are replaced by their scans.

    The other pages keep their text layer: a document part typed, part scanned, as a
    department that scanned a signed page into its disclosure publishes it. Options go to
    :func:`write_scanned_pdf`.
    """
    out_path = Path(out_path)
    scan_path = out_path.with_name(out_path.stem + ".scanned-pages.pdf")
    write_scanned_pdf(pdf_path, scan_path, scanned, **options)
    text = pdfium.PdfDocument(str(pdf_path))
    scans = pdfium.PdfDocument(str(scan_path))
    mixed = pdfium.PdfDocument.new()
    try:
        for number in range(1, len(text) + 1):
            if number in scanned:
                mixed.import_pages(scans, [scanned.index(number)])
            else:
                mixed.import_pages(text, [number - 1])
        mixed.save(str(out_path))
    finally:
        mixed.close()
        scans.close()
        text.close()
    scan_path.unlink()
    return out_path
