"""Paper copies of generated PDFs: office-scanner PDFs and phone photos, without a text layer.

In: PDF bytes and a :class:`random.Random` (and the scanner's resolution). Out:
:func:`scan_pdf` — an image-only PDF as an office scanner makes it: grey pages at 150–300 dpi,
skewed up to ±1.5°, slightly blurred, speckled, a paper tone and JPEG-compressed (quality
60–90) — and :func:`photo_of` — page 1 photographed at an angle with uneven light (JPEG or PNG
bytes). The same rng state gives the same bytes. Raises ``ValueError`` for bytes PyMuPDF
cannot open.

>>> import random
>>> from boekstuk.synth.families import family_corpus
>>> doc = next(iter(family_corpus(["credit_note"], 1, seed=3)))
>>> scan = scan_pdf(doc.pdf, random.Random(1), dpi=150)
>>> scan == scan_pdf(doc.pdf, random.Random(1), dpi=150), scan[:5]
(True, b'%PDF-')
"""

from __future__ import annotations

import io
import random
from typing import Any

import numpy as np
import pymupdf
from PIL import Image, ImageFilter

__all__ = ["photo_of", "scan_pdf"]


def _open(pdf: bytes) -> Any:
    try:
        return pymupdf.open(stream=pdf, filetype="pdf")  # type: ignore[no-untyped-call]
    except Exception as exc:  # PyMuPDF raises its own types for unreadable input
        raise ValueError(f"not a readable PDF: {exc}") from exc


def _page_image(page: Any, dpi: int) -> Image.Image:
    pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    return Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)


def _degrade(image: Image.Image, rng: random.Random, *, skew: float, blur: float) -> Image.Image:
    """Paper tone, skew, blur and speckles, as a flatbed scanner adds them."""
    noise = np.random.default_rng(rng.getrandbits(32))
    paper = rng.randint(232, 250)
    ink = rng.randint(10, 45)
    pixels = np.asarray(image, dtype=np.float32)
    pixels = ink + (paper - ink) * (pixels / 255.0)
    image = Image.fromarray(pixels.clip(0, 255).astype(np.uint8))
    image = image.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=paper)
    if blur > 0:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    pixels = np.asarray(image, dtype=np.float32)
    pixels += noise.normal(0.0, rng.uniform(2.0, 7.0), pixels.shape)
    speckles = noise.random(pixels.shape) < rng.uniform(0.0002, 0.0012)
    pixels[speckles] = noise.choice(np.array([0.0, 255.0]), size=int(speckles.sum()))
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8))


def scan_pdf(pdf: bytes, rng: random.Random, dpi: int | None = None) -> bytes:
    """``pdf`` as an office scanner gives it back: an image-only PDF, one JPEG per page."""
    dpi = dpi or rng.choice((150, 200, 200, 300, 300))
    skew = rng.uniform(-1.5, 1.5)
    blur = rng.uniform(0.0, 0.5) * dpi / 200
    quality = rng.randint(60, 90)
    source = _open(pdf)
    out: Any = pymupdf.open()  # type: ignore[no-untyped-call]
    for page in source:
        image = _degrade(_page_image(page, dpi), rng, skew=skew + rng.uniform(-0.2, 0.2), blur=blur)
        buf = io.BytesIO()
        image.save(buf, format="JPEG", quality=quality, dpi=(dpi, dpi))
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=buf.getvalue())
    out.set_metadata({"producer": "Scanner", "creator": "Scan to PDF"})
    return bytes(out.tobytes(garbage=3, deflate=True, no_new_id=True))


def photo_of(pdf: bytes, rng: random.Random, *, fmt: str | None = None) -> bytes:
    """Page 1 of ``pdf`` photographed with a phone: perspective, uneven light, JPEG or PNG."""
    import cv2

    page = _open(pdf)[0]
    pixmap = page.get_pixmap(dpi=rng.choice((130, 160, 200)))
    sheet = np.frombuffer(pixmap.samples, dtype=np.uint8).reshape(
        pixmap.height, pixmap.width, pixmap.n
    )[:, :, :3]
    h, w = sheet.shape[:2]
    margin = int(0.08 * max(h, w))
    canvas = np.full((h + 2 * margin, w + 2 * margin, 3), rng.randint(60, 140), dtype=np.uint8)
    canvas[margin : margin + h, margin : margin + w] = sheet

    def corner(x: float, y: float) -> list[float]:
        return [x + rng.uniform(-0.5, 0.5) * margin, y + rng.uniform(-0.5, 0.5) * margin]

    corners = [
        (margin, margin),
        (margin + w, margin),
        (margin + w, margin + h),
        (margin, margin + h),
    ]
    src = np.array(corners, dtype=np.float32)
    dst = np.array([corner(x, y) for x, y in corners], dtype=np.float32)
    warped = cv2.warpPerspective(
        canvas,
        cv2.getPerspectiveTransform(src, dst),
        (canvas.shape[1], canvas.shape[0]),
        borderMode=cv2.BORDER_REPLICATE,
    )
    ys, xs = np.mgrid[0 : warped.shape[0], 0 : warped.shape[1]].astype(np.float32)
    cx, cy = rng.uniform(0, warped.shape[1]), rng.uniform(0, warped.shape[0])
    light = 1.0 - rng.uniform(0.1, 0.3) * np.hypot(xs - cx, ys - cy) / np.hypot(*warped.shape[:2])
    tint = np.array(
        [rng.uniform(0.92, 1.0), rng.uniform(0.92, 1.0), rng.uniform(0.85, 1.0)], dtype=np.float32
    )
    shot = (warped.astype(np.float32) * light[..., None] * tint).clip(0, 255).astype(np.uint8)
    image = Image.fromarray(shot).filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))
    buf = io.BytesIO()
    chosen = fmt or rng.choice(("JPEG", "JPEG", "PNG"))
    if chosen == "PNG":
        image.save(buf, format="PNG")
    else:
        image.save(buf, format="JPEG", quality=rng.randint(70, 92))
    return buf.getvalue()
