"""Which queue a document belongs on: does reading it need OCR?

In: the bytes and detected type. Out: True when some page must be OCR'd (an image, or a PDF
page without a real text layer). Cheap: it opens the PDF and looks at each page's text layer
without rendering anything. A file it cannot open is left to the light queue, whose text
stage reports the error.
"""

from __future__ import annotations

from boekstuk.domain.documents import ContentType
from boekstuk.domain.extraction import Word
from boekstuk.pipeline.text import image_coverage, text_layer_is_usable


def needs_ocr(data: bytes, content_type: ContentType, max_pages: int) -> bool:
    """True when reading the document will run OCR on at least one page."""
    if content_type.is_image:
        return True
    if content_type is not ContentType.PDF:
        return False
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")  # type: ignore[no-untyped-call]
    except Exception:  # the text stage gives the proper error
        return False
    with doc:
        if doc.needs_pass or doc.page_count > max_pages:
            return False
        for index in range(doc.page_count):
            page = doc.load_page(index)  # type: ignore[no-untyped-call]
            words = [Word(w[4], (w[0], w[1], w[2], w[3])) for w in page.get_text("words")]
            if not text_layer_is_usable(words, image_coverage(page) if words else 0.0):
                return True
    return False
