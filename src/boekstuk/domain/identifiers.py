"""Identifiers on business documents: VAT, IBAN, BIC, KvK and payment references.

Thin wrappers over python-stdnum where it has the standard (EU VAT of every member state,
IBAN, BIC, Belgian OGM/VCS, ISO 11649 RF); our own code for the Dutch KvK number (eight
digits, no checksum) and the Dutch *betalingskenmerk* (Currence mod-11). Each kind has
``compact``, ``validate`` (normal form or raises ``stdnum.exceptions.ValidationError``) and
``is_valid``. In: strings as printed. Out: compact normal forms. Raises only from ``validate``.

>>> iban_validate("nl91 abna 0417 1643 00")
'NL91ABNA0417164300'
>>> iban_is_valid("NL91ABNA0417164301")
False
>>> vat_validate("NL 0000.99998.B57")
'NL000099998B57'
>>> vat_is_valid("NL123456789B01")
False
>>> vat_validate("DE 136 695 976")
'DE136695976'
>>> vat_validate("GR 094259216")  # Greece prints GR, VIES says EL
'EL094259216'
>>> bic_validate("abnanl2a")
'ABNANL2A'
>>> bic_is_valid("ABNA NL 2A XXX"), bic_is_valid("1BNANL2A")
(True, False)
>>> kvk_validate("KvK 1234 5678")
'12345678'
>>> betalingskenmerk_is_valid("0123 4567 8901 2345"), betalingskenmerk_is_valid("5123 4567 8901 2345")
(True, False)
>>> ogm_validate("+++010/8068/17183+++")
'010806817183'
>>> rf_validate("RF18 5390 0754 7034")
'RF18539007547034'
>>> payment_reference_kind("RF18539007547034"), payment_reference_kind("+++010/8068/17183+++")
('rf', 'ogm')
"""

from __future__ import annotations

import re
from typing import Any

from stdnum import bic as _bic
from stdnum import iban as _iban
from stdnum import iso11649 as _rf
from stdnum.be import ogm_vcs as _ogm
from stdnum.ch import vat as _ch_vat
from stdnum.eu import vat as _vat
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.gb import vat as _gb_vat
from stdnum.no import mva as _no_mva

__all__ = [
    "ValidationError",
    "betalingskenmerk_is_valid",
    "betalingskenmerk_validate",
    "bic_is_valid",
    "bic_validate",
    "iban_compact",
    "iban_is_valid",
    "iban_validate",
    "kvk_is_valid",
    "kvk_validate",
    "ogm_is_valid",
    "ogm_validate",
    "payment_reference_kind",
    "rf_is_valid",
    "rf_validate",
    "vat_compact",
    "vat_is_valid",
    "vat_validate",
]


def iban_compact(value: str) -> str:
    """Upper case without spaces."""
    return str(_iban.compact(value))


def iban_validate(value: str) -> str:
    """The compact IBAN if its country length and mod-97 check hold, else raise."""
    return str(_iban.validate(value))


def iban_is_valid(value: str) -> bool:
    """True when ``value`` is a valid IBAN."""
    return bool(_iban.is_valid(value))


# VAT numbers of neighbours outside the EU that European invoices carry (python-stdnum)
_NON_EU_VAT = {"GB": _gb_vat, "XI": _gb_vat, "CH": _ch_vat, "NO": _no_mva}


def _vat_module(compact: str) -> Any:
    return _NON_EU_VAT.get(compact[:2], _vat)


def vat_compact(value: str) -> str:
    """Upper case, country prefix, no separators (``GR`` written as VIES's ``EL``)."""
    try:
        compact = str(_vat.compact(value))
    except ValidationError:  # an unknown country prefix: plain compaction
        compact = re.sub(r"[^0-9A-Z]", "", value.upper())
    return "EL" + compact[2:] if compact.startswith("GR") else compact


def vat_validate(value: str) -> str:
    """The compact VAT number (EU, UK, Switzerland, Norway) if its checksum holds, else raise.

    >>> vat_validate("GB 758 0696 34")
    'GB758069634'
    """
    compact = vat_compact(value)
    module = _vat_module(compact)
    if module is _vat:
        return str(_vat.validate(compact))
    body = module.validate(compact)  # the country modules answer without the prefix
    return compact[:2] + str(body).removeprefix(compact[:2]) if body else compact


def vat_is_valid(value: str) -> bool:
    """True when ``value`` is a valid VAT number (EU, UK, Switzerland, Norway)."""
    try:
        vat_validate(value)
    except ValidationError:
        return False
    return True


def bic_validate(value: str) -> str:
    """The compact BIC (8 or 11 characters, valid country) or raise."""
    return str(_bic.validate(value))


def bic_is_valid(value: str) -> bool:
    """True when ``value`` is a well-formed BIC of a known country."""
    return bool(_bic.is_valid(value))


def kvk_validate(value: str) -> str:
    """The eight-digit Dutch Chamber of Commerce number (KvK has no checksum) or raise."""
    digits = re.sub(r"(?i)^\s*(kvk|k\.v\.k\.)[\s:.-]*|[\s.-]", "", value)
    if not digits.isdigit():
        raise InvalidFormat()
    if len(digits) != 8:
        raise InvalidLength()
    return digits


def kvk_is_valid(value: str) -> bool:
    """True when ``value`` is eight digits (optionally with a KvK prefix)."""
    try:
        kvk_validate(value)
    except ValidationError:
        return False
    return True


_KENMERK_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)


def betalingskenmerk_validate(value: str) -> str:
    """A 16-digit Dutch *betalingskenmerk* whose first digit is its mod-11 check, or raise.

    The 15 digits after the check digit are weighted 2, 4, 8, 5, 10, 9, 7, 3, 6, 1, …
    from the right; the check is ``11 - sum % 11`` (11 → 0, 10 → 1).
    """
    digits = re.sub(r"[\s.-]", "", value)
    if not digits.isdigit():
        raise InvalidFormat()
    if len(digits) != 16:
        raise InvalidLength()
    total = sum(int(d) * _KENMERK_WEIGHTS[i % 10] for i, d in enumerate(reversed(digits[1:])))
    check = 11 - total % 11
    check = {11: 0, 10: 1}.get(check, check)
    if check != int(digits[0]):
        raise InvalidChecksum()
    return digits


def betalingskenmerk_is_valid(value: str) -> bool:
    """True when ``value`` is a valid 16-digit betalingskenmerk."""
    try:
        betalingskenmerk_validate(value)
    except ValidationError:
        return False
    return True


def ogm_validate(value: str) -> str:
    """A Belgian structured communication (OGM/VCS, ``+++xxx/xxxx/xxxxx+++``) or raise."""
    return str(_ogm.validate(value))


def ogm_is_valid(value: str) -> bool:
    """True when ``value`` is a valid OGM/VCS reference."""
    return bool(_ogm.is_valid(value))


def rf_validate(value: str) -> str:
    """An ISO 11649 creditor reference (``RF`` + mod-97 check) in compact form, or raise."""
    return str(_rf.validate(value))


def rf_is_valid(value: str) -> bool:
    """True when ``value`` is a valid RF creditor reference."""
    return bool(_rf.is_valid(value))


def payment_reference_kind(value: str) -> str | None:
    """Which structured payment reference ``value`` is: ``rf``, ``ogm``, ``betalingskenmerk``."""
    if rf_is_valid(value):
        return "rf"
    if ogm_is_valid(value):
        return "ogm"
    if betalingskenmerk_is_valid(value):
        return "betalingskenmerk"
    return None
