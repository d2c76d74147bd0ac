"""A corpus of hostile and broken files, made on the fly, with the error code each must get."""

from __future__ import annotations

import io
import zlib

import pymupdf
from PIL import Image

from tests.factories import invoice_pdf


def _pdf_with_catalog_key(key: str, value: str) -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Factuur 2026-1 totaal EUR 121,00 " * 3)
    doc.xref_set_key(doc.pdf_catalog(), key, value)
    return doc.tobytes()


def encrypted_pdf() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Factuur geheim")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")


def many_pages_pdf(pages: int = 5000) -> bytes:
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page(width=200, height=200)
    return doc.tobytes(garbage=1, deflate=True)


def bomb_png(side: int = 40_000) -> bytes:
    """A tiny PNG that decodes to ``side``² pixels (1.6 G for the default)."""
    header = Image.new("1", (1, 1))
    buffer = io.BytesIO()
    header.save(buffer, format="PNG")
    png = bytearray(buffer.getvalue())
    # rewrite IHDR width/height and give it a compressed all-zero image body
    import struct

    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    start = png.index(b"IHDR") - 4
    png[start : start + 25] = struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    body = zlib.compress(row * 200, 9)
    idat = b"IDAT" + body
    end = png.index(b"IEND") - 4
    png[png.index(b"IDAT") - 4 : end] = (
        struct.pack(">I", len(body)) + idat + struct.pack(">I", zlib.crc32(idat))
    )
    return bytes(png)


def _noise_png() -> bytes:
    import os

    image = Image.frombytes("L", (200, 200), os.urandom(200 * 200))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>&lol3;</MsgId></GrpHdr></BkToCstmrStmt></Document>"""


def corpus() -> dict[str, tuple[bytes, str]]:
    """name → (bytes, the error code the document must end with)."""
    good = invoice_pdf("2026-0001")
    return {
        "truncated.pdf": (good[: int(len(good) * 0.8)], "corrupt_file"),
        "garbage-after-header.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 50, "corrupt_file"),
        "encrypted.pdf": (encrypted_pdf(), "encrypted_pdf"),
        "javascript.pdf": (
            _pdf_with_catalog_key("OpenAction", "<< /S /JavaScript /JS (app.alert(1)) >>"),
            "active_content",
        ),
        "launch.pdf": (
            _pdf_with_catalog_key("OpenAction", "<< /S /Launch /F (cmd.exe) >>"),
            "active_content",
        ),
        "5000-pages.pdf": (many_pages_pdf(), "too_many_pages"),
        "bomb.png": (bomb_png(), "image_too_large"),
        "truncated.png": (_noise_png()[:3000], "corrupt_file"),
        "camt-xml-bomb.xml": (XML_BOMB, "unsafe_xml"),
        "polyglot.pdf": (b"PK\x03\x04" + b"\x00" * 30 + b"%PDF-1.4 zip pretending", "corrupt_file"),
        "utf32.csv": ("Datum;Bedrag\n20260101;1,00\n".encode("utf-32"), "unsupported_type"),
    }
