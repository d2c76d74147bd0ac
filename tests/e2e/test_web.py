"""The web UI in a real browser (Playwright driving Debian's Chromium) against a real stack.

``boekstuk serve`` and a ``boekstuk worker`` process on the embedded database and broker; a
person signs in, uploads two invoices and a bank statement by the upload page, watches them
reach processed, opens a document and sees its fields boxed on the page, corrects one,
confirms the payment's match in the review queue with the keyboard, and finds the invoice
paid. Every page is saved as a screenshot under ``artifacts/web/`` (ignored by git).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import REPO, service_unavailable
from tests.factories import SELLER_IBAN, invoice_pdf
from tests.stack import Stack

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = REPO / "artifacts" / "web"
EMAIL, PASSWORD = "anna@example.nl", "correct horse battery"
OUR_IBAN = "NL44RABO0123456789"
FINAL = "processed, needs_review, failed"


def mt940(amount: str, text: str) -> bytes:
    """A one-payment MT940 statement of our account whose balances add up."""
    closing = f"{Decimal('1000.00') - Decimal(amount):.2f}".replace(".", ",")
    return f""":20:STMT1
:25:{OUR_IBAN}EUR
:28C:00001
:60F:C260101EUR1000,00
:61:2601200120D{amount.replace(".", ",")}NTRFNONREF//0001
:86:/CNTP/{SELLER_IBAN}/ABNANL2A/Jansen Installatietechniek BV///REMI/USTD//{text}/
:62F:C260131EUR{closing}
""".encode()


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    var = tmp_path / "var"
    var.mkdir()
    running = Stack(
        tmp_path,
        f"sqlite:///{var / 'boekstuk.sqlite3'}",
        f"sqla+sqlite:///{var / 'broker.sqlite3'}",
    )
    running.setup_workspace("acme")
    running.cli(
        "user", "create", "--workspace", "acme", "--email", EMAIL, "--role", "reviewer",
        "--password", PASSWORD,
    )  # fmt: skip
    running.start_api()
    running.start_worker()
    yield running
    running.stop()


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        service_unavailable(
            "Chromium", f"{CHROMIUM} is missing (scripts/system-deps.sh installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def drop(page: Any, selector: str, name: str, data: bytes) -> None:
    """Drop a file on ``selector`` the way a file dragged from the desktop arrives."""
    transfer = page.evaluate_handle(
        """([name, b64]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: "application/octet-stream"}));
            return transfer;
        }""",
        [name, base64.b64encode(data).decode()],
    )
    page.dispatch_event(selector, "dragenter", {"dataTransfer": transfer})
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def loaded(page: Any) -> None:
    """Wait until the page image has arrived (it is drawn on the server)."""
    image = page.locator("img.page-img")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0


def shot(page: Any, name: str) -> None:
    """Save the whole page as ``artifacts/web/NAME.png``."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # a sticky header stays on top in the picture
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_sign_in_upload_check_correct_and_match_in_the_browser(stack: Stack, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # sign in (the root sends us to the app, the app to the sign-in page)
    page.goto(stack.url + "/")
    assert "/app/login" in page.url
    shot(page, "01-login")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/app/$"))
    cookie = next(c for c in context.cookies() if c["name"] == "boekstuk_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    # upload two invoices and a bank statement; each one's status updates by itself
    page.get_by_role("link", name="Upload", exact=True).click()
    # the invoices first, then the statement: its payment fits both, so it waits for a person
    page.set_input_files(
        "#files",
        [
            {"name": "factuur-0042.pdf", "mimeType": "application/pdf", "buffer": invoice_pdf("2026-0042")},
            {"name": "factuur-0043.pdf", "mimeType": "application/pdf", "buffer": invoice_pdf("2026-0043")},
        ],
    )  # fmt: skip
    expect(page.locator(".upload-item[data-state=processed]")).to_have_count(2, timeout=120_000)
    drop(page, "#upload-form", "januari.sta", mt940("121.00", "betaling"))  # drag and drop
    expect(page.locator(".upload-item[data-state=processed]")).to_have_count(3, timeout=120_000)
    assert page.locator(".upload-progress").evaluate_all("bars => bars.map(b => b.value)") == [
        100,
        100,
        100,
    ]
    shot(page, "02-upload")

    # the documents list, and one invoice with its fields boxed on the page image
    page.get_by_role("link", name="Documents", exact=True).click()
    expect(page.locator("table tbody tr")).to_have_count(3)
    shot(page, "03-documents")
    page.get_by_role("link", name="factuur-0042.pdf").click()
    page.wait_for_url(re.compile(r"/app/documents/"))
    loaded(page)
    boxes = page.locator("svg.page-overlay rect.box")
    assert boxes.count() >= 4
    fields = set(boxes.evaluate_all("rs => rs.map(r => r.dataset.field)"))
    assert {"invoice_number", "total_amount", "seller_iban"} <= fields
    assert page.locator("#field-total_amount .value-text").inner_text() == "121.00"
    page.locator("#field-total_amount").hover()
    assert "is-hot" in (
        page.locator('rect[data-field="total_amount"]').get_attribute("class") or ""
    )
    shot(page, "04-document")

    # correct the invoice date: stored with who and when, the box turns "corrected"
    row = page.locator("#field-invoice_date")
    row.get_by_text("Correct", exact=True).click()
    row.get_by_label("New value for Invoice date").fill("16-01-2026")
    row.get_by_role("button", name="Save").click()
    page.wait_for_selector(".flash-ok")
    assert page.locator("#field-invoice_date .value-text").inner_text() == "2026-01-16"
    assert page.locator("#field-invoice_date .tag-corrected").count() == 1
    assert EMAIL in page.locator(".history").first.inner_text()
    shot(page, "05-document-corrected")

    # the payment fits both invoices: it waits in the review queue; "1" confirms the best
    page.get_by_role("link", name="Review", exact=True).click()
    page.wait_for_url(re.compile(r"/app/review$"))
    card = page.locator("[data-tx]")
    assert card.count() == 1, (stack.get("/transactions").json(), stack.get("/invoices").json())
    assert card.locator(".candidate").count() >= 2
    chosen = card.locator(".candidate").first.locator(".cand-invoice strong").inner_text()
    shot(page, "06-review")
    page.keyboard.press("1")
    page.wait_for_selector(".flash-ok")
    assert page.locator("[data-tx]").count() == 0

    # the invoice is paid
    page.get_by_role("link", name="Invoices", exact=True).click()
    page.get_by_role("link", name="Paid", exact=True).click()
    page.wait_for_url(re.compile(r"status=paid"))
    paid = page.locator("tr[data-invoice]")
    expect(paid).to_have_count(1)
    assert paid.first.get_attribute("data-invoice") == chosen
    shot(page, "07-invoices-paid")

    # the remaining pages, for the screenshots (and that they render)
    for name, path in (
        ("08-dashboard", "/app/"),
        ("09-customers", "/app/customers"),
        ("10-statements", "/app/statements"),
        ("12-invoices-all", "/app/invoices"),
    ):
        page.goto(stack.url + path)
        assert page.locator("main h1").count() == 1
        shot(page, name)
    page.goto(stack.url + "/app/statements")
    page.locator("table a.mono").first.click()
    expect(page.locator(".badge-matched")).to_have_count(1)
    shot(page, "11-statement")
    page.get_by_role("link", name="Customers", exact=True).click()
    page.wait_for_url(re.compile(r"/app/customers$"))
    page.locator("table tbody a").first.click()
    page.wait_for_url(re.compile(r"/app/customers/"))
    shot(page, "13-customer")

    # a narrow screen, in Dutch
    narrow = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    narrow.add_cookies(context.cookies())
    phone = narrow.new_page()
    phone.goto(stack.url + "/app/documents")
    assert phone.locator("html").get_attribute("lang") == "nl"
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(phone, "14-narrow-documents")
    phone.get_by_role("link", name="factuur-0042.pdf").click()
    phone.wait_for_url(re.compile(r"/app/documents/"))
    loaded(phone)
    shot(phone, "15-narrow-document")
    narrow.close()

    # sign out
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/app/login"))
    assert errors == []
    context.close()
