"""The label words of each field in Dutch, English, German and French.

In: nothing. Out: compiled patterns per field, strongest first, as ``(pattern, weight)``.
A label matches at a word boundary anywhere in a segment; the value stands after it in
the same segment, in the next segment of the row, or below it.
"""

from __future__ import annotations

import re

Labels = tuple[tuple[re.Pattern[str], float], ...]


def _compile(*entries: tuple[str, float]) -> Labels:
    return tuple(
        (
            re.compile(rf"(?<![\w-])(?:{pattern})(?:(?<=\.)|(?![\w]))\s*[:#.]?", re.IGNORECASE),
            weight,
        )
        for pattern, weight in entries
    )


INVOICE_NUMBER = _compile(
    (
        r"factuurnummer|factuur\s*(?:nr|no|nummer)\.?|invoice\s*(?:number|no|nr|num)\.?|invoice\s*#"
        r"|rechnungs-?\s*(?:nummer|nr)\.?|rechnung\s*nr\.?|beleg-?\s*(?:nummer|nr)\.?"
        r"|n[°ºo]\.?\s*(?:de\s*)?facture|num[ée]ro\s*de\s*facture|facture\s*n[°ºo]\.?"
        r"|credit\s*note\s*(?:no|number)\.?|creditnota\s*(?:nr|nummer)\.?|gutschrifts?-?nr\.?"
        # a titled line: "Teilrechnung Bau (875) Nr.", "Handelsrechnung (380) Nr.", "Invoice (380) No."
        r"|\w*(?:rechnung|factuur|invoice|facture|gutschrift)(?:\s+[^\W\d]+)?\s*\(\d{3}\)\s*(?:nr|no|n[°º])\.?",
        1.0,
    ),
    (r"factuur|invoice|rechnung|facture|creditnota|credit\s*note|gutschrift|avoir", 0.7),
    (r"nr\.|no\.|n[°º]|nummer|number", 0.55),
)
INVOICE_DATE = _compile(
    (
        r"factuurdatum|datum\s*factuur|invoice\s*date|date\s*of\s*invoice|rechnungsdatum"
        r"|beleg-?\s*datum|date\s*(?:de\s*(?:la\s*)?)?facture|date\s*d'?\s*émission",
        1.0,
    ),
    (r"datum|date|vom|du|dated", 0.6),
)
DUE_DATE = _compile(
    (
        r"vervaldatum|uiterste\s*betaaldatum|te\s*betalen\s*voor|due\s*date|payment\s*due"
        r"|fälligkeits?(?:datum)?|fällig\s*am|zahlbar\s*bis|netto\s*bis|zahlungsziel"
        r"|date\s*d'?\s*[ée]ch[ée]ance|[ée]ch[ée]ance|payable\s*(?:avant\s*le|by|until)"
        r"|(?:überweisen|zahlen|begleichen)\s*sie\s*(?:den\s*betrag\s*)?bis(?:\s*zum)?"
        r"|remit\s*(?:until|by|before)|pay\s*(?:by|before|until)|please\s*pay\s*by|betalen\s*v[óo]{1,2}r",
        1.0,
    ),
)
TOTAL = _compile(
    (
        r"totaal\s*incl\.?(?:\s*btw)?|total\s*incl\.?(?:\s*vat)?|total\s*\S?\s*incl\.?\s*vat"
        r"|total\s*ttc|montant\s*ttc|total\s*toutes\s*taxes|gesamtbetrag|rechnungsbetrag"
        r"|bruttobetrag|rechnungssumme\s*brutto|summe\s*brutto|gesamtsumme|gesamt\s*brutto"
        r"|bruttosumme|invoice\s*total|grand\s*total|total\s*amount|totaalbedrag|total\s*due"
        r"|totaal\s*te\s*betalen|endbetrag",
        1.0,
    ),
    (
        r"totaal|total|summe|gesamt|brutto|te\s*betalen|amount\s*due|zahlbetrag|net\s*à\s*payer"
        r"|due\s*payable|total\s*payable|montant\s*à\s*payer",
        0.6,
    ),
)
NET = _compile(
    (
        r"totaal\s*excl\.?(?:\s*btw)?|total\s*excl\.?(?:\s*vat)?|total\s*ht|montant\s*ht"
        r"|total\s*hors\s*taxes|nettobetrag|rechnungssumme\s*netto|summe\s*netto|gesamt\s*netto"
        r"|nettosumme|net\s*amount|total\s*net|net\s*total|subtotal|sub\s*total|sub-total|subtotaal"
        r"|netto\s*bedrag|bedrag\s*excl\.?\s*btw|steuerbasisbetrag\s*gesamt"
        r"|rechnungssumme\s*ohne\s*(?:ust|mwst)\.?|summe\s*ohne\s*(?:ust|mwst)\.?|total\s*before\s*tax"
        r"|gesamtsumme\s*netto|nettogesamtbetrag|summe\s*positionen\s*netto",
        1.0,
    ),
    (r"netto|net|ht|excl\.?|warenwert|positionssumme", 0.5),
)
TAX = _compile(
    (
        r"totaal\s*btw|btw\s*bedrag|total\s*vat|vat\s*amount|total\s*tax(?:es)?|tax\s*amount"
        r"|summe\s*(?:ust|mwst|umsatzsteuer)|gesamt\s*(?:ust|mwst)|umsatzsteuerbetrag|steuerbetrag"
        r"|mehrwertsteuer|total\s*tva|montant\s*tva|montant\s*de\s*(?:la\s*)?tva|vat\s*total|tax\s*total",
        1.0,
    ),
    (r"btw|vat|mwst|ust\.?|umsatzsteuer|tva|tax|gst", 0.6),
)
# amounts on these rows are never the document total / net / tax
NOT_TOTAL = re.compile(
    r"sub\s*-?total|zwischensumme|netto|excl|\bht\b|hors\s*tax|rabatt|skonto|korting|remise"
    r"|discount|gezahlt|betaald|paid|acompte|anzahlung|voraus|\bqty\b|quantity|items?\b"
    r"|zuschl|abschl|allowance|charge|ohne|without|before|\bnet\b"
    r"|(?<!incl\. )(?<!incl )(?<!inkl\. )(?<!incl\.)(?<!including )\b(?:vat|tax|tva)\b"
    r"|st[üu]ck|basis|base|prozent|percent",
    re.IGNORECASE,
)
NOT_NET = re.compile(r"incl|inkl|ttc|brutto|gesamtbetrag|total\s*due|prix|price|preis|prijs", re.I)
NOT_TAX = re.compile(r"incl|inkl|ttc|brutto|excl|exkl|\bht\b|\bnr\b|number|\bid\b|no\.|ident", re.I)

VAT_LABEL = re.compile(
    r"btw[\s-]*(?:nummer|nr|id)|btw\b|vat\s*(?:reg(?:istration)?\.?\s*)?(?:no|number|id)|vat\b"
    r"|ust[\s.-]*id[\s.-]*(?:nr)?|ust-?idnr|umsatzsteuer-?id|steuer-?id|mwst[\s.-]*nr"
    r"|(?:n[°º]|num[ée]ro)\s*(?:de\s*)?tva|tva\s*intra|tva\b|identifiant\s*tva|identnr",
    re.IGNORECASE,
)
BUYER_CUE = re.compile(
    # word starts ("Kundennummer", "Klant-BTW") and whole small words ("uw", not "Bouw")
    r"\b(?:client|kunde|customer|klant|afnemer|acheteur|k[äa]ufer|buyer|destinataire)"
    r"|\b(?:uw|your|ihre?|votre)\b",
    re.IGNORECASE,
)
IBAN_LABEL = re.compile(r"\biban\b", re.IGNORECASE)
BIC_LABEL = re.compile(r"\bbic\b|swift", re.IGNORECASE)
COC_LABEL = re.compile(
    r"\bkvk\b|k\.v\.k|kamer\s*van\s*koophandel|handelsregister|handelsreg\.?|\bhrb\b|\bcoc\b"
    r"|chamber\s*of\s*commerce|company\s*(?:reg|no)|\brcs\b|\bsiret\b|\bsiren\b",
    re.IGNORECASE,
)
PAYMENT_REFERENCE = _compile(
    (
        r"betalingskenmerk|betaalkenmerk|betalingsreferentie|payment\s*reference"
        r"|zahlungsreferenz|verwendungszweck|r[ée]f[ée]rence\s*(?:de\s*)?paiement"
        r"|communication\s*structur[ée]e|gestructureerde\s*mededeling|mededeling|kenmerk",
        1.0,
    ),
)
CURRENCY = re.compile(
    r"(?<![A-Z])(EUR|USD|GBP|CHF|MYR|SGD|SEK|DKK|NOK|PLN|CZK|HUF|JPY)(?![A-Z])|(€|£|\$|RM)"
)
CURRENCY_SYMBOLS = {"€": "EUR", "£": "GBP", "$": "USD", "RM": "MYR"}

SELLER_SECTION = re.compile(
    r"verk[äa]ufer|lieferant|rechnungsersteller|rechnungssteller|leverancier|verkoper|seller"
    r"|supplier|vendor|vendeur|fournisseur|absender|from|van|emetteur|émetteur",
    re.IGNORECASE,
)
BUYER_SECTION = re.compile(
    r"k[äa]ufer|rechnungsempf[äa]nger|leistungsempf[äa]nger|rechnungsadresse|kunde|factuuradres"
    r"|klant|afnemer|koper|bill\s*to|billed\s*to|invoice\s*to|sold\s*to|customer|buyer|client"
    r"|adresse\s*de\s*facturation|destinataire|factur[ée]\s*[àa]|acheteur|gefactureerd\s*aan"
    r"|adresse\s*du\s*client|customer\s*address|billing\s*address|kundenanschrift",
    re.IGNORECASE,
)
OTHER_SECTION = re.compile(
    r"warenempf[äa]nger|lieferanschrift|lieferadresse|abweichender|ship\s*to|delivery\s*address"
    r"|deliver\s*to|afleveradres|leveradres|adresse\s*de\s*livraison|livr[ée]\s*[àa]|bemerkung"
    r"|zahlungsinformation|bankverbindung|positionsdaten|payee|zahlungsempf[äa]nger",
    re.IGNORECASE,
)
NAME_LABEL = re.compile(r"^(?:name|naam|nom|firma|company|raison\s*sociale)\s*:?", re.I)
ADDRESS_LABEL = re.compile(r"^(?:anschrift|adresse?|address|adres)\s*:?", re.I)
LEGAL_FORM = re.compile(
    r"(?<![\w])(?:gmbh|ag|kg|ohg|e\.\s?k\.|ug|b\.?\s?v\.?|n\.?\s?v\.?|v\.o\.f\.?|vof|bvba|bv"
    r"|ltd\.?|limited|llc|inc\.?|plc|corp\.?|corporation|sarl|s\.a\.r\.l\.|sas|s\.a\.s\.|sa|s\.a\."
    r"|eurl|sdn\.?\s*bhd\.?|bhd|enterprise|trading|s/b|a\.g\.)(?![\w])",
    re.IGNORECASE,
)


def has_legal_form(text: str) -> bool:
    """A legal form in ``text``; two-letter ones count only in capitals ("SA", not "Sa" = Samstag).

    >>> has_legal_form("Au bon moulin SARL"), has_legal_form("Mo-Fr 8-20 Uhr, Sa 8-14 Uhr")
    (True, False)
    >>> has_legal_form("Versicherungsverein a.G."), has_legal_form("Acme bv")
    (True, True)
    """
    for match in LEGAL_FORM.finditer(text):
        form = match.group()
        if len(form) > 2 or "." in form or form.isupper() or form.casefold() == "bv":
            return True
    return False


DOC_TITLE = re.compile(
    r"^(?:factuur|invoice|rechnung|facture|credit\s*note|creditnota|gutschrift|avoir|receipt"
    r"|kassenbon|tax\s*invoice|beispiel|visualisierung|seite|page)\b",
    re.IGNORECASE,
)
POSTCODE_CITY = re.compile(
    r"(?:^|\s)(?:[A-Z]{1,2}[- ])?(?:\d{4}\s?[A-Z]{2}|\d{4,5}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\s+\S"
)
