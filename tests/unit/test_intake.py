"""File type detection from bytes: what a lying extension or a junk file turns into."""

from __future__ import annotations

import pytest

from boekstuk.domain.documents import ContentType
from boekstuk.domain.errors import DocumentError, ErrorCode
from boekstuk.pipeline.intake import detect_content_type, safe_filename

CAMT = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>"""
MT940 = b""":20:STMT2026
:25:NL91ABNA0417164300
:28C:1/1
:60F:C260101EUR100,00
:61:2601150115D12,34NTRFNONREF
:86:/EREF/X/NAME/Bakker
:62F:C260115EUR87,66
"""
ING_CSV = (
    b'"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";'
    b'"Bedrag (EUR)";"Mutatiesoort";"Mededelingen"\r\n'
    b'"20260115";"Bakker";"NL91ABNA0417164300";"";"GT";"Af";"12,34";"Online";"x"\r\n'
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", ContentType.PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ContentType.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", ContentType.JPEG),
        (b"II*\x00\x08\x00\x00\x00", ContentType.TIFF),
        (b"MM\x00*\x00\x00\x00\x08", ContentType.TIFF),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", ContentType.WEBP),
        (CAMT, ContentType.CAMT053),
        (MT940, ContentType.MT940),
        (ING_CSV, ContentType.CSV),
        (ING_CSV.decode().encode("cp1252"), ContentType.CSV),
    ],
)
def test_types_are_detected_from_the_bytes(head: bytes, expected: ContentType) -> None:
    assert detect_content_type(head) is expected


def test_an_image_with_pdf_bytes_later_is_an_image() -> None:
    polyglot = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100 + b"%PDF-1.4"
    assert detect_content_type(polyglot) is ContentType.PNG


@pytest.mark.parametrize(
    "head",
    [
        b"\x00\x01\x02\x03binary junk\xff\xfe\x00",
        b"<html><body>not a statement</body></html>",
        b"Just a line of prose without any structure at all.\n",
        b"PK\x03\x04 a zip file",
    ],
)
def test_other_files_are_unsupported(head: bytes) -> None:
    with pytest.raises(DocumentError) as caught:
        detect_content_type(head)
    assert caught.value.code is ErrorCode.UNSUPPORTED_TYPE


def test_an_empty_file_says_so() -> None:
    with pytest.raises(DocumentError) as caught:
        detect_content_type(b"")
    assert caught.value.code is ErrorCode.EMPTY_FILE


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("factuur.pdf", "factuur.pdf"),
        ("C:\\Users\\jan\\factuur 12.pdf", "factuur 12.pdf"),
        ("../../../etc/passwd", "passwd"),
        ("bon\r\n\x1b[31m.jpg", "bon[31m.jpg"),
        ("x" * 300 + ".pdf", "x" * 200),
        ("..", "upload"),
        (None, "upload"),
    ],
)
def test_file_names_are_made_safe(raw: str | None, clean: str) -> None:
    assert safe_filename(raw) == clean
