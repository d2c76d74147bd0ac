"""Text stage: every page's words with positions, from the text layer or from OCR.

In: the file's bytes, its detected :class:`ContentType` and a :class:`TextConfig`.
Out: one frozen :class:`ExtractedText`. Raises :class:`DocumentError` (corrupt, encrypted,
too many pages, too many pixels) — bad input, never retried.

A PDF page counts as having a text layer only when its text is real (see
:func:`text_layer_is_usable`); other pages are rendered at ``dpi`` and OCR'd. OCR runs the
first engine on the cleaned image (:mod:`boekstuk.pipeline.preprocess`); when it reads badly
the page's orientation is checked (Tesseract OSD) and the page read again turned upright;
when it still fails (error, time-out, no text, low confidence) the next engines are tried
and the best result wins. Word boxes are mapped back onto the page as stored, in points.
Tables come from word geometry (:mod:`boekstuk.pipeline.tables`) and, for text-layer pages
that have one, from the configured :class:`TableExtractor` (pdfplumber).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PIL import Image, ImageOps

from boekstuk.domain.documents import ContentType
from boekstuk.domain.errors import DocumentError, ErrorCode, OcrError, TooLargeError
from boekstuk.domain.extraction import ExtractedText, PageText, Table, TextSource, Word
from boekstuk.engines.protocols import (
    OcrConfig,
    OcrEngine,
    OcrResult,
    OrientationDetector,
    TableExtractor,
)
from boekstuk.pipeline.preprocess import (
    Prepared,
    PreprocessConfig,
    is_blank,
    looks_like_scanned_page,
    looks_sideways,
    prepare,
)
from boekstuk.pipeline.tables import tables_from_words

logger = logging.getLogger(__name__)

_REAL_WORD = re.compile(r"^[\w€$£%.,:;/()&@'+\-#*]+$", re.UNICODE)
_VOWEL = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûüÿAEIOUYÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜ0-9]")


@dataclass(frozen=True, slots=True)
class TextConfig:
    """What the text stage needs: limits, OCR engines in order and their settings."""

    engines: Sequence[OcrEngine]
    # for image uploads (photos of receipts); empty: ``engines``
    photo_engines: Sequence[OcrEngine] = ()
    ocr: OcrConfig = field(default_factory=OcrConfig)
    dpi: int = 300
    max_pages: int = 200
    max_image_pixels: int = 100_000_000
    min_confidence: float = 0.55
    preprocess: PreprocessConfig = field(default_factory=PreprocessConfig)
    tables: bool = True  # tables from word geometry on every page
    table_extractor: TableExtractor | None = None  # for text-layer pages that have a table
    min_dpi: int = 100  # a huge page is rendered coarser to stay under max_image_pixels


def extract_text(data: bytes, content_type: ContentType, config: TextConfig) -> ExtractedText:
    """Read all pages of a document into positioned words."""
    if not data:
        raise DocumentError("the file is empty", ErrorCode.EMPTY_FILE)
    if content_type is ContentType.PDF:
        return ExtractedText(pages=_with_pdf_tables(data, tuple(_pdf_pages(data, config)), config))
    if content_type.is_image:
        return ExtractedText(pages=tuple(_image_pages(data, config)))
    if content_type.is_bank_file:
        return ExtractedText(pages=(_structured_page(data),), raw=data)
    raise DocumentError(f"no text reader for {content_type}", ErrorCode.UNSUPPORTED_TYPE)


def _pdf_pages(data: bytes, config: TextConfig) -> Iterator[PageText]:
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")  # type: ignore[no-untyped-call]
    except Exception as exc:  # PyMuPDF raises several types for broken files
        raise DocumentError(f"the PDF cannot be opened: {exc}", ErrorCode.CORRUPT_FILE) from exc
    with doc:
        if doc.needs_pass:
            raise DocumentError("the PDF is encrypted with a password", ErrorCode.ENCRYPTED_PDF)
        if doc.page_count == 0:
            raise DocumentError("the PDF has no pages", ErrorCode.CORRUPT_FILE)
        if doc.page_count > config.max_pages:
            raise TooLargeError(
                f"the PDF has {doc.page_count} pages; the limit is {config.max_pages}",
                ErrorCode.TOO_MANY_PAGES,
            )
        for index in range(doc.page_count):
            try:
                page = doc.load_page(index)  # type: ignore[no-untyped-call]
                yield _pdf_page(page, index + 1, config)
            except (DocumentError, OcrError):
                raise
            except Exception as exc:
                raise DocumentError(
                    f"page {index + 1} of the PDF cannot be read: {exc}", ErrorCode.CORRUPT_FILE
                ) from exc


def _pdf_page(page: object, number: int, config: TextConfig) -> PageText:
    import pymupdf

    assert isinstance(page, pymupdf.Page)
    rect = page.rect
    words = tuple(
        Word(text=w[4], bbox=(w[0], w[1], w[2], w[3]), confidence=1.0, block=w[5], line=w[6])
        for w in sort_words(page.get_text("words"))  # type: ignore[no-untyped-call]
    )
    if text_layer_is_usable(words, image_coverage(page) if words else 0.0):
        tables = tables_from_words(words) if config.tables else ()
        return PageText(
            number, rect.width, rect.height, words, TextSource.TEXT_LAYER, tables=tables
        )
    zoom = config.dpi / 72.0
    pixels = rect.width * zoom * rect.height * zoom
    if pixels > config.max_image_pixels:
        # an absurdly large page: render it coarser, within the pixel budget, or refuse
        zoom *= (config.max_image_pixels / pixels) ** 0.5
        if zoom * 72.0 < config.min_dpi:
            raise TooLargeError(
                f"page {number} ({rect.width:.0f}×{rect.height:.0f} pt) is too large to read",
                ErrorCode.IMAGE_TOO_LARGE,
            )
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY)  # type: ignore[no-untyped-call]
    image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    return _ocr_page(image, number, rect.width, rect.height, config)


def sort_words(words: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """PyMuPDF words in reading order: lines top to bottom (3 pt tolerance), then left to right.

    Same rule as PyMuPDF's ``sort=True``, without building a ``Rect`` per word (4× faster).

    >>> [w[4] for w in sort_words([(50, 0, 60, 10, "b"), (0, 1, 40, 11, "a"), (0, 30, 9, 40, "c")])]
    ['a', 'b', 'c']
    """
    ordered = sorted(words, key=lambda w: (w[3], w[0]))
    out: list[tuple[Any, ...]] = []
    line: list[tuple[Any, ...]] = []
    top = bottom = 0.0
    for word in ordered:
        if line and (abs(word[1] - top) <= 3 or abs(word[3] - bottom) <= 3):
            line.append(word)
            top, bottom = min(top, word[1]), max(bottom, word[3])
            continue
        line.sort(key=lambda w: w[0])
        out.extend(line)
        line, top, bottom = [word], word[1], word[3]
    line.sort(key=lambda w: w[0])
    out.extend(line)
    return out


def _with_pdf_tables(
    data: bytes, pages: tuple[PageText, ...], config: TextConfig
) -> tuple[PageText, ...]:
    """Let the table extractor redo the tables of text-layer pages where words found one."""
    extractor = config.table_extractor
    wanted = [p.number for p in pages if p.text_source is TextSource.TEXT_LAYER and p.tables]
    if extractor is None or not wanted:
        return pages
    try:
        found = extractor.extract(data, wanted)
    except DocumentError as exc:
        logger.warning("table extractor %s failed: %s", extractor.name, exc.message)
        return pages
    return tuple(
        replace(page, tables=found[page.number]) if found.get(page.number) else page
        for page in pages
    )


def image_coverage(page: object) -> float:
    """Share of the page covered by images (a scan is one image over the whole page)."""
    import pymupdf

    assert isinstance(page, pymupdf.Page)
    area = abs(page.rect) or 1.0
    covered = 0.0
    for info in page.get_image_info():
        covered += abs(pymupdf.Rect(info["bbox"]) & page.rect)  # type: ignore[no-untyped-call]
    return min(covered / area, 1.0)


def text_layer_is_usable(words: Sequence[Word], image_coverage: float = 0.0) -> bool:
    """True when a page's text layer is real text, not garbage or a stamp on a scan.

    Real text has enough characters, mostly word-shaped tokens in a Latin script, and
    words of three or more letters mostly carry a vowel (a broken font encoding gives
    glyph soup: symbols, private-use characters or consonant jumble).

    >>> w = [Word(t, (0, 0, 1, 1)) for t in "Factuur 2026-001 aan Jansen B.V. totaal € 121,00".split()]
    >>> text_layer_is_usable(w * 3)
    True
    >>> text_layer_is_usable([Word("\\x01\\x02\\x03", (0, 0, 1, 1))] * 40)
    False
    >>> text_layer_is_usable([Word(t, (0, 0, 1, 1)) for t in "▀▁▂ ÿþ¤¦ §¨© ª«¬".split()] * 20)
    False
    >>> text_layer_is_usable([Word(t, (0, 0, 1, 1)) for t in "Hgkdfr Xcvbnq Ptrwzk".split()] * 9)
    False
    >>> text_layer_is_usable(w[:2], image_coverage=0.95)
    False
    """
    chars = sum(len(w.text) for w in words)
    if chars < 20:
        return False
    real = sum(len(w.text) for w in words if _REAL_WORD.match(w.text) and _has_letters(w.text))
    if real / chars < 0.6:
        return False
    letters = [ch for w in words for ch in w.text if ch.isalpha()]
    if letters and sum(1 for ch in letters if ord(ch) < 0x250) / len(letters) < 0.8:
        return False
    long_words = [w.text for w in words if sum(ch.isalpha() for ch in w.text) >= 3]
    if long_words and sum(1 for t in long_words if _VOWEL.search(t)) / len(long_words) < 0.6:
        return False
    # a scan with a little text on top (a stamp, a header) needs OCR of the whole page
    return not (image_coverage > 0.5 and chars < 200)


def _has_letters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _image_pages(data: bytes, config: TextConfig) -> Iterator[PageText]:
    Image.MAX_IMAGE_PIXELS = config.max_image_pixels
    try:
        image = Image.open(io.BytesIO(data))
        image.size  # noqa: B018 - touches the header so bombs are caught here
    except Image.DecompressionBombError as exc:
        raise TooLargeError(str(exc), ErrorCode.IMAGE_TOO_LARGE) from exc
    except Exception as exc:
        raise DocumentError(f"the image cannot be read: {exc}", ErrorCode.CORRUPT_FILE) from exc
    frames = getattr(image, "n_frames", 1)
    if frames > config.max_pages:
        raise TooLargeError(
            f"the image has {frames} pages; the limit is {config.max_pages}",
            ErrorCode.TOO_MANY_PAGES,
        )
    for index in range(frames):
        try:
            image.seek(index)
            if image.width * image.height > config.max_image_pixels:
                raise TooLargeError(
                    f"page {index + 1} has {image.width * image.height:,} pixels",
                    ErrorCode.IMAGE_TOO_LARGE,
                )
            frame = ImageOps.exif_transpose(image.copy()).convert("L")
        except DocumentError:
            raise
        except Exception as exc:
            raise DocumentError(
                f"page {index + 1} of the image cannot be decoded: {exc}", ErrorCode.CORRUPT_FILE
            ) from exc
        dpi = _image_dpi(image)
        width, height = frame.width * 72.0 / dpi, frame.height * 72.0 / dpi
        # a scanned page saved as an image reads like a scanned PDF page; a photo does not
        photo = not looks_like_scanned_page(frame)
        yield _ocr_page(frame, index + 1, width, height, config, photo=photo)


def _image_dpi(image: Image.Image) -> float:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 50.0 <= value <= 1200.0 else 300.0


@dataclass(frozen=True, slots=True)
class _Attempt:
    result: OcrResult
    prepared: Prepared


def _ocr_page(
    image: Image.Image,
    number: int,
    width_pt: float,
    height_pt: float,
    config: TextConfig,
    *,
    photo: bool = False,
) -> PageText:
    """OCR one page image: clean it, read it, turn it upright if needed, fall back."""
    notes: list[str] = []
    prepared = prepare(image, config.preprocess, photo=photo)
    if prepared.steps:
        notes.append("preprocess: " + ",".join(prepared.steps))
    if is_blank(prepared.image):
        # an empty page (the back of a sheet): nothing to read, and no reason for a fallback
        return PageText(
            number, width_pt, height_pt, (), TextSource.OCR, notes=(*notes, "blank page")
        )
    engines = list(config.photo_engines or config.engines) if photo else list(config.engines)
    if not engines:
        raise DocumentError(
            f"page {number} needs OCR but no engine is configured", ErrorCode.OCR_FAILED
        )
    if config.preprocess.orientation and looks_sideways(prepared.image):
        # a sideways page reads slowly and badly: ask which way is up before reading it
        prepared = _upright(engines, prepared, config, notes)
    best = _attempt(engines[0], prepared, number, config, notes)
    if not _good(best, config) and config.preprocess.orientation:
        best = _reorient(engines, prepared, best, number, config, notes)
    for engine in engines[1:]:
        if _good(best, config):
            break
        attempt = _attempt(engine, best.prepared if best else prepared, number, config, notes)
        if attempt is not None and (
            best is None or _quality(attempt.result) > _quality(best.result)
        ):
            best = attempt
    if best is None:
        raise DocumentError(
            f"no OCR engine could read page {number}: " + "; ".join(notes), ErrorCode.OCR_FAILED
        )
    return _page_from(best, image, number, width_pt, height_pt, config, tuple(notes))


def _attempt(
    engine: OcrEngine, prepared: Prepared, number: int, config: TextConfig, notes: list[str]
) -> _Attempt | None:
    try:
        result = engine.recognize(prepared.image, config.ocr)
    except OcrError as exc:
        logger.warning("OCR engine %s failed on page %d: %s", engine.name, number, exc.message)
        notes.append(f"{engine.name}: {exc.message}")
        return None
    if not _good(_Attempt(result, prepared), config):
        notes.append(
            f"{engine.name}: "
            + ("no text" if result.is_empty else f"low confidence {result.mean_confidence:.2f}")
        )
    return _Attempt(result, prepared)


def _upright(
    engines: Sequence[OcrEngine], prepared: Prepared, config: TextConfig, notes: list[str]
) -> Prepared:
    detector = next((e for e in engines if isinstance(e, OrientationDetector)), None)
    angle = detector.detect_orientation(prepared.image, config.ocr) if detector else 0
    if angle == 180:
        # the lines run vertically, so 180° contradicts the page: OSD misread a narrow, busy
        # receipt (two SROIE receipts were turned upside down this way). A page that really
        # is upside down reads badly first and is turned by _reorient.
        notes.append("orientation: OSD said 180° for a sideways-looking page, ignored")
        angle = 0
    if angle:
        notes.append(f"orientation: turned {angle}°")
    return prepared.rotated(angle)


def _reorient(
    engines: Sequence[OcrEngine],
    prepared: Prepared,
    best: _Attempt | None,
    number: int,
    config: TextConfig,
    notes: list[str],
) -> _Attempt | None:
    """Ask an engine that knows orientation which way up the page is; read it again."""
    detector = next((e for e in engines if isinstance(e, OrientationDetector)), None)
    if detector is None:
        return best
    angle = detector.detect_orientation(prepared.image, config.ocr)
    if not angle:
        return best
    turned = prepared.rotated(angle)
    notes.append(f"orientation: turned {angle}°")
    attempt = _attempt(engines[0], turned, number, config, notes)
    if attempt is not None and (best is None or _quality(attempt.result) >= _quality(best.result)):
        return attempt
    return best


def _good(attempt: _Attempt | None, config: TextConfig) -> bool:
    return (
        attempt is not None
        and not attempt.result.is_empty
        and attempt.result.mean_confidence >= config.min_confidence
    )


def _page_from(
    best: _Attempt,
    original: Image.Image,
    number: int,
    width_pt: float,
    height_pt: float,
    config: TextConfig,
    notes: tuple[str, ...],
) -> PageText:
    """Words and tables mapped from the cleaned image onto the page, in points."""
    sx, sy = width_pt / original.width, height_pt / original.height
    prepared = best.prepared

    def to_points(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = prepared.map_box(box)
        return (
            max(0.0, x0 * sx),
            max(0.0, y0 * sy),
            min(width_pt, x1 * sx),
            min(height_pt, y1 * sy),
        )

    words = tuple(
        Word(w.text, to_points(w.bbox), w.confidence, w.block, w.line) for w in best.result.words
    )
    tables: tuple[Table, ...] = ()
    if config.tables:
        # rebuilt on the upright image, where rows are horizontal, then mapped onto the page
        tables = tuple(
            replace(t, bbox=to_points(t.bbox)) for t in tables_from_words(best.result.words)
        )
    return PageText(
        number,
        width_pt,
        height_pt,
        words,
        TextSource.OCR,
        ocr_engine=best.result.engine,
        ocr_confidence=best.result.mean_confidence,
        notes=notes,
        tables=tables,
        rotation=prepared.rotation,
    )


def _quality(result: OcrResult) -> float:
    """Mean confidence, scaled down for results with very few words."""
    if result.is_empty:
        return 0.0
    return result.mean_confidence * min(1.0, len(result.words) / 20.0 + 0.5)


def _structured_page(data: bytes) -> PageText:
    """A bank export as one page of lines (no geometry): the statement reader parses it."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    words = tuple(
        Word(token, (0.0, 0.0, 0.0, 0.0), 1.0, 0, line_no)
        for line_no, line in enumerate(text.splitlines())
        for token in line.split()
    )
    return PageText(1, 0.0, 0.0, words, TextSource.STRUCTURED)
