"""What a line of a party block is: names are never attention lines, labels or addresses."""

from __future__ import annotations

import pytest

from boekstuk.domain.names import LineKind, clean_name, is_real_name, line_kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("t.a.v. administratie", LineKind.ATTENTION),
        ("T.a.v. de heer J. Jansen", LineKind.ATTENTION),
        ("Ter attentie van de crediteurenadministratie", LineKind.ATTENTION),
        ("Afdeling inkoop", LineKind.ATTENTION),
        ("z. Hd. Herrn Müller", LineKind.ATTENTION),
        ("Abteilung Buchhaltung", LineKind.ATTENTION),
        ("Attn. Accounts Payable", LineKind.ATTENTION),
        ("À l'attention de Mme Dupont", LineKind.ATTENTION),
        ("Herrn", LineKind.SALUTATION),
        ("Factuuradres:", LineKind.LABEL),
        ("Bill to", LineKind.LABEL),
        ("Rechnungsempfänger", LineKind.LABEL),
        ("Kunden-Nr.: 4711", LineKind.LABEL),
        ("Keizersgracht 12-3", LineKind.STREET),
        ("Musterstr. 18a", LineKind.STREET),
        ("12 rue de la Paix", LineKind.STREET),
        ("221B Baker Street", LineKind.STREET),
        ("209 Flynn Locks", LineKind.STREET),
        ("Postbus 1234", LineKind.POBOX),
        ("1015 CJ Amsterdam", LineKind.POSTCODE_CITY),
        ("D-12345 Berlin", LineKind.POSTCODE_CITY),
        ("75008 Paris", LineKind.POSTCODE_CITY),
        ("London SW1A 1AA", LineKind.POSTCODE_CITY),
        ("Deutschland", LineKind.COUNTRY),
        ("T +31 20 123 4567", LineKind.CONTACT),
        ("E-mail: info@jansen.nl", LineKind.CONTACT),
        ("www.jansen.nl", LineKind.CONTACT),
        ("IBAN NL91 ABNA 0417 1643 00", LineKind.IDENTIFIER),
        ("USt-IdNr.: DE136695976", LineKind.IDENTIFIER),
        ("(Not to be used for payment remittance)", LineKind.NOTICE),
        ("Factuur 2026-0042", LineKind.NOTICE),
        ("Jansen Installatietechniek B.V.", LineKind.NAME),
        ("Booking.com B.V.", LineKind.NAME),
        ("Swift & Hill Ltd", LineKind.NAME),
        ("Amazon Web Services, Inc.", LineKind.NAME),
        ("BIC INGDDEFFXXX", LineKind.IDENTIFIER),
        ("Amtsgericht Köln HRB 6542", LineKind.IDENTIFIER),
        ("Liselotte Müllermann", LineKind.NAME),
        ("Au bon moulin SARL", LineKind.NAME),
    ],
)
def test_line_kinds_in_four_languages(text: str, kind: LineKind) -> None:
    assert line_kind(text) is kind


@pytest.mark.parametrize(
    "text",
    ["t.a.v. administratie", "1317 YB 's-Heer Hendrikskinderen", "KB-2026-1000", "", "Bill to:"],
)
def test_what_is_never_a_customer_name(text: str) -> None:
    assert not is_real_name(text)


def test_notices_and_labels_are_cleaned_off_a_name() -> None:
    notice = "(Not to be used for payment remittance) Amazon Web Services, Inc."
    assert clean_name(notice) == "Amazon Web Services, Inc."
    assert clean_name("Name: Bakkerij De Korenbloem") == "Bakkerij De Korenbloem"
    assert is_real_name(notice)
