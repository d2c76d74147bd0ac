"""The matching engine: every payment to its invoice(s), to a person, or left unmatched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from boekstuk.domain.statements import Transaction
from boekstuk.reconcile.index import CandidateIndex, match_batch
from boekstuk.reconcile.matching import match_transaction, rank_candidates
from boekstuk.reconcile.models import Allocation, InvoiceCandidate, MatchConfig
from boekstuk.reconcile.subset import exact_subsets

ACME_IBAN = "NL44RABO0123456789"
OTHER_IBAN = "NL91ABNA0417164300"


def invoice(
    id: str,
    amount: str,
    number: str | None = None,
    *,
    customer: str = "acme",
    name: str = "ACME B.V.",
    ibans: frozenset[str] = frozenset({ACME_IBAN}),
    direction: str = "sales",
    day: int = 2,
    reference: str | None = None,
    kind: str = "invoice",
) -> InvoiceCandidate:
    return InvoiceCandidate(
        id=id,
        customer_id=customer,
        direction=direction,  # type: ignore[arg-type]
        number=number,
        date=date(2026, 1, day),
        open_amount=Decimal(amount),
        payment_reference=reference,
        customer_name=name,
        customer_ibans=ibans,
        kind=kind,  # type: ignore[arg-type]
    )


def payment(
    amount: str,
    description: str = "",
    *,
    iban: str | None = ACME_IBAN,
    name: str | None = "ACME BV",
    day: int = 20,
    code: str | None = None,
    reference: str | None = None,
) -> Transaction:
    return Transaction(
        booking_date=date(2026, 1, day),
        amount=Decimal(amount),
        currency="EUR",
        description=description,
        counterparty_name=name,
        counterparty_iban=iban,
        transaction_code=code,
        payment_reference=reference,
    )


LEDGER = [
    invoice("a", "121.00", "INV-2026-0042"),
    invoice("b", "60.50", "INV-2026-0043"),
    invoice("c", "250.00", "INV-2026-0044"),
    invoice("x", "121.00", "F-77", customer="other", name="Bakkerij Jansen", ibans=frozenset()),
    invoice("p", "121.00", "PO-9", customer="supplier", name="Leverancier", direction="purchase"),
]


def test_exact_number_and_amount_is_matched() -> None:
    d = match_transaction(payment("121.00", "Factuur INV-2026-0042"), LEDGER)
    assert d.status == "matched"
    assert d.allocations == (Allocation("a", Decimal("121.00")),)
    assert d.rule == "invoice_number"
    assert d.confidence >= MatchConfig().auto_threshold
    assert any("INV-2026-0042" in r for r in d.candidates[0].reasons)


def test_reference_with_a_typo_still_matches() -> None:
    d = match_transaction(payment("121.00", "fact INV 2026-0O42", iban=None, name=None), LEDGER)
    assert d.status == "matched"
    assert d.allocations[0].invoice_id == "a"
    assert any("one character wrong" in r for r in d.candidates[0].reasons)


def test_structured_reference_given_by_the_bank() -> None:
    ledger = [*LEDGER, invoice("k", "99.00", "K-1", reference="9000 0001 2345 6789")]
    d = match_transaction(payment("99.00", "", reference="9000000123456789", iban=None), ledger)
    assert d.status == "matched"
    assert d.allocations[0].invoice_id == "k"
    assert d.rule == "reference"


def test_one_payment_for_several_invoices_of_one_customer() -> None:
    d = match_transaction(payment("181.50", "INV-2026-0042 en INV-2026-0043"), LEDGER)
    assert d.status == "matched"
    assert d.rule == "combined"
    assert set(d.allocations) == {
        Allocation("a", Decimal("121.00")),
        Allocation("b", Decimal("60.50")),
    }


def test_several_invoices_found_by_their_sum_and_the_known_iban() -> None:
    d = match_transaction(payment("310.50", "betaling"), LEDGER)
    assert d.status == "matched"
    assert {a.invoice_id for a in d.allocations} == {"b", "c"}


def test_partial_payment_settles_part_of_the_invoice() -> None:
    d = match_transaction(payment("100.00", "INV-2026-0044 termijn 1"), LEDGER)
    assert d.status == "matched"
    assert d.rule == "partial"
    assert d.allocations == (Allocation("c", Decimal("100.00")),)


def test_overpayment_settles_the_invoice_and_reports_the_rest() -> None:
    d = match_transaction(payment("300.00", "INV-2026-0044"), LEDGER)
    assert d.status == "matched"
    assert d.rule == "overpayment"
    assert d.allocations == (Allocation("c", Decimal("250.00")),)
    assert d.unallocated == Decimal("50.00")
    strict = match_transaction(
        payment("300.00", "INV-2026-0044"), LEDGER, MatchConfig(auto_match_overpayments=False)
    )
    assert strict.status == "needs_review"


def test_another_amount_with_a_number_one_character_off_waits_for_a_person() -> None:
    # INV-2026-0045 is not stored (yet); INV-2026-0044 is one character away
    d = match_transaction(
        payment("99.00", "Factuur INV-2026-0045"), [invoice("c", "250.00", "INV-2026-0044")]
    )
    assert d.status == "needs_review"
    assert any("character wrong" in r for c in d.candidates for r in c.reasons)


def test_an_overpayment_that_also_names_another_invoice_is_not_auto_matched() -> None:
    # the rest (100.00) pays INV-2026-0046, which has not arrived
    d = match_transaction(payment("350.00", "INV-2026-0044 en INV-2026-0046"), LEDGER)
    assert d.status == "needs_review"
    assert any("also names INV20260046" in r for c in d.candidates for r in c.reasons)


def test_credit_note_netted_against_an_invoice() -> None:
    ledger = [*LEDGER, invoice("cn", "-50.00", "CN-2026-0001", kind="credit_note")]
    d = match_transaction(payment("200.00", "INV-2026-0044 minus CN-2026-0001"), ledger)
    assert d.status == "matched"
    assert set(d.allocations) == {
        Allocation("c", Decimal("250.00")),
        Allocation("cn", Decimal("-50.00")),
    }
    assert any("credit note" in r for r in d.candidates[0].reasons)


def test_refund_of_a_credit_note_is_money_out() -> None:
    ledger = [invoice("cn", "-50.00", "CN-2026-0001", kind="credit_note")]
    d = match_transaction(payment("-50.00", "terugbetaling CN-2026-0001"), ledger)
    assert d.status == "matched"
    assert d.allocations == (Allocation("cn", Decimal("-50.00")),)


def test_same_amount_twice_for_one_customer_goes_to_review() -> None:
    ledger = [invoice("d1", "75.00", "INV-1001"), invoice("d2", "75.00", "INV-1002", day=5)]
    d = match_transaction(payment("75.00", "betaling"), ledger)
    assert d.status == "needs_review"
    assert {c.invoice_ids for c in d.candidates[:2]} == {("d1",), ("d2",)}
    assert all(c.reasons for c in d.candidates)


def test_payer_from_a_new_iban_is_matched_and_the_iban_learned() -> None:
    d = match_transaction(payment("121.00", "INV-2026-0042", iban=OTHER_IBAN), LEDGER)
    assert d.status == "matched"
    assert d.learn_iban == ("acme", OTHER_IBAN)
    known = match_transaction(payment("121.00", "INV-2026-0042"), LEDGER)
    assert known.learn_iban is None


def test_card_payment_matches_the_receipt_of_that_day() -> None:
    receipts = [
        invoice(
            "r1",
            "12.50",
            None,
            customer="ah",
            name="Albert Heijn",
            ibans=frozenset(),
            direction="purchase",
            day=16,
            kind="receipt",
        ),
        invoice(
            "r2",
            "12.50",
            None,
            customer="shell",
            name="Shell Station",
            ibans=frozenset(),
            direction="purchase",
            day=9,
            kind="receipt",
        ),
    ]
    tx = payment(
        "-12.50",
        "BEA NR:XXXX 16.01.26/12.01 ALBERT HEIJN 1234,PAS123",
        iban=None,
        name=None,
        day=16,
        code="BA",
    )
    d = match_transaction(tx, receipts)
    assert d.status == "matched"
    assert d.rule == "card_receipt"
    assert d.allocations[0].invoice_id == "r1"


def test_money_in_never_settles_a_purchase_invoice() -> None:
    ledger = [invoice("p", "121.00", "PO-9", direction="purchase")]
    d = match_transaction(payment("121.00", "PO-9"), ledger)
    assert d.status == "unmatched"
    assert match_transaction(payment("-121.00", "PO-9"), ledger).status == "matched"


def test_amount_alone_is_for_a_person_and_noise_is_unmatched() -> None:
    amount_only = match_transaction(payment("121.00", "", iban=None, name="Someone"), LEDGER)
    assert amount_only.status == "needs_review"
    assert {c.invoice_ids[0] for c in amount_only.candidates} == {"a", "x"}
    noise = match_transaction(payment("3.33", "rente", iban=None, name="Bank"), LEDGER)
    assert noise.status == "unmatched"
    assert noise.candidates == ()


def test_thresholds_are_settings() -> None:
    tx = payment("121.00", "Factuur INV-2026-0042")
    assert match_transaction(tx, LEDGER, MatchConfig(auto_threshold=2.0)).status == "needs_review"
    loose = MatchConfig(auto_threshold=0.3, auto_margin=0.0)
    assert (
        match_transaction(payment("121.00", "", iban=None, name=None), LEDGER, loose).status
        == "matched"
    )


def test_name_similarity_counts_as_evidence() -> None:
    ranked = rank_candidates(payment("121.00", "", iban=None, name="Bakkerij Jansen"), LEDGER)
    assert ranked[0].invoice_ids == ("x",)
    assert any("Bakkerij Jansen" in r for r in ranked[0].reasons)


def test_paying_long_before_the_invoice_date_costs_score() -> None:
    early = rank_candidates(
        payment("121.00", "INV-2026-0042", day=1), [invoice("a", "121.00", "INV-2026-0042", day=20)]
    )
    late = rank_candidates(
        payment("121.00", "INV-2026-0042", day=25),
        [invoice("a", "121.00", "INV-2026-0042", day=20)],
    )
    assert early[0].weight < late[0].weight
    assert any("before the invoice date" in r for r in early[0].reasons)


def test_subset_sum_is_bounded() -> None:
    many = [invoice(f"i{n}", "10.00", f"INV-{n:04d}") for n in range(200)]
    d = match_transaction(payment("50.00", "betaling"), many)
    assert d.status == "needs_review"
    assert len(exact_subsets([1000] * 200, 5000, max_nodes=1000)) <= 10


# --- index: large ledgers, order of arrival ------------------------------------------------


def _big_ledger() -> list[InvoiceCandidate]:
    out: list[InvoiceCandidate] = []
    for n in range(2000):
        iban = f"NL{n:02d}TEST{n:010d}"
        out.append(
            invoice(
                f"inv{n}",
                f"{100 + n}.{n % 100:02d}",
                f"INV-2026-{n:05d}",
                customer=f"cust{n // 4}",
                name=f"Klant {n // 4} BV",
                ibans=frozenset({iban}),
            )
        )
    return out


def test_index_preselects_the_right_invoices() -> None:
    index = CandidateIndex(_big_ledger())
    tx = payment("1334.34", "factuur INV-2026-01234", iban=None, name=None)
    found = {c.id for c in index.candidates_for(tx)}
    assert "inv1234" in found
    assert len(found) < 100  # its customer's invoices and numbers one character away
    typo = payment("1334.34", "factuur 2026-01284", iban=None, name=None)
    assert "inv1234" in {c.id for c in index.candidates_for(typo)}


def test_batch_settles_invoices_as_it_goes() -> None:
    index = CandidateIndex([invoice("a", "100.00", "INV-7"), invoice("b", "100.00", "INV-8")])
    first, second = match_batch(
        [payment("60.00", "INV-7 deel 1"), payment("40.00", "INV-7 deel 2")], index
    )
    assert first.status == second.status == "matched"
    assert second.allocations == (Allocation("a", Decimal("40.00")),)
    assert index.get("a") is None  # paid in full
    assert index.get("b") is not None


def test_an_invoice_that_arrives_after_its_payment_is_matched_then() -> None:
    index = CandidateIndex([invoice("a", "121.00", "INV-2026-0042")])
    tx = payment("99.00", "INV-2026-0099", iban=None, name=None)
    assert match_batch([tx], index)[0].status == "unmatched"
    index.add(invoice("late", "99.00", "INV-2026-0099", day=25))
    again = match_transaction(tx, index.candidates_for(tx))
    assert again.status == "matched"
    assert again.allocations[0].invoice_id == "late"


def test_same_amount_twice_but_named_is_matched() -> None:
    ledger = [invoice("d1", "75.00", "INV-1001"), invoice("d2", "75.00", "INV-1002", day=5)]
    d = match_transaction(payment("75.00", "factuur INV-1002"), ledger)
    assert d.status == "matched"
    assert d.allocations == (Allocation("d2", Decimal("75.00")),)


def test_a_different_amount_without_a_reference_is_for_a_person() -> None:
    ledger = [invoice("a", "121.00", "INV-2026-0042")]
    d = match_transaction(payment("50.00", "betaling"), ledger)
    assert d.status == "needs_review"
    assert d.candidates[0].invoice_ids == ("a",)
    assert "the payment does not name the invoice" in d.candidates[0].reasons


def test_named_invoices_that_do_not_add_up_are_split_by_a_person() -> None:
    d = match_transaction(payment("150.00", "INV-2026-0042 INV-2026-0043"), LEDGER)
    assert d.status == "needs_review"
    combined = next(c for c in d.candidates if c.rule == "combined_partial")
    assert set(combined.invoice_ids) == {"a", "b"}
    assert sum(a.amount for a in combined.allocations) == Decimal("150.00")


def test_a_zero_amount_settles_nothing() -> None:
    assert match_transaction(payment("0.00", "INV-2026-0042"), LEDGER).status == "unmatched"
