"""Label wordings per language, several variants each, as invoicing software prints them.

In: a :class:`random.Random`, a language and a label key. Out: one wording (:func:`pick`);
a family draws each label once per document so the wording varies between documents and
stays the same within one. ``{p}`` in a VAT label stands for the printed rate. Raises
``KeyError`` for an unknown key.

>>> import random
>>> pick(random.Random(1), "de", "total") in LABELS["de"]["total"]
True
"""

from __future__ import annotations

import random

__all__ = ["LABELS", "pick"]

LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "nl": {
        "title": ("Factuur", "FACTUUR", "Factuur"),
        "number": ("Factuurnummer", "Factuurnr.", "Factuur nr.", "Nummer"),
        "date": ("Factuurdatum", "Datum", "Factuurdatum"),
        "due": ("Vervaldatum", "Betalen vóór", "Uiterste betaaldatum", "Vervaldag"),
        "customer": ("Klantnummer", "Debiteurnummer", "Relatienummer", "Klantnr."),
        "reference": ("Uw referentie", "Uw kenmerk", "Ordernummer", "Projectnummer"),
        "delivery": ("Leverdatum", "Leveringsdatum", "Periode"),
        "subtotal": ("Subtotaal", "Totaal excl. btw", "Netto bedrag", "Subtotaal excl. BTW"),
        "vat": ("btw {p}", "BTW {p}", "{p} btw", "Btw {p}"),
        "total": ("Totaal", "Totaal incl. btw", "Totaalbedrag", "Totaal te betalen", "Te betalen"),
        "description": ("Omschrijving", "Omschrijving", "Artikel", "Product"),
        "quantity": ("Aantal", "Aantal", "Hoev.", "Aant."),
        "price": ("Prijs", "Stukprijs", "Prijs per stuk", "Tarief"),
        "amount": ("Bedrag", "Totaal", "Bedrag excl.", "Subtotaal"),
        "rate": ("Btw", "BTW %", "Btw-tarief"),
        "vat_id": ("BTW", "Btw-nr.", "BTW-nummer", "Btw-id", "BTW nr"),
        "coc": ("KvK", "KvK-nummer", "K.v.K.", "KvK nr."),
        "phone": ("T", "Tel.", "Telefoon", "T:"),
        "mail": ("E", "E-mail", "E:", "Mail"),
        "web": ("W", "Web", "I", "Website"),
    },
    "de": {
        "title": ("Rechnung", "RECHNUNG", "Rechnung"),
        "number": ("Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Beleg-Nr.", "Re.-Nr."),
        "date": ("Rechnungsdatum", "Datum", "Belegdatum"),
        "due": ("Fällig am", "Zahlbar bis", "Fälligkeitsdatum", "Zahlungsziel"),
        "customer": ("Kunden-Nr.", "Kundennummer", "Kd.-Nr."),
        "reference": ("Ihr Zeichen", "Ihre Bestellung", "Auftrags-Nr.", "Bestell-Nr."),
        "delivery": ("Lieferdatum", "Leistungsdatum", "Leistungszeitraum"),
        "subtotal": ("Nettobetrag", "Zwischensumme", "Summe netto", "Warenwert netto", "Netto"),
        "vat": ("zzgl. {p} USt.", "MwSt. {p}", "{p} MwSt.", "USt. {p}", "Umsatzsteuer {p}"),
        "total": ("Gesamtbetrag", "Rechnungsbetrag", "Endbetrag", "Bruttobetrag", "Summe brutto"),
        "description": ("Bezeichnung", "Beschreibung", "Artikel", "Leistung"),
        "quantity": ("Menge", "Anzahl", "Menge"),
        "price": ("Einzelpreis", "E-Preis", "Preis/Einh.", "Einzelpr."),
        "amount": ("Gesamtpreis", "Gesamt", "Betrag", "Summe"),
        "rate": ("USt.", "MwSt.", "St.-Satz"),
        "vat_id": ("USt-IdNr.", "USt.-ID", "Ust-IdNr.", "UID-Nr."),
        "coc": ("Handelsregister", "Registergericht", "HR"),
        "phone": ("Tel.", "Telefon", "Fon", "T"),
        "mail": ("E-Mail", "Mail", "E"),
        "web": ("Web", "Internet", "www"),
    },
    "fr": {
        "title": ("Facture", "FACTURE", "Facture"),
        "number": ("N° de facture", "Facture n°", "Numéro de facture", "Facture N°"),
        "date": ("Date de facture", "Date", "Date d'émission", "Date de facturation"),
        "due": ("Date d'échéance", "Échéance", "À régler avant le", "Date limite de paiement"),
        "customer": ("N° client", "Code client", "Client n°", "Réf. client"),
        "reference": ("Votre référence", "Bon de commande", "Réf. commande", "Votre commande"),
        "delivery": ("Date de livraison", "Date de prestation", "Période"),
        "subtotal": ("Total HT", "Montant HT", "Sous-total HT", "Total hors taxes"),
        "vat": ("TVA {p}", "TVA à {p}", "T.V.A. {p}", "TVA ({p})"),
        "total": ("Total TTC", "Montant TTC", "Total toutes taxes comprises", "Net à payer"),
        "description": ("Désignation", "Description", "Libellé", "Prestation"),
        "quantity": ("Qté", "Quantité", "Qté"),
        "price": ("PU HT", "Prix unitaire HT", "P.U. HT", "Prix unit."),
        "amount": ("Total HT", "Montant HT", "Montant"),
        "rate": ("TVA", "Taux TVA", "TVA %"),
        "vat_id": (
            "N° TVA intracommunautaire",
            "TVA intracom.",
            "N° TVA",
            "TVA intracommunautaire",
        ),
        "coc": ("SIRET", "SIRET", "SIREN"),
        "phone": ("Tél.", "Tél :", "Téléphone", "T."),
        "mail": ("Email", "E-mail", "Courriel", "@"),
        "web": ("Web", "Site", "www"),
    },
    "en": {
        "title": ("Invoice", "INVOICE", "Tax invoice", "Invoice"),
        "number": ("Invoice number", "Invoice No.", "Invoice #", "Invoice no", "Number"),
        "date": ("Invoice date", "Date", "Date of issue", "Invoice Date"),
        "due": ("Due date", "Payment due", "Due by", "Payment due date"),
        "customer": ("Customer no.", "Account no.", "Customer ID", "Account number"),
        "reference": ("Your reference", "PO number", "Order ref.", "Purchase order"),
        "delivery": ("Delivery date", "Service period", "Supply date"),
        "subtotal": ("Subtotal", "Net total", "Total excl. VAT", "Net amount", "Sub total"),
        "vat": ("VAT {p}", "VAT @ {p}", "VAT ({p})", "Tax {p}"),
        "total": ("Total", "Total due", "Invoice total", "Total (inc VAT)", "Total amount"),
        "description": ("Description", "Item", "Details", "Service"),
        "quantity": ("Qty", "Quantity", "Units", "Hours"),
        "price": ("Unit price", "Rate", "Price", "Unit cost"),
        "amount": ("Amount", "Net", "Total", "Line total"),
        "rate": ("VAT", "VAT %", "Tax"),
        "vat_id": ("VAT No", "VAT Reg No", "VAT number", "VAT Registration No."),
        "coc": ("Company No.", "Registered No.", "Company number"),
        "phone": ("Tel", "T", "Phone", "Tel:"),
        "mail": ("Email", "E", "E-mail"),
        "web": ("Web", "W", "www"),
    },
}


def pick(rng: random.Random, lang: str, key: str) -> str:
    """One wording of ``key`` in ``lang``."""
    return rng.choice(LABELS[lang][key])
