"""Family ``fr_facture``: a French invoice with "Émetteur" / "Destinataire" boxes.

Either two framed boxes side by side (Émetteur, Destinataire) or the seller in the header with
"Facturé à" and "Adresse de livraison" boxes; SIRET, SIREN, RCS and "N° TVA
intracommunautaire" in a legal line; dates as "15 mars 2026" or dd/mm/yyyy; "Total HT / TVA
20 % (sometimes also 5,5 %) / Total TTC / Net à payer", sometimes an "Acompte versé" before the
net to pay; the late-payment mention with its fixed 40 € indemnity.
"""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

from boekstuk.synth.families.deal import iban_printed, make_deal, vat_printed
from boekstuk.synth.families.draw import (
    Col,
    TableStyle,
    address_block,
    draw_table,
    footer_line,
    jitter,
    label_rows,
    totals_rows,
)
from boekstuk.synth.families.formats import percent
from boekstuk.synth.families.lines import cents, format_quantity
from boekstuk.synth.families.model import FamilyDocument
from boekstuk.synth.families.sheet import A4, BODY_FONTS, Sheet
from boekstuk.synth.families.world import company

NAME = "fr_facture"


def make(rng: random.Random) -> FamilyDocument:
    """One invoice of this family."""
    rates = (Decimal(20), Decimal("5.5")) if rng.random() < 0.3 else (Decimal(20),)
    deal = make_deal(rng, "fr", seller_country="FR", rates=rates, count=(1, 6))
    seller, buyer = deal.seller, deal.buyer
    sheet = Sheet(A4, rng.choice(BODY_FONTS), rng.uniform(0.95, 1.05))
    size = rng.uniform(8.8, 10.0)
    left = 45 + jitter(rng, 5)
    siret = seller.coc
    vat = vat_printed(seller.vat, rng)
    boxes = rng.random() < 0.55

    sheet.text(left, 55, seller.name, rng.uniform(14, 19), bold=True)
    issued = deal.d(deal.issued)
    sheet.right(550, 55, rng.choice(("FACTURE", "Facture")), rng.uniform(18, 24), bold=True)
    sheet.right(550, 75, f"{rng.choice(('N°', 'Facture n°', 'Numéro'))} {deal.number}", size + 1)
    sheet.right(550, 89, f"{rng.choice(('Date :', 'Le', 'Date de facture :'))} {issued}", size)
    deal.head(number=deal.number, issued=issued)

    y = 128 + jitter(rng, 5)
    if boxes:
        for x0, title, firm in (
            (left, rng.choice(("Émetteur", "ÉMETTEUR", "Vendeur")), seller),
            (305, rng.choice(("Destinataire", "DESTINATAIRE", "Client")), buyer),
        ):
            sheet.text(x0 + 8, y, title, size - 0.5, bold=True)
            end = address_block(sheet, x0 + 8, y + 16, firm, size=size)
            if firm is seller:
                end = label_rows(
                    sheet,
                    x0 + 8,
                    end,
                    [("Tél.", seller.phone), ("Email", seller.email)],
                    size=size - 1,
                    gap=36,
                    colon=" :",
                )
            sheet.box(x0, y - 13, x0 + 245, y + 88, stroke=(0.3, 0.3, 0.3))
        y += 100
    else:
        yy = address_block(sheet, left, 75, seller, size=size - 0.5, name_lines=())
        sheet.text(left, yy, f"Tél. {seller.phone}", size - 1)
        sheet.text(
            305 + 8,
            y,
            rng.choice(("Facturé à", "FACTURÉ À", "Adresse de facturation")),
            size - 0.5,
            bold=True,
        )
        address_block(sheet, 313, y + 16, buyer, size=size)
        sheet.box(305, y - 13, 550, y + 70, stroke=(0.3, 0.3, 0.3))
        if rng.random() < 0.6:
            site = company(rng, "FR", name=buyer.name)
            sheet.text(left + 8, y + 84, "Adresse de livraison", size - 0.5, bold=True)
            address_block(sheet, left + 8, y + 100, replace(site, country_line=""), size=size)
            sheet.box(left, y + 71, left + 245, y + 150, stroke=(0.3, 0.3, 0.3))
            y += 160
        else:
            y += 85
    deal.party("buyer")

    due = deal.d(deal.due)
    meta = [
        (rng.choice(("Date d'échéance", "Échéance", "À régler avant le")), due),
        (rng.choice(("N° client", "Code client")), deal.customer_no),
    ]
    if rng.random() < 0.5:
        meta.append(
            (
                "Mode de règlement",
                rng.choice(("Virement", "Virement bancaire", "Virement à 30 jours")),
            )
        )
    if rng.random() < 0.3:
        buyer_vat = vat_printed(buyer.vat, rng)
        meta.append(("TVA client", buyer_vat))
        deal.party("buyer", vat=buyer_vat)
    y = label_rows(sheet, left, y + 6, meta, size=size - 0.5, gap=110, colon=" :")
    deal.head(due=due)

    y += 16
    cols = [
        Col(rng.choice(("Désignation", "Description")), left, 300),
        Col("Qté", 305, 340, "r"),
        Col(rng.choice(("PU HT", "Prix unit. HT")), 345, 415, "r"),
        Col("TVA", 420, 455, "r"),
        Col(rng.choice(("Total HT", "Montant HT")), 460, 550, "r"),
    ]
    rows = [
        [
            line.description,
            format_quantity(line.quantity, "fr"),
            deal.n(line.unit_price),
            percent(line.rate, "fr"),
            deal.n(line.amount),
        ]
        for line in deal.lines
    ]
    y = draw_table(
        sheet,
        cols,
        rows,
        y,
        TableStyle(
            size=size - 0.6,
            leading=size * 1.5,
            rules=rng.choice(("header", "grid", "rows")),
            header_fill=(0.88, 0.9, 0.95) if rng.random() < 0.5 else None,
        ),
    )

    t = deal.totals()
    summary = [("Total HT", deal.m(t.net))]
    for rate in sorted(t.tax_by_rate, reverse=True):
        summary.append((f"TVA {percent(rate, 'fr')}", deal.m(t.tax_by_rate[rate])))
    summary.append(("Total TTC", deal.m(t.gross)))
    deposit = None
    if rng.random() < 0.3:
        deposit = cents(t.gross * Decimal(rng.choice((20, 30, 40, 50))) / 100)
        summary.append(("Acompte versé", deal.m(-deposit)))
        summary.append(("Net à payer", deal.m(t.gross - deposit)))
    elif rng.random() < 0.5:
        summary.append(("Net à payer", deal.m(t.gross)))
    y = totals_rows(sheet, summary, 340, 550, y + 14, size=size)
    deal.amounts(
        net=t.net, tax=t.tax, total=t.gross, due=None if deposit is None else t.gross - deposit
    )

    iban = iban_printed(seller.iban, rng)
    y += 16
    y = sheet.paragraph(
        left, y, f"Règlement par virement : IBAN {iban} – BIC {seller.account.bic}", 500, size - 0.5
    )
    y = sheet.paragraph(
        left,
        y + 6,
        "En cas de retard de paiement, une pénalité égale à trois fois le taux d'intérêt légal sera "
        "exigible, ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 €. "
        "Pas d'escompte pour paiement anticipé.",
        500,
        size - 1.8,
    )
    deal.party("seller", vat=vat, iban=iban, bic=seller.account.bic)
    form = seller.name.split()[-1]
    capital = f"{rng.choice((1000, 5000, 7500, 10000, 50000)):,}".replace(",", " ")
    legal = [
        f"{seller.name} – {form} au capital de {capital} €",
        f"RCS {seller.city} {siret[:3]} {siret[3:6]} {siret[6:9]}",
        f"SIRET {siret}",
        f"N° TVA intracommunautaire : {vat}",
    ]
    if rng.random() < 0.5:
        legal.append(f"Code APE {rng.choice(('6202A', '4321A', '7022Z', '4669B', '5610A'))}")
    footer_line(sheet, legal, sheet.height - 34, sep=rng.choice((" – ", " - ", " · ")), size=6.8)
    return deal.document(NAME, "invoice", sheet.pdf(), 1)
