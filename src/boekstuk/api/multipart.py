"""Streaming multipart reader for uploads: every ``files`` part goes straight to disk.

Parts are hashed and counted while they arrive, so a file over the limit is refused as soon
as it passes the limit, without being held in memory or spooled whole first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header

from boekstuk.domain.errors import BoekstukError, ErrorCode
from boekstuk.services.storage import FileStorage, SpooledUpload

FIELD_NAME = "files"


@dataclass
class ReceivedFile:
    """A file part: the name the client gave it and the spooled bytes."""

    filename: str | None
    upload: SpooledUpload


@dataclass
class _State:
    storage: FileStorage
    max_bytes: int
    max_files: int
    files: list[ReceivedFile] = field(default_factory=list)
    headers: dict[bytes, bytes] = field(default_factory=dict)
    header_field: bytes = b""
    header_value: bytes = b""
    current: ReceivedFile | None = None

    def on_part_begin(self) -> None:
        self.headers, self.current = {}, None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.header_field.lower()] = self.header_value
        self.header_field = self.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        if options.get(b"name", b"").decode("utf-8", "replace") != FIELD_NAME:
            return  # other form fields are ignored
        if len(self.files) >= self.max_files:
            raise BoekstukError(
                f"at most {self.max_files} files per upload", ErrorCode.TOO_MANY_FILES
            )
        raw_name = options.get(b"filename")
        if raw_name is None:
            raise BoekstukError(
                "a part named 'files' must be a file (with a filename), not a form field",
                ErrorCode.BAD_REQUEST,
            )
        name = raw_name.decode("utf-8", "replace")
        self.current = ReceivedFile(name, self.storage.spool(self.max_bytes))
        self.files.append(self.current)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.current is not None:
            self.current.upload.write(data[start:end])

    def on_part_end(self) -> None:
        if self.current is not None:
            self.current.upload.close()
        self.current = None


async def receive_files(
    content_type: str,
    body: AsyncIterator[bytes],
    storage: FileStorage,
    max_bytes: int,
    max_files: int,
) -> list[ReceivedFile]:
    """Read a ``multipart/form-data`` body; every ``files`` part is spooled to disk.

    Raises ``BoekstukError`` (bad request, too large, too many files); spooled parts are
    deleted when it does.
    """
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise BoekstukError(
            "send the files as multipart/form-data in parts named 'files'", ErrorCode.BAD_REQUEST
        )
    state = _State(storage, max_bytes, max_files)
    callbacks = {
        name: getattr(state, name)
        for name in (
            "on_part_begin",
            "on_header_field",
            "on_header_value",
            "on_header_end",
            "on_headers_finished",
            "on_part_data",
            "on_part_end",
        )
    }
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    try:
        async for chunk in body:
            parser.write(chunk)
        parser.finalize()
    except BoekstukError:
        _discard(state.files)
        raise
    except Exception as exc:
        _discard(state.files)
        raise BoekstukError(
            f"the upload is not valid multipart data: {exc}", ErrorCode.BAD_REQUEST
        ) from exc
    if not state.files:
        raise BoekstukError("no file parts named 'files' in the upload", ErrorCode.BAD_REQUEST)
    return state.files


def _discard(files: list[ReceivedFile]) -> None:
    for received in files:
        received.upload.discard()
