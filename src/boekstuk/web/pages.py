"""Page images for the document view: a PNG of page N and each page's size in PDF points.

In: the stored bytes and their content type. Out: PNG bytes (PDF pages rendered with PyMuPDF,
images re-encoded, upright by their EXIF orientation) and page sizes in points, the unit of
every field's ``bbox`` (72 per inch, origin top-left; an image's points follow from its dpi,
as the text stage computed them). Raises :class:`NotFoundError` for a page that does not
exist and :class:`DocumentError` for a file that cannot be drawn (bank files have no pages).
"""

from __future__ import annotations

import io

import pymupdf
from PIL import Image, ImageOps

from boekstuk.domain.documents import ContentType
from boekstuk.domain.errors import DocumentError, ErrorCode, NotFoundError
from boekstuk.pipeline.text import _image_dpi

MAX_WIDTH = 2000


def has_pages(content_type: str) -> bool:
    """True for files that have pages to show (PDFs and images, not bank files)."""
    try:
        kind = ContentType(content_type)
    except ValueError:
        return False
    return kind is ContentType.PDF or kind.is_image


def page_sizes(data: bytes, content_type: str) -> list[tuple[float, float]]:
    """Width and height in points of every page."""
    if content_type == ContentType.PDF.value:
        with pymupdf.open(stream=data, filetype="pdf") as pdf:  # type: ignore[no-untyped-call]
            return [(page.rect.width, page.rect.height) for page in pdf]
    sizes = []
    with Image.open(io.BytesIO(data)) as image:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            dpi = _image_dpi(image)
            frame = ImageOps.exif_transpose(image.copy())
            sizes.append((frame.width * 72.0 / dpi, frame.height * 72.0 / dpi))
    return sizes


def render_page(data: bytes, content_type: str, number: int, width: int = 1200) -> bytes:
    """Page ``number`` (1-based) as a PNG about ``width`` pixels wide."""
    width = max(200, min(width, MAX_WIDTH))
    if not has_pages(content_type):
        raise DocumentError("this kind of file has no pages to show", ErrorCode.UNSUPPORTED_TYPE)
    try:
        if content_type == ContentType.PDF.value:
            return _pdf_page(data, number, width)
        return _image_page(data, number, width)
    except (NotFoundError, DocumentError):
        raise
    except Exception as exc:
        raise DocumentError(f"the page cannot be drawn: {exc}", ErrorCode.CORRUPT_FILE) from exc


def _pdf_page(data: bytes, number: int, width: int) -> bytes:
    with pymupdf.open(stream=data, filetype="pdf") as pdf:  # type: ignore[no-untyped-call]
        if not 1 <= number <= pdf.page_count:
            raise NotFoundError("no such page")
        page = pdf[number - 1]
        zoom = width / max(page.rect.width, 1.0)
        matrix = pymupdf.Matrix(zoom, zoom)  # type: ignore[no-untyped-call]
        pixmap = page.get_pixmap(matrix=matrix, alpha=False)
        return bytes(pixmap.tobytes("png"))


def _image_page(data: bytes, number: int, width: int) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        if not 1 <= number <= getattr(image, "n_frames", 1):
            raise NotFoundError("no such page")
        image.seek(number - 1)
        frame = ImageOps.exif_transpose(image.copy())
        if frame.mode not in ("RGB", "L"):
            frame = frame.convert("RGB")
        if frame.width > width:
            frame = frame.resize((width, round(frame.height * width / frame.width)))
        out = io.BytesIO()
        frame.save(out, format="PNG", optimize=False)
        return out.getvalue()
