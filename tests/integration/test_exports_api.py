"""Results, validation and exports over HTTP, on SQLite and PostgreSQL.

Downloads are parsed back with the csv module (also with ``;`` and decimal commas, and with
a byte-order mark); another workspace's ids answer 404 and its rows never appear.
"""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from fastapi.testclient import TestClient

from boekstuk.config import Settings
from tests.bookkeeping import Books


@pytest.fixture
def books(settings: Settings) -> Books:
    return Books(settings, "acme")


def parse(body: bytes, sep: str = ",") -> list[dict[str, str]]:
    text = body.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter=sep))


def test_result_and_validation(client: TestClient, books: Books) -> None:
    customer = books.customer()
    doc, _ = books.invoice_document("2026-0042", customer)
    result = client.get(f"/documents/{doc}/result", headers=books.auth)
    assert result.status_code == 200
    full = client.get(f"/documents/{doc}", headers=books.auth).json()
    assert result.json() == full["extraction"]
    validation = client.get(f"/documents/{doc}/validation", headers=books.auth).json()
    assert set(validation) == {"is_valid", "errors", "warnings", "missing_fields", "confidence"}
    assert validation["is_valid"] is False and validation["missing_fields"] == ["invoice_date"]
    assert validation["errors"][0]["code"] == "invalid_checksum"
    # four fields found (0.9, 0.8, 0.7, 0.9) and one missing (0): the mean
    assert validation["confidence"] == pytest.approx(0.66)

    queued = books.document("nieuw.pdf", None, status="queued")
    for path in ("result", "validation", "export/csv"):
        answer = client.get(f"/documents/{queued}/{path}", headers=books.auth)
        assert answer.status_code == 409 and answer.json()["error"]["code"] == "conflict"


def test_one_document_as_json_and_csv(client: TestClient, books: Books) -> None:
    doc, _ = books.invoice_document("2026-0042", books.customer(), filename="factuur é.pdf")
    response = client.get(f"/documents/{doc}/export/json", headers=books.auth)
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert (
        disposition.startswith("attachment;")
        and "filename*=UTF-8''factuur%20%C3%A9.json" in disposition
    )
    assert response.json()["extraction"]["fields"]["invoice_number"]["value"] == "2026-0042"

    response = client.get(f"/documents/{doc}/export/csv", headers=books.auth)
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="factuur _.csv"' in response.headers["content-disposition"]
    rows = parse(response.content)
    assert len(rows) == 2  # one per line item, the fields repeated
    assert rows[0]["invoice_number"] == "2026-0042" and rows[0]["total_amount"] == "121.00"
    assert rows[0]["line_description"].startswith("'=")  # never a formula in a spreadsheet
    assert rows[1]["line_description"] == "Onderhoud; cv-ketel"
    assert rows[1]["line_unit_price"] == "79.00" and rows[0]["invoice_date"] == ""

    dutch = client.get(f"/documents/{doc}/export/csv?sep=;&bom=1", headers=books.auth).content
    assert dutch.startswith("\ufeff".encode())
    rows = parse(dutch[3:], sep=";")
    assert rows[0]["total_amount"] == "121,00" and rows[1]["line_unit_price"] == "79,00"
    assert rows[1]["line_description"] == "Onderhoud; cv-ketel"  # quoted, not split


def test_a_statement_document_exports_its_transactions(client: TestClient, books: Books) -> None:
    doc, _ = books.statement_document([("121.00", "Factuur 1"), ("-15.50", "Kosten")])
    rows = parse(client.get(f"/documents/{doc}/export/csv?sep=;", headers=books.auth).content, ";")
    assert [(r["amount"], r["description"]) for r in rows] == [
        ("121,00", "Factuur 1"),
        ("-15,50", "Kosten"),
    ]


def test_invoices_export_with_the_list_filters(client: TestClient, books: Books) -> None:
    customer = books.customer()
    for number in ("2026-0001", "2026-0002", "2026-0003"):
        books.invoice_document(number, customer, total="1234.56")
    books.statement_document([("1234.56", "Factuur 2026-0002")])
    response = client.get("/invoices/export.csv", headers=books.auth)
    assert response.status_code == 200
    assert 'filename="invoices.csv"' in response.headers["content-disposition"]
    rows = parse(response.content)
    assert len(rows) == 3 and rows[0]["customer_name"] == "Jansen B.V."
    assert {r["total_amount"] for r in rows} == {"1234.56"}
    listed = client.get("/invoices?status=open", headers=books.auth).json()
    opened = parse(
        client.get("/invoices/export.csv?status=open&sep=;", headers=books.auth).content, ";"
    )
    assert {r["id"] for r in opened} == {i["id"] for i in listed["items"]}
    assert len(opened) == 2 and opened[0]["open_amount"] == "1234,56"
    paid = parse(client.get("/invoices/export.csv?status=paid", headers=books.auth).content)
    assert [r["invoice_number"] for r in paid] == ["2026-0002"] and paid[0]["open_amount"] == "0.00"
    explicit = client.get("/invoices/export.csv?sep=tab&decimal=,", headers=books.auth).content
    assert parse(explicit, "\t")[0]["total_amount"] == "1234,56"
    assert client.get("/invoices/export.csv?sep=x", headers=books.auth).status_code == 422


def test_transactions_export_streams_thousands_of_rows(client: TestClient, books: Books) -> None:
    customer = books.customer()
    _, invoice = books.invoice_document("2026-0042", customer)
    payments = [("121.00", "Factuur 2026-0042")] + [
        (f"-{n % 90 + 1}.25", f"Pin {n}") for n in range(2500)
    ]
    books.statement_document(payments)
    with client.stream(
        "GET", "/transactions/export.csv?sep=;&bom=1", headers=books.auth
    ) as response:
        assert response.status_code == 200
        chunks = list(response.iter_bytes())
    body = b"".join(chunks)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = parse(body[3:], ";")
    assert len(rows) == 2501
    matched = [r for r in rows if r["match_status"] == "matched"]
    assert [r["matched_invoice_ids"] for r in matched] == [str(invoice)]
    assert matched[0]["amount"] == "121,00"
    assert all("," in r["amount"] and "." not in r["amount"] for r in rows)
    only = parse(
        client.get("/transactions/export.csv?match_status=matched", headers=books.auth).content
    )
    assert [r["id"] for r in only] == [matched[0]["id"]]


def test_other_workspaces_see_nothing(client: TestClient, books: Books, settings: Settings) -> None:
    other = Books(settings, "other")
    customer = books.customer()
    doc, _ = books.invoice_document("2026-0042", customer)
    books.statement_document([("5.00", "x")])
    for path in ("result", "validation", "export/json", "export/csv"):
        answer = client.get(f"/documents/{doc}/{path}", headers=other.auth)
        assert answer.status_code == 404, path
        assert answer.json()["error"]["code"] == "not_found"
        assert (
            client.get(f"/documents/{uuid.uuid4()}/{path}", headers=books.auth).status_code == 404
        )
    assert parse(client.get("/invoices/export.csv", headers=other.auth).content) == []
    assert parse(client.get("/transactions/export.csv", headers=other.auth).content) == []
    assert client.get("/invoices/export.csv").status_code == 401
    assert client.get("/transactions/export.csv").status_code == 401
