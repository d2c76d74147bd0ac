"""Customers in the database: found by their keys, created once, updated without overwriting.

Runs on SQLite and PostgreSQL; the concurrency test runs real parallel processes on
PostgreSQL.
"""

from __future__ import annotations

import multiprocessing
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boekstuk.db.models import Customer, CustomerIban, Invoice, MergeAudit, ReviewItem
from boekstuk.db.session import dispose_engines, session_factory
from boekstuk.domain.errors import ConflictError, NotFoundError
from boekstuk.domain.names import match_key
from boekstuk.domain.parties import Party, Thresholds, parse_place
from boekstuk.services.parties import link_party, merge_customers
from boekstuk.services.workspaces import create_workspace

VAT = "NL000099998B57"
IBAN = "NL91ABNA0417164300"
IBAN2 = "NL02ABNA0123456789"
OTHER_VAT = "DE136695976"


@pytest.fixture
def workspace_id(session: Session) -> uuid.UUID:
    workspace = create_workspace(session, f"ws-{uuid.uuid4().hex[:6]}", legal_name="Wij B.V.")
    session.commit()
    return workspace.id


def party(name: str | None = None, address: str | None = None, **ids: str) -> Party:
    postcode, city = parse_place(address)
    return Party(name=name, address=address, postcode=postcode, city=city, **ids)


def link(session: Session, workspace_id: uuid.UUID, p: Party, **kw: Any) -> Any:
    linked = link_party(session, workspace_id, p, Thresholds(), **kw)
    session.commit()
    return linked


def customers(session: Session, workspace_id: uuid.UUID) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Customer).where(Customer.workspace_id == workspace_id)
        )
        or 0
    )


def reviews(session: Session, kind: str) -> list[ReviewItem]:
    return list(session.scalars(select(ReviewItem).where(ReviewItem.kind == kind)))


def test_a_new_party_is_created_once_and_found_again_by_each_key(
    session: Session, workspace_id: uuid.UUID
) -> None:
    first = link(
        session,
        workspace_id,
        party(
            "Jansen Installatietechniek B.V.",
            "Keizersgracht 1, 1015 CJ Amsterdam",
            vat_number=VAT,
            iban=IBAN,
            coc_number="12345678",
        ),
    )
    assert first.created
    for p, key in (
        (party("Jansen", vat_number=VAT), "vat"),
        (party("totally different name", coc_number="12345678"), "coc"),
        (party("J. Installatie", iban=IBAN), "iban"),
        (party("JANSEN INSTALLATIETECHNIEK BV"), "name"),
    ):
        again = link(session, workspace_id, p)
        assert (again.customer_id, again.created, again.found_by) == (first.customer_id, False, key)
    assert customers(session, workspace_id) == 1


def test_known_customers_get_their_empty_fields_filled_never_overwritten(
    session: Session, workspace_id: uuid.UUID
) -> None:
    first = link(session, workspace_id, party("Jansen B.V.", vat_number=VAT))
    link(
        session,
        workspace_id,
        party("Jansen B.V.", "Keizersgracht 1, 1015 CJ Amsterdam", vat_number=VAT, iban=IBAN),
    )
    customer = session.get_one(Customer, first.customer_id)
    session.refresh(customer)
    assert (customer.postcode, customer.iban) == ("1015CJ", IBAN)

    moved = link(
        session,
        workspace_id,
        party("Jansen B.V.", "Dorpsstraat 12, 3511 AB Utrecht", vat_number=VAT, iban=IBAN2),
    )
    session.refresh(customer)
    assert (customer.postcode, customer.iban) == ("1015CJ", IBAN)  # not overwritten
    conflicts = reviews(session, "customer_conflict")
    assert {c.details["field"] for c in conflicts} == {"address", "iban"}
    assert set(moved.review_item_ids) == {c.id for c in conflicts}
    # every IBAN it was seen with is kept
    ibans = set(
        session.scalars(select(CustomerIban.iban).where(CustomerIban.customer_id == customer.id))
    )
    assert ibans == {IBAN, IBAN2}


def test_a_close_name_creates_a_customer_and_a_possible_duplicate_review(
    session: Session, workspace_id: uuid.UUID
) -> None:
    old = link(session, workspace_id, party("Jansen Installatietechniek B.V."))
    new = link(session, workspace_id, party("Jansen Installatie"))
    assert new.created and new.customer_id != old.customer_id
    [item] = reviews(session, "possible_duplicate")
    assert item.customer_id == new.customer_id and item.other_customer_id == old.customer_id
    assert item.details["candidates"][0]["customer_id"] == str(old.customer_id)
    assert item.details["candidates"][0]["name_score"] > 75
    # the same party again goes to the customer made for it, without a second review
    again = link(session, workspace_id, party("Jansen Installatie"))
    assert again.customer_id == new.customer_id
    assert len(reviews(session, "possible_duplicate")) == 1


def test_a_typo_in_the_first_word_still_finds_the_customer(
    session: Session, workspace_id: uuid.UUID
) -> None:
    known = link(session, workspace_id, party("Jansen Installatietechniek B.V."))
    link(session, workspace_id, party("Pietersen Schilderwerken"))
    again = link(session, workspace_id, party("JNASEN INSTALLATIETECHNIEK"))
    assert (again.customer_id, again.found_by) == (known.customer_id, "name")


def test_same_name_with_another_vat_number_is_another_company(
    session: Session, workspace_id: uuid.UUID
) -> None:
    a = link(session, workspace_id, party("Jansen B.V.", vat_number=VAT))
    b = link(session, workspace_id, party("Jansen B.V.", vat_number=OTHER_VAT))
    assert a.customer_id != b.customer_id and customers(session, workspace_id) == 2


def test_customers_of_one_workspace_are_invisible_to_another(
    session: Session, workspace_id: uuid.UUID
) -> None:
    other = create_workspace(session, "other")
    session.commit()
    a = link(session, workspace_id, party("Jansen B.V.", vat_number=VAT, iban=IBAN))
    b = link(session, other.id, party("Jansen B.V.", vat_number=VAT, iban=IBAN))
    assert a.customer_id != b.customer_id and b.created


def test_merge_moves_invoices_and_ibans_keeps_an_audit_and_sticks(
    session: Session, workspace_id: uuid.UUID
) -> None:
    keep = link(session, workspace_id, party("Jansen Installatietechniek B.V.", vat_number=VAT))
    dup = link(
        session, workspace_id, party("Jansen Instal. Techniek", iban=IBAN, coc_number="12345678")
    )
    assert dup.created
    session.add(
        Invoice(
            workspace_id=workspace_id,
            customer_id=dup.customer_id,
            direction="purchase",
            invoice_number="F-1",
            total_amount=10,
            open_amount=10,
        )
    )
    session.commit()

    merge_customers(session, workspace_id, dup.customer_id, keep.customer_id, merged_by="test")
    session.commit()

    assert session.scalar(select(Invoice.customer_id)) == keep.customer_id
    assert (
        session.scalar(select(CustomerIban.customer_id).where(CustomerIban.iban == IBAN))
        == keep.customer_id
    )
    audit = session.scalar(select(MergeAudit))
    assert audit is not None and audit.source_id == dup.customer_id and audit.ibans == [IBAN]
    # later documents with the merged customer's identifiers land on the survivor
    for p in (
        party("whatever", coc_number="12345678"),
        party("x", iban=IBAN),
        party("Jansen Instal. Techniek"),
    ):
        assert link(session, workspace_id, p).customer_id == keep.customer_id
    with pytest.raises(ConflictError):
        merge_customers(session, workspace_id, keep.customer_id, keep.customer_id)
    with pytest.raises(NotFoundError):
        merge_customers(session, workspace_id, keep.customer_id, uuid.uuid4())
    session.rollback()


def _link_in_process(args: tuple[str, str, dict[str, Any], Any]) -> str:
    url, workspace, fields, barrier = args
    dispose_engines()
    with session_factory(url)() as session:
        barrier.wait(timeout=30)
        linked = link_party(session, uuid.UUID(workspace), Party(**fields), Thresholds())
        session.commit()
        return str(linked.customer_id)


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "Nieuw Bedrijf B.V.", "vat_number": VAT},
        {"name": "Alleen Een Naam V.O.F."},
        {"name": "Met IBAN", "iban": IBAN},
    ],
    ids=["vat", "name-only", "iban"],
)
def test_parallel_workers_with_the_same_new_customer_create_one(
    pg_url: str, fields: dict[str, Any]
) -> None:
    with session_factory(pg_url)() as session:
        workspace = create_workspace(session, "race")
        session.commit()
        workspace_id = workspace.id
    dispose_engines()
    workers = 6
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(workers)
        with ctx.Pool(workers) as pool:
            ids = pool.map(
                _link_in_process, [(pg_url, str(workspace_id), fields, barrier)] * workers
            )
    assert len(set(ids)) == 1
    with session_factory(pg_url)() as session:
        assert customers(session, workspace_id) == 1
        assert session.scalar(select(Customer.normalized_name)) == match_key(fields["name"])


@pytest.mark.parametrize(
    "name", ["t.a.v. administratie", "Afdeling inkoop", "1317 YB Hendrik", "Factuuradres:", "12-34"]
)
def test_a_party_without_a_real_name_creates_no_customer(
    session: Session, workspace_id: uuid.UUID, name: str
) -> None:
    assert link(session, workspace_id, party(name, "Dorpsstraat 1, 1234 AB Ergens")) is None
    assert customers(session, workspace_id) == 0


def test_a_known_party_is_still_found_when_the_name_line_is_an_attention_line(
    session: Session, workspace_id: uuid.UUID
) -> None:
    first = link(session, workspace_id, party("Koster Logistiek BV", vat_number=VAT))
    again = link(session, workspace_id, party("t.a.v. administratie", vat_number=VAT))
    assert again.customer_id == first.customer_id
    assert session.get_one(Customer, first.customer_id).name == "Koster Logistiek BV"


def test_reading_a_document_again_updates_the_customer_it_made_instead_of_adding_one(
    session: Session, workspace_id: uuid.UUID
) -> None:
    document_id = uuid.uuid4()
    made = link(session, workspace_id, party("Hoogvliet Transport"), document_id=document_id)
    again = link(
        session,
        workspace_id,
        party("Koster Logistiek BV", "Amiraweg 44, 1869 EP Poppenwier"),
        document_id=document_id,
        previous_id=made.customer_id,
    )
    assert again.customer_id == made.customer_id and not again.created
    customer = session.get_one(Customer, made.customer_id)
    assert (customer.name, customer.postcode) == ("Koster Logistiek BV", "1869EP")
    assert customers(session, workspace_id) == 1


def test_a_customer_a_document_made_is_merged_into_the_one_a_second_reading_finds(
    session: Session, workspace_id: uuid.UUID
) -> None:
    known = link(session, workspace_id, party("Hermans Bouw V.O.F.", vat_number=VAT))
    document_id = uuid.uuid4()
    invented = link(session, workspace_id, party("Zuidwind Montage"), document_id=document_id)
    assert invented.created
    again = link(
        session,
        workspace_id,
        party("Hermans Bouw", vat_number=VAT),
        document_id=document_id,
        previous_id=invented.customer_id,
    )
    assert again.customer_id == known.customer_id
    live = session.scalars(
        select(Customer).where(
            Customer.workspace_id == workspace_id, Customer.merged_into_id.is_(None)
        )
    ).all()
    assert [c.id for c in live] == [known.customer_id]


def test_a_document_read_again_never_adds_a_customer_when_others_share_the_old_one(
    session: Session, workspace_id: uuid.UUID
) -> None:
    first = link(session, workspace_id, party("Jansen Bouw B.V."), document_id=uuid.uuid4())
    other_document = uuid.uuid4()
    linked_twice = link(
        session, workspace_id, party("Jansen Bouw B.V."), document_id=other_document
    )
    assert linked_twice.customer_id == first.customer_id
    # the other document now reads a name nobody has: kept on its customer, a person looks
    again = link(
        session,
        workspace_id,
        party("Pietersen Schilders"),
        document_id=other_document,
        previous_id=first.customer_id,
    )
    assert again.customer_id == first.customer_id
    assert customers(session, workspace_id) == 1
