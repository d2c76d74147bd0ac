"""Stored originals: content-addressed files under the storage folder, never served directly.

A file is streamed into a temporary file while it is hashed and counted, then moved into
place as ``<workspace>/<sha[:2]>/<sha>``; the same bytes are stored once per workspace.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from pathlib import Path
from typing import BinaryIO

from boekstuk.domain.errors import DocumentError, ErrorCode, TooLargeError


class SpooledUpload:
    """A file being received: written to a temp file, hashed and size-checked as it comes."""

    def __init__(self, root: Path, max_bytes: int, head_bytes: int = 8192) -> None:
        root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".upload-", dir=root)
        self.path = Path(name)
        self._file: BinaryIO = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256()
        self._max = max_bytes
        self._head_bytes = head_bytes
        self.head = b""
        self.size = 0

    def write(self, chunk: bytes) -> None:
        """Add a chunk; raises ``TooLargeError`` once the limit is passed."""
        self.size += len(chunk)
        if self.size > self._max:
            raise TooLargeError(f"the file is larger than the limit of {self._max:,} bytes")
        if len(self.head) < self._head_bytes:
            self.head += chunk[: self._head_bytes - len(self.head)]
        self._hash.update(chunk)
        self._file.write(chunk)

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of what was written so far."""
        return self._hash.hexdigest()

    def close(self) -> None:
        """Flush and close the temp file (idempotent)."""
        if not self._file.closed:
            self._file.close()

    def discard(self) -> None:
        """Close and delete the temp file."""
        self.close()
        self.path.unlink(missing_ok=True)


class FileStorage:
    """Originals on the local disk, addressed by workspace and SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def spool(self, max_bytes: int) -> SpooledUpload:
        """Start receiving a file."""
        return SpooledUpload(self.root / ".incoming", max_bytes)

    @staticmethod
    def key_for(workspace_id: uuid.UUID, sha256: str) -> str:
        """The storage key of a file."""
        return f"{workspace_id}/{sha256[:2]}/{sha256}"

    def keep(self, upload: SpooledUpload, key: str) -> None:
        """Move a received file into place (a file already there is kept: same bytes)."""
        upload.close()
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            upload.discard()
            return
        os.replace(upload.path, target)

    def put_bytes(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` (for the CLI and tests)."""
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
            tmp.write_bytes(data)
            os.replace(tmp, target)

    def read(self, key: str) -> bytes:
        """The stored bytes; ``DocumentError(file_missing)`` if they are gone."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise DocumentError("the stored file is missing", ErrorCode.FILE_MISSING) from exc

    def path(self, key: str) -> Path:
        """Where the file with ``key`` lives."""
        return self._path(key)

    def delete(self, key: str) -> None:
        """Remove a stored file (missing is fine)."""
        self._path(key).unlink(missing_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"storage key {key!r} leaves the storage folder")
        return path
