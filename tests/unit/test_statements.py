"""The statement model, its balance check and dedupe key, and the CAMT/MT940/CSV readers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from boekstuk.domain.errors import DocumentError, ErrorCode, UnsupportedTypeError
from boekstuk.domain.statements import (
    Statement,
    Transaction,
    assign_sequences,
    balance_problems,
    contract_json,
    natural_key,
    new_transactions,
)
from boekstuk.engines.bank_csv import parse_bank_csv
from boekstuk.engines.camt import parse_camt053
from boekstuk.engines.mt940 import parse_mt940, parse_structured_86
from boekstuk.engines.protocols import StatementReader
from boekstuk.engines.statement_registry import pick_reader, read_statements, statement_readers

OUR_IBAN = "NL91ABNA0417164300"
THEIR_IBAN = "NL44RABO0123456789"


def tx(amount: str, day: int = 5, description: str = "x", **kw: object) -> Transaction:
    return Transaction(date(2026, 1, day), Decimal(amount), "EUR", description=description, **kw)  # type: ignore[arg-type]


# --- model ---------------------------------------------------------------------------------


def test_balance_check_passes_when_opening_plus_sum_is_closing() -> None:
    st = Statement(OUR_IBAN, "EUR", Decimal("100.00"), Decimal("80.00"), (tx("-30"), tx("10")))
    check = st.balance_check()
    assert check.ok is True
    assert check.difference == Decimal("0.00")


def test_balance_check_shows_the_difference() -> None:
    st = Statement(OUR_IBAN, "EUR", Decimal("100.00"), Decimal("85.00"), (tx("-30"), tx("10")))
    check = st.balance_check()
    assert check.ok is False
    assert check.computed_closing == Decimal("80.00")
    assert check.difference == Decimal("-5.00")


def test_balance_check_is_unknown_without_balances() -> None:
    st = Statement(OUR_IBAN, "EUR", None, None, (tx("-30"),))
    assert st.balance_check().ok is None


def test_natural_key_ignores_formatting_but_not_content() -> None:
    a = tx("12.5", description="Factuur 42", counterparty_iban=THEIR_IBAN)
    b = tx("12.50", description="FACTUUR-42 ", counterparty_iban=THEIR_IBAN)
    assert natural_key(OUR_IBAN, a) == natural_key(OUR_IBAN, b)
    assert len(natural_key(OUR_IBAN, a)) == 64
    assert natural_key(OUR_IBAN, a) != natural_key(OUR_IBAN, tx("12.51", description="Factuur 42"))
    assert natural_key(OUR_IBAN, a) != natural_key("NL02ABNA0123456789", a)
    assert natural_key(OUR_IBAN, a) != natural_key(
        OUR_IBAN, tx("12.5", day=6, description="Factuur 42")
    )


def test_bank_reference_keys_a_transaction_without_description() -> None:
    a = tx("5", description="", bank_reference="REF1")
    b = tx("5", description="", bank_reference="REF2")
    assert natural_key(OUR_IBAN, a) != natural_key(OUR_IBAN, b)


def test_true_repeats_on_one_day_get_sequences_and_survive() -> None:
    coffee = tx("-3.20", description="Koffie bar")
    keyed = assign_sequences(OUR_IBAN, [coffee, tx("-9"), coffee])
    assert [seq for _, seq in keyed] == [0, 0, 1]
    assert keyed[0][0] == keyed[2][0]


def test_the_same_statement_twice_or_overlapping_adds_nothing_twice() -> None:
    coffee = tx("-3.20", description="Koffie bar")
    first = new_transactions(OUR_IBAN, [coffee, coffee, tx("-9", day=4)], set())
    stored = {(key, seq) for _, key, seq in first}
    assert len(first) == 3
    assert new_transactions(OUR_IBAN, [coffee, coffee, tx("-9", day=4)], stored) == []
    overlapping = new_transactions(OUR_IBAN, [coffee, coffee, tx("7", day=6)], stored)
    assert [t.amount for t, _, _ in overlapping] == [Decimal("7")]


# --- CAMT.053 ------------------------------------------------------------------------------

CAMT = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
 <BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr>
  <Stmt><Id>S1</Id>
   <FrToDt><FrDtTm>2026-01-01T00:00:00</FrDtTm><ToDtTm>2026-01-31T23:59:59</ToDtTm></FrToDt>
   <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
   <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2025-12-31</Dt></Dt></Bal>
   <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">221.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-31</Dt></Dt></Bal>
   <Ntry><Amt Ccy="EUR">121.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><Dt>2026-01-15</Dt></BookgDt><ValDt><Dt>2026-01-16</Dt></ValDt>
    <AcctSvcrRef>BANKREF1</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
    <NtryDtls><TxDtls><Refs><EndToEndId>E2E-42</EndToEndId></Refs>
     <RltdPties><Dbtr><Pty><Nm>ACME B.V.</Nm></Pty></Dbtr>
      <DbtrAcct><Id><IBAN>NL44 RABO 0123 4567 89</IBAN></Id></DbtrAcct></RltdPties>
     <RmtInf><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
    </TxDtls></NtryDtls></Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>"""


def test_camt_reads_balances_and_counterparty() -> None:
    (st,) = parse_camt053(CAMT)
    assert st.account_iban == OUR_IBAN
    assert (st.period_start, st.period_end) == (date(2026, 1, 1), date(2026, 1, 31))
    assert st.balance_check().ok is True
    (t,) = st.transactions
    assert t.amount == Decimal("121.00")
    assert (t.booking_date, t.value_date) == (date(2026, 1, 15), date(2026, 1, 16))
    assert t.counterparty_name == "ACME B.V."
    assert t.counterparty_iban == THEIR_IBAN
    assert t.end_to_end_id == "E2E-42"
    assert t.payment_reference == "RF18539007547034"
    assert t.bank_reference == "BANKREF1"
    assert t.transaction_code == "PMNT/RCDT/ESCT"


def test_camt_debit_is_negative_and_names_the_creditor() -> None:
    data = (
        CAMT.replace(b"<CdtDbtInd>CRDT</CdtDbtInd><Sts>", b"<CdtDbtInd>DBIT</CdtDbtInd><Sts>")
        .replace(b"Dbtr>", b"Cdtr>")
        .replace(b"DbtrAcct>", b"CdtrAcct>")
    )
    (st,) = parse_camt053(data)
    assert st.transactions[0].amount == Decimal("-121.00")
    assert st.transactions[0].counterparty_name == "ACME B.V."
    assert st.balance_check().difference == Decimal("-242.00")


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&lol3;</BkToCstmrStmt></Document>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&xxe;</BkToCstmrStmt></Document>"""


@pytest.mark.parametrize("data", [BOMB, XXE], ids=["billion-laughs", "external-entity"])
def test_camt_refuses_entities_instead_of_expanding_them(data: bytes) -> None:
    with pytest.raises(DocumentError) as err:
        read_statements(data, "application/xml")
    assert err.value.code == ErrorCode.UNSAFE_XML


@pytest.mark.parametrize(
    "data",
    [b"<Document><BkToCstmrStmt><Stmt>", b"<Document><Other/></Document>"],
    ids=["broken", "not-camt"],
)
def test_camt_malformed_input_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(DocumentError) as err:
        parse_camt053(data)
    assert err.value.code == ErrorCode.MALFORMED_STATEMENT


# --- MT940 ---------------------------------------------------------------------------------

ING_MT940 = b""":20:P140220000000001
:25:NL91ABNA0417164300EUR
:28C:00000
:60F:C260101EUR100,00
:61:2601150115C121,00NTRFEREF//00000000001005
/TRCD/00100/
:86:/EREF/E2E-42//CNTP/NL44RABO0123456789/RABONL2U/ACME BV/AMSTERDAM//REMI/USTD//Factuur INV-2026-0042/
:61:2601160116D21,00NTRFNONREF//00000000001006
:86:/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/LEVERANCIER/REMI/STRD/CUR/9000000123456789/EREF/NOTPROVIDED
:62F:C260131EUR200,00
"""


def test_mt940_reads_dutch_structured_86() -> None:
    (st,) = parse_mt940(ING_MT940)
    assert st.account_iban == OUR_IBAN
    assert st.balance_check().ok is True
    first, second = st.transactions
    assert first.amount == Decimal("121.00")
    assert first.counterparty_iban == THEIR_IBAN
    assert first.counterparty_name == "ACME BV"
    assert first.end_to_end_id == "E2E-42"
    assert first.description == "Factuur INV-2026-0042"
    assert second.amount == Decimal("-21.00")
    assert second.counterparty_name == "LEVERANCIER"
    assert second.payment_reference == "9000000123456789"
    assert second.end_to_end_id is None


def test_mt940_splits_statements_and_checks_each() -> None:
    data = ING_MT940 + ING_MT940.replace(b":62F:C260131EUR200,00", b":62F:C260131EUR199,00")
    first, second = parse_mt940(data)
    assert first.balance_check().ok is True
    assert second.balance_check().difference == Decimal("1.00")


def test_rabobank_86_with_ordering_party_and_iban_in_61() -> None:
    data = b""":20:940S140102
:25:NL91ABNA0417164300 EUR
:28C:0
:60F:C131231EUR000000004433,52
:61:140102C000000000400,00N541NONREF
NL44RABO0123456789
:86:/ORDP//NAME/R. SMITH/ADDR/Green market 74 3311BE Sheepcity/REMI/Factuur 2026-7
:62F:C140102EUR000000004833,52
"""
    (st,) = parse_mt940(data)
    (t,) = st.transactions
    assert (t.counterparty_name, t.counterparty_iban) == ("R. SMITH", THEIR_IBAN)
    assert t.description == "Factuur 2026-7"


def test_parse_structured_86_abn_amro() -> None:
    fields = parse_structured_86(
        "/TRTP/iDEAL/IBAN/NL44RABO0123456789/BIC/RABONL2U/NAME/Shop/REMI/order 1/EREF/X1"
    )
    assert fields["counterparty_iban"] == THEIR_IBAN
    assert fields["remittance"] == "order 1"
    assert fields["end_to_end_id"] == "X1"


def test_mt940_without_statements_is_malformed() -> None:
    with pytest.raises(DocumentError) as err:
        parse_mt940(b"hello :61: nothing")
    assert err.value.code == ErrorCode.MALFORMED_STATEMENT


# --- CSV -----------------------------------------------------------------------------------

ING_CSV = (
    '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";'
    '"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"\n'
    '"20260116";"Albert Heijn 1234";"NL91ABNA0417164300";"";"BA";"Af";"12,50";"Betaalautomaat";'
    '"Pasvolgnr: 001 16-01-2026 12:01 Transactie: 123 Term: ABC";"208,50";""\n'
    '"20260115";"ACME BV";"NL91ABNA0417164300";"NL44RABO0123456789";"GT";"Bij";"121,00";"Online bankieren";'
    '"Naam: ACME BV Omschrijving: Factuur INV-2026-0042 IBAN: NL44RABO0123456789 Kenmerk: 9000000123456789";'
    '"221,00";""\n'
)
RABO_CSV = (
    '"IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag","Saldo na trn",'
    '"Tegenrekening IBAN/BBAN","Naam tegenpartij","Naam uiteindelijke partij","Naam initiërende partij",'
    '"BIC tegenpartij","Code","Batch ID","Transactiereferentie","Machtigingskenmerk","Incassant ID",'
    '"Betalingskenmerk","Omschrijving-1","Omschrijving-2","Omschrijving-3","Reden retour",'
    '"Oorspr bedrag","Oorspr munt","Koers"\n'
    '"NL91ABNA0417164300","EUR","ABNANL2A","000000000000007001","2026-01-15","2026-01-15","+1.121,00",'
    '"+1.221,00","NL44RABO0123456789","ACME BV","","","RABONL2U","cb","","E2E-42","","","",'
    '"Factuur INV-2026-0042","","","","","",""\n'
    '"NL91ABNA0417164300","EUR","ABNANL2A","000000000000007002","2026-01-16","2026-01-16","-21,00",'
    '"+1.200,00","","Café de Hoek","","","","bc","","","","","","Betaalautomaat","","","","","",""\n'
)
ABN_TXT = (
    "417164300\tEUR\t20260115\t100,00\t221,00\t20260115\t121,00\t"
    "/TRTP/SEPA OVERBOEKING/IBAN/NL44RABO0123456789/BIC/RABONL2U/NAME/ACME BV/REMI/Factuur INV-2026-0042/EREF/NOTPROVIDED\n"
    "417164300\tEUR\t20260116\t221,00\t200,00\t20260116\t-21,00\t"
    "BEA   NR:XXXX   16.01.26/12.01 Cafe de Hoek,PAS123\n"
)
BUNQ_CSV = (
    '"Date";"Interest Date";"Amount";"Account";"Counterparty";"Name";"Description"\n'
    '"2026-01-15";"2026-01-15";"121,00";"NL91ABNA0417164300";"NL44RABO0123456789";"ACME BV";"Factuur INV-2026-0042"\n'
    '"2026-01-16";"2026-01-16";"-21,00";"NL91ABNA0417164300";"";"Cafe de Hoek";"Card payment"\n'
)


@pytest.mark.parametrize(
    ("data", "bank", "balanced"),
    [
        (ING_CSV.encode(), "csv-ing", True),
        (RABO_CSV.encode("cp1252"), "csv-rabobank", True),
        (ABN_TXT.encode(), "csv-abnamro", True),
        (BUNQ_CSV.encode(), "csv-bunq", None),
    ],
    ids=["ing", "rabobank-cp1252", "abnamro-txt", "bunq"],
)
def test_bank_csv_exports(data: bytes, bank: str, balanced: bool | None) -> None:
    (st,) = read_statements(data, "text/csv")
    assert st.source_format == bank
    assert st.balance_check().ok is balanced
    credit = next(t for t in st.transactions if t.amount > 0)
    debit = next(t for t in st.transactions if t.amount < 0)
    assert credit.booking_date == date(2026, 1, 15)
    assert credit.amount in (Decimal("121.00"), Decimal("1121.00"))
    assert credit.counterparty_iban == THEIR_IBAN
    assert "INV-2026-0042" in credit.description
    assert debit.amount == Decimal("-21.00") or debit.amount == Decimal("-12.50")
    assert st.transactions[0].booking_date <= st.transactions[-1].booking_date


def test_ing_csv_balances_and_order() -> None:
    (st,) = parse_bank_csv(ING_CSV.encode())
    assert [t.amount for t in st.transactions] == [Decimal("121.00"), Decimal("-12.50")]
    assert (st.opening_balance, st.closing_balance) == (Decimal("100.00"), Decimal("208.50"))
    assert st.transactions[0].payment_reference == "9000000123456789"
    assert st.transactions[1].transaction_code == "BA"


def test_unknown_csv_header_is_refused() -> None:
    with pytest.raises(UnsupportedTypeError):
        read_statements(b"a,b,c\n1,2,3\n", "text/csv")
    with pytest.raises(DocumentError) as err:
        parse_bank_csv(b"a,b,c\n1,2,3\n")
    assert err.value.code == ErrorCode.MALFORMED_STATEMENT


def test_bad_amount_in_csv_is_malformed() -> None:
    with pytest.raises(DocumentError):
        parse_bank_csv(BUNQ_CSV.replace('"121,00"', '"twelve"').encode())


# --- registry ------------------------------------------------------------------------------


def test_registry_picks_by_content() -> None:
    assert pick_reader(CAMT).name == "camt053"
    assert pick_reader(ING_MT940).name == "mt940"
    assert pick_reader(RABO_CSV.encode()).name == "bank_csv"


@pytest.mark.parametrize("junk", [b"", b"\x00\x01\x02", b"%PDF-1.7 junk", b"<html></html>", b"{}"])
def test_every_reader_declines_or_fails_cleanly_on_junk(junk: bytes) -> None:
    for reader in statement_readers():
        assert isinstance(reader, StatementReader)
        if reader.score(junk, "application/octet-stream") is not None:
            with pytest.raises(DocumentError):
                reader.read(junk)
    with pytest.raises(UnsupportedTypeError):
        read_statements(junk)


def test_pending_camt_entries_are_not_booked() -> None:
    pending = CAMT.replace(b"<Sts><Cd>BOOK</Cd></Sts>", b"<Sts><Cd>PDNG</Cd></Sts>")
    (st,) = parse_camt053(pending)
    assert st.transactions == ()


def test_contract_json_and_balance_problems() -> None:
    data = ING_MT940 + ING_MT940.replace(b":62F:C260131EUR200,00", b":62F:C260131EUR199,00")
    statements = parse_mt940(data)
    shown = contract_json(statements)
    assert shown["statement"] == {
        "account_iban": OUR_IBAN,
        "currency": "EUR",
        "opening_balance": "100.00",
        "closing_balance": "199.00",
        "period_start": "2026-01-15",
        "period_end": "2026-01-31",
    }
    transactions = shown["transactions"]
    assert isinstance(transactions, list) and len(transactions) == 4
    assert transactions[0] == {
        "date": "2026-01-15",
        "amount": "121.00",
        "currency": "EUR",
        "description": "Factuur INV-2026-0042",
        "counterparty_name": "ACME BV",
        "counterparty_iban": THEIR_IBAN,
        "reference": "E2E-42",
    }
    (problem,) = balance_problems(statements)
    assert "difference 1.00" in problem
