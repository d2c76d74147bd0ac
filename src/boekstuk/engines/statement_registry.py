"""Statement readers by name, and the one that fits a file best.

In: the bytes of a bank export and its content type. Out: the statements, read by the
highest-scoring :class:`~boekstuk.engines.protocols.StatementReader`. Raises
:class:`~boekstuk.domain.errors.UnsupportedTypeError` when no reader accepts the file, and
whatever ``DocumentError`` the chosen reader raises. Third parties can add readers through
the ``boekstuk.statement_readers`` entry-point group (a zero-argument factory per name).

>>> [reader.name for reader in statement_readers()][:3]
['camt053', 'mt940', 'bank_csv']
>>> pick_reader(b":20:X\\n:25:NL91ABNA0417164300\\n:60F:C260101EUR0,00\\n", "text/plain").name
'mt940'
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points

from boekstuk.domain.errors import UnsupportedTypeError
from boekstuk.domain.statements import Statement
from boekstuk.engines.bank_csv import BankCsvReader
from boekstuk.engines.camt import CamtReader
from boekstuk.engines.mt940 import Mt940Reader
from boekstuk.engines.protocols import StatementReader

logger = logging.getLogger(__name__)

_BUILTIN: tuple[StatementReader, ...] = (CamtReader(), Mt940Reader(), BankCsvReader())
_extra: list[StatementReader] = []


def register_statement_reader(reader: StatementReader) -> None:
    """Add a reader (tried alongside the built-in ones)."""
    _extra.append(reader)


def statement_readers() -> list[StatementReader]:
    """Built-in readers, registered ones, then entry-point plug-ins."""
    plugins = [ep.load()() for ep in entry_points(group="boekstuk.statement_readers")]
    return [*_BUILTIN, *_extra, *plugins]


def pick_reader(data: bytes, content_type: str = "") -> StatementReader:
    """The reader with the highest score for ``data``; raise when all decline."""
    best: tuple[int, StatementReader] | None = None
    for reader in statement_readers():
        score = reader.score(data, content_type)
        if score is not None and (best is None or score > best[0]):
            best = (score, reader)
    if best is None:
        raise UnsupportedTypeError("not a bank export we read (CAMT.053, MT940, bank CSV)")
    return best[1]


def read_statements(data: bytes, content_type: str = "") -> list[Statement]:
    """Every statement in a bank export, by the reader that fits it."""
    reader = pick_reader(data, content_type)
    statements = reader.read(data)
    logger.info(
        "read %d statement(s), %d transaction(s) with %s",
        len(statements),
        sum(len(s.transactions) for s in statements),
        reader.name,
    )
    return statements
