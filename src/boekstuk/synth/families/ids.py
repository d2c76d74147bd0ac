"""Checksum-valid identifiers for the generator families: VAT numbers, IBANs, BICs, references.

In: a :class:`random.Random` and a country code (``NL``, ``BE``, ``DE``, ``AT``, ``FR``,
``LU``, ``GB``, ``IE``, ``CH``). Out: compact identifiers that pass python-stdnum's checks
(check digits computed, or drawn again until valid), the bank (name and BIC) behind each IBAN,
Dutch *betalingskenmerken* (16 digits, mod-11 check digit first), ISO 11649 RF references,
Belgian structured communications (OGM) and French SIRET numbers. Raises nothing.

>>> import random
>>> from boekstuk.domain.identifiers import (
...     betalingskenmerk_is_valid, iban_is_valid, ogm_is_valid, rf_is_valid)
>>> rng = random.Random(4)
>>> all(vat_valid(vat_number(rng, c)) for c in ("NL", "BE", "DE", "AT", "FR", "LU", "GB", "IE", "CH"))
True
>>> all(iban_is_valid(bank_account(rng, c).iban) for c in ("NL", "BE", "DE", "AT", "FR", "LU", "GB", "IE", "CH"))
True
>>> betalingskenmerk_is_valid(betalingskenmerk(rng)), rf_is_valid(rf_reference(rng))
(True, True)
>>> ogm_is_valid(ogm(rng)), ogm(random.Random(1))
(True, '+++291/4177/76370+++')
>>> grouped("7559265145712803", 4)
'7559 2651 4571 2803'
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.ch import vat as ch_vat
from stdnum.gb import vat as gb_vat
from stdnum.iso7064 import mod_97_10

from boekstuk.domain.identifiers import iban_is_valid, vat_is_valid

__all__ = [
    "BankAccount",
    "bank_account",
    "betalingskenmerk",
    "digits",
    "grouped",
    "ogm",
    "rf_reference",
    "siret",
    "vat_number",
    "vat_valid",
]


def digits(rng: random.Random, n: int, *, lead: bool = False) -> str:
    """``n`` random digits (``lead``: the first is not 0)."""
    first = str(rng.randint(1, 9)) if lead and n else ""
    return first + "".join(rng.choice("0123456789") for _ in range(n - len(first)))


def grouped(value: str, size: int = 4, sep: str = " ") -> str:
    """``value`` in groups of ``size`` characters (as IBANs and references are printed)."""
    return sep.join(value[i : i + size] for i in range(0, len(value), size))


def siret(rng: random.Random) -> str:
    """A French SIRET: a Luhn-valid SIREN (9 digits) and an establishment number, Luhn-valid."""
    head = digits(rng, 8, lead=True)
    siren = head + luhn.calc_check_digit(head)
    nic = digits(rng, 4)
    return siren + nic + luhn.calc_check_digit(siren + nic)


def _fr_vat(rng: random.Random) -> str:
    siren = siret(rng)[:9]
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def _nl_vat(rng: random.Random) -> str:
    head = digits(rng, 8, lead=True)
    check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
    return f"NL{head}{check}B{rng.choice(('01', '01', '01', '02', '03'))}"


def _be_vat(rng: random.Random) -> str:
    body = rng.choice("01") + digits(rng, 7)
    body = "0" + body[1:] if int(body) == 0 else body
    return f"BE{body}{97 - int(body) % 97:02d}"


def _ch_vat(rng: random.Random) -> str:
    return "CHE" + digits(rng, 9, lead=True) + "MWST"


_VAT_DRAW = {
    "DE": lambda rng: "DE" + digits(rng, 9, lead=True),
    "AT": lambda rng: "ATU" + digits(rng, 8, lead=True),
    "LU": lambda rng: "LU" + digits(rng, 8, lead=True),
    "GB": lambda rng: "GB" + digits(rng, 9, lead=True),
    "IE": lambda rng: "IE" + digits(rng, 7, lead=True) + rng.choice("ABCDEFGHIJKLMNOPQRSTUVW"),
}


def vat_valid(value: str) -> bool:
    """True when ``value`` passes its country's check (EU members, and GB and CH, which the
    EU VAT module no longer covers)."""
    if value.startswith("GB"):
        return bool(gb_vat.is_valid(value))
    if value.startswith("CHE"):
        return bool(ch_vat.is_valid(value))
    return vat_is_valid(value)


def vat_number(rng: random.Random, country: str) -> str:
    """A compact VAT number of ``country`` that passes its checksum (``CH``: the UID + MWST)."""
    if country == "NL":
        maker = _nl_vat
    elif country == "BE":
        maker = _be_vat
    elif country == "FR":
        maker = _fr_vat
    elif country == "CH":
        maker = _ch_vat
    else:
        maker = _VAT_DRAW[country]
    while True:  # a drawn number whose check digit cannot exist: draw again
        value = maker(rng)
        if vat_valid(value):
            return value


@dataclass(frozen=True, slots=True)
class BankAccount:
    """An account: IBAN (compact), the bank's name and BIC, and national details when printed."""

    iban: str
    bank: str
    bic: str
    sort_code: str = ""  # GB/IE: the six digits inside the IBAN
    account: str = ""  # GB/IE: the eight-digit account number


# per country: (bank code in the IBAN, bank name, BIC)
_BANKS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "NL": (
        ("RABO", "Rabobank", "RABONL2U"),
        ("INGB", "ING Bank", "INGBNL2A"),
        ("ABNA", "ABN AMRO", "ABNANL2A"),
        ("TRIO", "Triodos Bank", "TRIONL2U"),
        ("SNSB", "SNS", "SNSBNL2A"),
        ("BUNQ", "bunq", "BUNQNL2A"),
        ("KNAB", "Knab", "KNABNL2H"),
    ),
    "DE": (
        ("10070000", "Deutsche Bank", "DEUTDEBBXXX"),
        ("37040044", "Commerzbank", "COBADEFFXXX"),
        ("50010517", "ING-DiBa", "INGDDEFFXXX"),
        ("70150000", "Stadtsparkasse München", "SSKMDEMMXXX"),
        ("20050550", "Hamburger Sparkasse", "HASPDEHHXXX"),
        ("43060967", "GLS Bank", "GENODEM1GLS"),
        ("60050101", "BW-Bank", "SOLADEST600"),
    ),
    "AT": (
        ("12000", "UniCredit Bank Austria", "BKAUATWWXXX"),
        ("20111", "Erste Bank", "GIBAATWWXXX"),
        ("32000", "Raiffeisenbank", "RLNWATWWXXX"),
    ),
    "FR": (
        ("30004", "BNP Paribas", "BNPAFRPPXXX"),
        ("30003", "Société Générale", "SOGEFRPP"),
        ("10278", "Crédit Mutuel", "CMCIFR2A"),
        ("30002", "LCL", "CRLYFRPP"),
        ("20041", "La Banque Postale", "PSSTFRPPXXX"),
    ),
    "BE": (
        ("001", "BNP Paribas Fortis", "GEBABEBB"),
        ("363", "ING België", "BBRUBEBB"),
        ("734", "KBC", "KREDBEBB"),
        ("068", "Belfius", "GKCCBEBB"),
    ),
    "LU": (("001", "Spuerkeess", "BCEELULL"), ("002", "BIL", "BILLLULL")),
    "GB": (
        ("NWBK", "NatWest", "NWBKGB2L"),
        ("BARC", "Barclays", "BARCGB22"),
        ("HBUK", "HSBC UK", "HBUKGB4B"),
        ("LOYD", "Lloyds Bank", "LOYDGB2L"),
    ),
    "IE": (("AIBK", "AIB", "AIBKIE2D"), ("BOFI", "Bank of Ireland", "BOFIIE2D")),
    "CH": (("00762", "UBS", "UBSWCHZH80A"), ("00700", "Zürcher Kantonalbank", "ZKBKCHZZ80A")),
}


def _bban(rng: random.Random, country: str, code: str) -> tuple[str, str, str]:
    """The national account part of the IBAN (and sort code and account number for GB/IE)."""
    if country == "NL":
        return code + digits(rng, 10), "", ""
    if country == "DE":
        return code + digits(rng, 10), "", ""
    if country == "AT":
        return code + digits(rng, 11), "", ""
    if country == "FR":
        return code + digits(rng, 5) + digits(rng, 11) + digits(rng, 2), "", ""
    if country == "BE":
        body = code + digits(rng, 7)
        check = int(body) % 97 or 97
        return f"{body}{check:02d}", "", ""
    if country == "LU":
        return code + digits(rng, 13), "", ""
    if country == "CH":
        return code + digits(rng, 12), "", ""
    sort_code, account = digits(rng, 6), digits(rng, 8)  # GB, IE
    return code + sort_code + account, sort_code, account


def bank_account(rng: random.Random, country: str) -> BankAccount:
    """An account at a bank of ``country`` with a valid IBAN."""
    code, bank, bic = rng.choice(_BANKS[country])
    while True:
        bban, sort_code, account = _bban(rng, country, code)
        iban = country + std_iban.calc_check_digits(country + "00" + bban) + bban
        if iban_is_valid(iban):
            return BankAccount(iban, bank, bic, sort_code, account)


def betalingskenmerk(rng: random.Random) -> str:
    """A 16-digit Dutch payment reference whose first digit is the mod-11 check."""
    weights = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)
    body = digits(rng, 15)
    total = sum(int(d) * weights[i % 10] for i, d in enumerate(reversed(body)))
    check = {11: 0, 10: 1}.get(11 - total % 11, 11 - total % 11)
    return f"{check}{body}"


def rf_reference(rng: random.Random) -> str:
    """An ISO 11649 creditor reference (``RF`` + mod-97 check digits + up to 21 characters)."""
    body = digits(rng, rng.randint(8, 16), lead=True)
    return f"RF{mod_97_10.calc_check_digits(body + 'RF')}{body}"


def ogm(rng: random.Random) -> str:
    """A Belgian structured communication ``+++123/4567/89012+++`` (10 digits, mod-97 check)."""
    body = digits(rng, 10)
    text = f"{body}{int(body) % 97 or 97:02d}"
    return f"+++{text[:3]}/{text[3:7]}/{text[7:]}+++"
