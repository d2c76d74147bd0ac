"""Party normalisation, scoring and the match/review/new decision (no I/O)."""

from __future__ import annotations

import pytest

from boekstuk.domain.names import match_key, name_score, normalise_name
from boekstuk.domain.parties import (
    Candidate,
    Direction,
    Ours,
    Outcome,
    Party,
    Thresholds,
    counterparty,
    decide,
    parse_place,
    party_from_fields,
)

VAT = "NL000099998B57"
IBAN = "NL91ABNA0417164300"


def _fields(**values: str) -> dict[str, dict[str, str]]:
    return {name: {"value": value} for name, value in values.items()}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jansen Installatietechniek B.V.", "jansen installatietechniek"),
        ("JANSEN INSTALLATIETECHNIEK BV", "jansen installatietechniek"),
        ("Jansen Installatietechniek b.v", "jansen installatietechniek"),
        ("B.V. Jansen Installatietechniek", "jansen installatietechniek"),
        ("Philips N.V.", "philips"),
        ("Bakkerij De Korenbloem V.O.F.", "bakkerij de korenbloem"),
        ("Müller & Söhne GmbH & Co. KG", "muller sohne"),
        ("Siemens AG", "siemens"),
        ("Acme Widgets Ltd.", "acme widgets"),
        ("Acme Widgets Limited", "acme widgets"),
        ("Boulangerie Dupont SARL", "boulangerie dupont"),
        ("Boulangerie Dupont S.A.R.L.", "boulangerie dupont"),
        ("Garage 't Hoekje", "garage t hoekje"),
        ("Jansen B.V. t.a.v. de administratie", "jansen"),
        ("Jansen B.V.\nT.a.v. P. de Vries", "jansen"),
        ("Jansen B.V., Attn: Accounts Payable", "jansen"),
        ("Schmidt GmbH z.Hd. Herrn Weber", "schmidt"),
    ],
)
def test_names_are_normalised_without_legal_form_case_and_punctuation(
    raw: str, expected: str
) -> None:
    assert normalise_name(raw) == expected


def test_ocr_confusions_are_folded_in_words_but_numbers_stay() -> None:
    assert match_key("Bakkerij De K0renbloem") == match_key("Bakkerij De Korenbloem")
    assert match_key("Ga1erie Noord") == match_key("Galerie Noord")
    assert match_key("Studio 54 B.V.") == "studio 54"


def test_a_legal_form_alone_is_kept_as_the_name() -> None:
    assert normalise_name("B.V.") == "bv"


@pytest.mark.parametrize(
    ("address", "postcode", "city"),
    [
        ("Keizersgracht 1, 1015 CJ Amsterdam", "1015CJ", "amsterdam"),
        ("Dorpsstraat 12\n3511AB  UTRECHT", "3511AB", "utrecht"),
        ("Hauptstraße 5, 10115 Berlin", "10115", "berlin"),
        ("12 rue de la Paix, 75002 Paris", "75002", "paris"),
        ("Grote Markt 1, B-1000 Brussel", "1000", "brussel"),
        ("somewhere without a postcode", None, None),
        (None, None, None),
    ],
)
def test_postcode_and_city_are_read_from_an_address(
    address: str | None, postcode: str | None, city: str | None
) -> None:
    assert parse_place(address) == (postcode, city)


def test_scores_ignore_word_order_and_punish_other_names() -> None:
    assert name_score("korenbloem bakkerij", "bakkerij korenbloem") == 100
    assert name_score("jansen installatietechniek", "jansen instalatietechniek") > 95
    assert name_score("jansen installatietechniek", "pietersen schilderwerken") < 50
    assert name_score("", "jansen") == 0


def test_party_from_fields_keeps_only_valid_identifiers() -> None:
    party = party_from_fields(
        _fields(
            seller_name="Jansen B.V.",
            seller_vat="NL 0000.99998.B57",
            seller_iban="nl91 abna 0417 1643 00",
            seller_coc="KvK 1234 5678",
            seller_address="Keizersgracht 1, 1015 CJ Amsterdam",
            buyer_vat="NL123456789B01",
        ),
        "seller",
    )
    assert (party.vat_number, party.iban, party.coc_number) == (VAT, IBAN, "12345678")
    assert (party.postcode, party.city, party.country) == ("1015CJ", "amsterdam", "NL")
    assert party_from_fields(_fields(buyer_vat="NL123456789B01"), "buyer").vat_number is None


def test_we_are_the_seller_so_the_buyer_is_the_customer_of_a_sales_invoice() -> None:
    fields = _fields(seller_name="Jansen B.V.", seller_vat=VAT, buyer_name="Bakkerij Korenbloem")
    found = counterparty(fields, "invoice", Ours(vat_number=VAT))
    assert found is not None
    assert found.direction is Direction.SALES and found.party.name == "Bakkerij Korenbloem"


def test_we_are_the_buyer_so_the_seller_is_the_supplier_of_a_purchase_invoice() -> None:
    fields = _fields(seller_name="Jansen B.V.", buyer_name="Bakkerij Korenbloem", buyer_iban=IBAN)
    found = counterparty(fields, "invoice", Ours(ibans=(IBAN,)))
    assert found is not None
    assert found.direction is Direction.PURCHASE and found.party.name == "Jansen B.V."
    by_name = counterparty(fields, "invoice", Ours(legal_name="Bakkerij Korenbloem V.O.F."))
    assert by_name is not None and by_name.party.name == "Jansen B.V."


def test_without_a_profile_a_document_is_a_purchase_from_its_seller() -> None:
    found = counterparty(_fields(seller_name="Jansen B.V.", buyer_name="X"), "invoice", Ours())
    assert found is not None
    assert found.direction is Direction.PURCHASE and "profile is empty" in found.reason


def test_the_entities_stage_may_say_which_party_is_us() -> None:
    fields = _fields(seller_name="Jansen B.V.", buyer_name="Bakkerij Korenbloem")
    found = counterparty(fields, "invoice", Ours(), our_party="seller")
    assert found is not None and found.direction is Direction.SALES


def test_our_own_company_never_becomes_the_counterparty() -> None:
    fields = _fields(seller_name="Jansen B.V.", seller_vat=VAT)
    assert counterparty(fields, "receipt", Ours(vat_number=VAT)) is None
    assert (
        counterparty(
            _fields(seller_name="Jansen B.V.", seller_vat=VAT), "invoice", Ours(vat_number=VAT)
        )
        is None
    )


def test_a_receipt_is_a_purchase_of_its_merchant() -> None:
    found = counterparty(_fields(seller_name="Albert Heijn 1234"), "receipt", Ours(vat_number=VAT))
    assert found is not None
    assert found.direction is Direction.PURCHASE and found.party.name == "Albert Heijn 1234"


def _party(name: str, postcode: str | None = None, vat: str | None = None) -> Party:
    return Party(name=name, postcode=postcode, vat_number=vat)


def _candidate(
    id_: int, name: str, postcode: str | None = None, vat: str | None = None
) -> Candidate:
    return Candidate(id_, match_key(name), postcode, None, vat)


def test_the_same_name_in_another_legal_form_matches() -> None:
    decision = decide(
        _party("JANSEN INSTALLATIETECHNIEK BV"),
        [_candidate(1, "Jansen Installatietechniek B.V.")],
        Thresholds(),
    )
    assert decision.outcome is Outcome.MATCH and decision.best is not None
    assert decision.best.candidate.id == 1


def test_a_close_but_uncertain_name_asks_for_review_with_scores() -> None:
    decision = decide(
        _party("Jansen Installatie"),
        [_candidate(1, "Jansen Installatietechniek B.V.")],
        Thresholds(),
    )
    assert decision.outcome is Outcome.REVIEW
    assert decision.best is not None and decision.best.as_json()["customer_id"] == "1"


def test_an_unlike_name_is_new() -> None:
    decision = decide(
        _party("Pietersen Schilderwerken"),
        [_candidate(1, "Jansen Installatietechniek")],
        Thresholds(),
    )
    assert decision.outcome is Outcome.NEW


def test_a_postcode_confirms_a_near_name_and_a_different_one_weakens_it() -> None:
    near = _party("Jansen Instalatietechniek", postcode="1015CJ")
    same_place = decide(near, [_candidate(1, "Jansen Installatietechniek", "1015CJ")], Thresholds())
    other_place = decide(
        near, [_candidate(1, "Jansen Installatietechniek", "9999ZZ")], Thresholds()
    )
    assert same_place.best is not None and other_place.best is not None
    assert same_place.best.total > other_place.best.total


def test_an_exact_name_still_matches_after_a_move() -> None:
    decision = decide(
        _party("Jansen Installatietechniek", "3511AB"),
        [_candidate(1, "Jansen Installatietechniek BV", "1015CJ")],
        Thresholds(),
    )
    assert decision.outcome is Outcome.MATCH


def test_different_vat_numbers_are_different_companies_whatever_the_name() -> None:
    decision = decide(
        _party("Jansen B.V.", vat="DE136695976"),
        [_candidate(1, "Jansen B.V.", vat=VAT)],
        Thresholds(),
    )
    assert decision.outcome is Outcome.NEW


def test_two_equally_good_candidates_are_not_guessed_between() -> None:
    decision = decide(
        _party("Jansen Bouw"),
        [_candidate(1, "Jansen Bouw B.V."), _candidate(2, "Jansen Bouw V.O.F.")],
        Thresholds(),
    )
    assert decision.outcome is Outcome.REVIEW


def test_thresholds_are_parameters() -> None:
    party, candidates = _party("Jansen Installatie"), [_candidate(1, "Jansen Installatietechniek")]
    assert decide(party, candidates, Thresholds(match=60, review=50)).outcome is Outcome.MATCH
    assert decide(party, candidates, Thresholds(match=99, review=98)).outcome is Outcome.NEW


def test_settings_refuse_a_review_threshold_above_the_match_threshold() -> None:
    from boekstuk.config import Settings

    with pytest.raises(ValueError, match="PARTY_REVIEW_THRESHOLD"):
        Settings(party_match_threshold=80, party_review_threshold=90)
    settings = Settings(party_match_threshold=92, party_review_threshold=70)
    from boekstuk.services.wiring import parties_config

    thresholds = parties_config(settings).thresholds
    assert (thresholds.match, thresholds.review) == (92, 70)
