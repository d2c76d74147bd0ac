"""What a printed line of a party block is: a name, an attention line, an address line, …

Pure text rules, no I/O, nothing raises. In: one line of text as printed (a row of a party
block, or one part of a footer line such as ``Name | street | 1234 AB City | KvK …``). Out: a
:class:`LineKind`, a cleaned name, and :func:`is_real_name` — the test every customer name must
pass (never an attention line, a label, an address line, a contact line or a value without
letters). Dutch, English, German and French.

>>> [line_kind(t).value for t in ("t.a.v. administratie", "Keizersgracht 12-3", "1015 CJ Amsterdam")]
['attention', 'street', 'postcode_city']
>>> [line_kind(t).value for t in ("z. Hd. Herrn Müller", "T +31 20 123 4567", "Nederland")]
['attention', 'contact', 'country']
>>> line_kind("Jansen Installatietechniek B.V.").value
'name'
>>> clean_name("(Not to be used for payment remittance) Amazon Web Services, Inc.")
'Amazon Web Services, Inc.'
>>> is_real_name("t.a.v. administratie"), is_real_name("1317 YB Hendrik"), is_real_name("Koster BV")
(False, False, True)

Names are compared in one normal form (:func:`match_key`: no legal form, attention line, case,
accents or punctuation; OCR's 0/O, 1/l, 5/S folded):

>>> normalise_name("Jansen Installatietechniek B.V.")
'jansen installatietechniek'
>>> normalise_name("JANSEN-INSTALLATIETECHNIEK BV\\nt.a.v. de heer P. de Vries")
'jansen installatietechniek'
>>> normalise_name("Müller & Söhne GmbH & Co. KG")
'muller sohne'
>>> normalise_name("Metallbau Becker UG (haftungsbeschränkt)")
'metallbau becker'
>>> match_key("Bakkerij De K0renbloem V.O.F.")
'bakkerij de korenbloem'
>>> round(name_score("jansen bouw", "jansen bouw"), 1)
100.0
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz


class LineKind(StrEnum):
    """The role of one line in a party block."""

    NAME = "name"
    ATTENTION = "attention"  # t.a.v., Attn., z. Hd., à l'attention de, a department
    SALUTATION = "salutation"  # "Herrn", "Frau", "Firma", "Aan" alone on their line
    LABEL = "label"  # "Factuuradres:", "Bill to", "Kundennummer: 4711"
    STREET = "street"
    POBOX = "pobox"
    POSTCODE_CITY = "postcode_city"
    COUNTRY = "country"
    CONTACT = "contact"  # phone, fax, e-mail, web
    IDENTIFIER = "identifier"  # VAT, IBAN, KvK, BIC … with or without their label
    NOTICE = "notice"  # "(Not to be used for payment remittance)", "Kopie", "Page 1 of 2"
    OTHER = "other"  # a sentence, amounts, dates


_ATTENTION = re.compile(
    r"^(?:t\.?\s?a\.?\s?v\.?(?=\s|$|:)|ter\s+attentie\s+van|attn\.?|attention(?:\s+of)?|f\.?a\.?o\.?\b"
    r"|for\s+the\s+attention\s+of|z\.?\s?h(?:d|än)?\.?(?=\s|$)|z\.\s?hd\.?|zu\s+h[äa]nden|zHd\.?"
    r"|à\s+l'attention\s+d[eu]|a\s+l'attention\s+d[eu]|à\s+l’attention\s+d[eu]|c/o\b"
    r"|afdeling\b|abteilung\b|department\b|dept\.|service\s+(?:comptabilit[ée]|achats|client)"
    r"|crediteurenadministratie|debiteurenadministratie|administratie\b|buchhaltung\b"
    r"|accounts\s+payable|accounts\s+receivable|comptabilit[ée]\b)",
    re.IGNORECASE,
)
_SALUTATION = re.compile(
    r"^(?:herrn?|frau|firma|fa\.|aan|to|an|à|mr\.?|mrs\.?|ms\.?|m\.|mme\.?|madame|monsieur"
    r"|dhr\.?|mevr\.?|de\s+heer|mevrouw)\s*:?$",
    re.IGNORECASE,
)
# a label: text ending in ":" or a "Label: value" row whose label is a known field name
_LABEL = re.compile(
    r"^[^\d:]{2,40}:\s*$|^[^\d:]{2,30}:\s+\S"
    r"|^(?:bill(?:ed)?\s+to|ship\s+to|invoice\s+to|sold\s+to|deliver\s+to|remit\s+to|pay\s+to"
    r"|service\s+provider|factuuradres|afleveradres|leveradres|factuur\s+aan|gefactureerd\s+aan"
    r"|rechnungs(?:empf[äa]nger|adresse|anschrift)|liefer(?:anschrift|adresse)|leistungsempf[äa]nger"
    r"|warenempf[äa]nger|verk[äa]ufer|k[äa]ufer|lieferant|absender|empf[äa]nger|seller|buyer"
    r"|supplier|vendor|customer|client|kunde|klant|afnemer|leverancier|verkoper|koper|[ée]metteur"
    r"|destinataire|factur[ée]\s+[àa]|adresse\s+de\s+(?:facturation|livraison)|fournisseur"
    r"|acheteur|from|van|aan|to)\s*:?$"
    # a field label standing alone, its value in the next column
    r"|^(?:nummer|number|nr\.?|no\.?|n[°º]|kunden-?(?:nr\.?|nummer)|klant(?:nummer|nr\.?)"
    r"|customer\s*(?:no\.?|number|id)|debiteur(?:nummer|nr\.?)|globale\s+nummer|gln|id"
    r"|referen[ct]e|reference|uw\s+referentie|ihr\s+zeichen|contact(?:persoon)?|ansprechpartner"
    r"|steuernummer|tax\s+number)\s*:?$",
    re.IGNORECASE,
)
# house number at the end ("Keizersgracht 12-3", "Musterstr. 18a", "Oswin-Geisler-Allee 5/4"),
# or at the start followed by a street word ("12 rue de la Paix", "221B Baker Street")
_STREET = re.compile(
    r"^[^\d,;:]{2,60}?\s\d{1,5}(?:\s?[a-zA-Z]{1,2})?(?:\s?[-/]\s?\d{1,5}[a-zA-Z]?)?"
    r"(?:\s?(?:hs|bis|ter|boven|rd|bus\s\d+))?\.?$"
    r"|^\d{1,5}(?:\s?[a-zA-Z])?(?:\s?-\s?\d{1,5})?,?\s+(?:rue|avenue|av\.|bd|boulevard|all[ée]e|chemin"
    r"|place|impasse|route|quai|cours|[\w'’.-]+\s+(?:street|st\.?|road|rd\.?|lane|ln\.?|avenue|ave\.?"
    r"|drive|dr\.?|way|close|court|place|square|park|gardens|terrace|crescent|hill|row|walk))\b",
    re.IGNORECASE,
)
# a British/Irish street: a house number and a few capitalised words ("209 Flynn Locks")
_HOUSE_FIRST = re.compile(r"^\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'’.-]+\s?){1,4}$")
_STREET_WORD = re.compile(
    r"(?:straat|str\.|straße|strasse|weg|laan|plein|gracht|kade|singel|dijk|dreef|hof|steeg|markt"
    r"|allee|gasse|platz|ring|damm|ufer|chaussee|boulevard|avenue|street|road|lane)\b",
    re.IGNORECASE,
)
_POBOX = re.compile(
    r"^(?:postbus|postfach|p\.?\s?o\.?\s?box|bo[iî]te\s+postale|b\.?p\.?|antwoordnummer)\s*\d",
    re.IGNORECASE,
)
_POSTCODE_CITY = re.compile(
    r"^(?:[A-Z]{1,2}(?:\s?[-–]\s?|\s))?(?:\d{4}\s?[A-Z]{2}|\d{4,5})[\s,]+[A-Za-zÀ-ÿ'’][\w'’ .()/-]{1,40}$"
    r"|^(?:[A-Z]{1,2}(?:\s?[-–]\s?|\s))?(?:\d{4}\s?[A-Z]{2}|\d{4,5})[\s,]+[A-Za-zÀ-ÿ'’][\w'’ .()/-]{1,40}"
    r",?\s+(?:[A-Z]{2}|[A-Za-zÀ-ÿ]{4,20})$"
    # UK: "London SW1A 1AA", "SW1A 1AA London", "Leeds, LS1 4AP"
    r"|^(?:[A-Za-z][\w'’ .-]{1,30},?\s+)?[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?:,?\s+[A-Za-z][\w .-]{1,30})?$",
)
_COUNTRY = re.compile(
    r"^(?:nederland|the\s+netherlands|netherlands|holland|belgi[eë]|belgique|belgium|deutschland"
    r"|germany|allemagne|duitsland|france|frankrijk|frankreich|luxembourg|luxemburg|[öo]sterreich"
    r"|austria|schweiz|suisse|switzerland|united\s+kingdom|great\s+britain|england|ireland|uk|usa"
    r"|united\s+states(?:\s+of\s+america)?|espa[ñn]a|spain|italia|italy|polska|poland|danmark"
    r"|denmark|sverige|sweden|nl|de|be|fr|lu|at|ch|gb)\.?$",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"(?:^|\s)(?:tel(?:efoon|efon|ephone)?|phone|fon|fax|telefax|mobiel|mobile|mobil|gsm|e-?mail"
    r"|mail|web(?:site)?|internet|homepage|t[ée]l[ée]?phone|portable|courriel)\.?\s*(?::|[+(\d])"
    r"|@|www\.|https?://|^[\w.-]+\.(?:com|nl|de|fr|be|eu|co\.uk|org|net|io)/?$"
    r"|^[TEFMWPtefmwp]\s?[:.]?\s?[+(\d]|^[☎✆✉⌂📞📧🌐☏✇⊠]|^\+\d|^\(?0\d{1,4}\)?[\s/-]?\d{3}[\s-]?\d{2,}\b",
    re.IGNORECASE,
)
_IDENTIFIER = re.compile(
    # a register or bank label with its value (a number, a code, or after a colon): "Swift &
    # Hill Ltd" is a name, "SWIFT ABNANL2A" and "Amtsgericht Köln HRB 6542" are not
    r"^(?:(?:uw|your|ihre?|votre)\s+)?(?:btw|vat|tva|ust|mwst|iban|bic|swift|kvk|k\.v\.k|coc|siret|siren|rcs|hrb|hra|steuer"
    r"|st\.?-?nr|tax\s*id|uid|ust-?id|n[°º]\s*tva|handelsregister|amtsgericht|registergericht"
    r"|chamber\s+of\s+commerce|company\s+(?:reg|no)|registered\s+in|bank\s*(?:details|account|:)"
    r"|bankverbindung|rekening(?:nummer)?|account\s*(?:no|number|nr|#)|konto(?:nummer)?|blz"
    r"|sort\s+code|gln)\b(?=.*(?:\d|:|\b[A-Z]{6,}\b))"
    r"|^(?:bankverbindung|bank\s*details|bankgegevens|coordonn[ée]es\s+bancaires)\s*:?$"
    r"|^(?:[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?)$"
    r"|^(?:NL\d{9}B\d{2}|DE\d{9}|BE0?\d{9,10}|FR[0-9A-Z]{2}\d{9}|GB\d{9}(?:\d{3})?)$",
    re.IGNORECASE,
)
_NOTICE = re.compile(
    r"^\(.*\)$|^(?:not\s+to\s+be\s+used|original|origineel|kopie|copy|duplicate|duplicaat|duplikat"
    r"|page\s+\d|seite\s+\d|pagina\s+\d|blad\s+\d|feuille|factuur|invoice|rechnung|facture"
    r"|credit\s*note|creditnota|gutschrift|avoir|tax\s+invoice|proforma|pro\s+forma|offerte|angebot"
    r"|devis|quote)\b",
    re.IGNORECASE,
)
_AMOUNT_OR_DATE = re.compile(r"\d[\d.,]*[.,]\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")


@lru_cache(maxsize=8192)
def line_kind(text: str) -> LineKind:
    """The role of one printed line (see :class:`LineKind`)."""
    line = " ".join(text.split()).strip(" ,;|·•")
    letters = sum(c.isalpha() for c in line)
    if not line or letters == 0:
        return LineKind.OTHER
    if _ATTENTION.match(line):
        return LineKind.ATTENTION
    if _SALUTATION.match(line):
        return LineKind.SALUTATION
    if _NOTICE.match(line):
        return LineKind.NOTICE
    if _CONTACT.search(line):
        return LineKind.CONTACT
    if _IDENTIFIER.match(line):
        return LineKind.IDENTIFIER
    if _COUNTRY.match(line):
        return LineKind.COUNTRY
    if _POBOX.match(line):
        return LineKind.POBOX
    if _POSTCODE_CITY.match(line):
        return LineKind.POSTCODE_CITY
    if _LABEL.match(line):
        return LineKind.LABEL
    if (_STREET.match(line) or _HOUSE_FIRST.match(line)) and not _legal_form_at_end(line):
        return LineKind.STREET
    if sum(c.isdigit() for c in line) >= letters:  # "KB-2026-1000", "4711 / 02"
        return LineKind.OTHER
    if _AMOUNT_OR_DATE.search(line) or _is_sentence(line):
        return LineKind.OTHER
    return LineKind.NAME


_LEGAL_END = re.compile(
    r"(?:b\.?\s?v\.?|n\.?\s?v\.?|v\.?o\.?f\.?|gmbh|ag|kg|ltd\.?|limited|inc\.?|llc|plc|sarl"
    r"|s\.?a\.?s?\.?|bvba|srl|e\.?\s?k\.?)$",
    re.IGNORECASE,
)


def _legal_form_at_end(line: str) -> bool:
    return bool(_LEGAL_END.search(line))


def _is_sentence(line: str) -> bool:
    """Running text: many words, most of them lower case (a payment sentence, a greeting)."""
    words = re.findall(r"[^\W\d_]+", line)
    if len(words) < 6:
        return False
    lower = sum(1 for w in words if w[0].islower())
    return lower >= 0.6 * len(words) or len(line) > 90


def is_street(text: str) -> bool:
    """True for a street line or one that names a street type ("…straat 12", "12 rue …").

    >>> is_street("Musterstr. 18"), is_street("Postbus 123"), is_street("Acme B.V.")
    (True, False, False)
    """
    return line_kind(text) is LineKind.STREET


def is_address_line(text: str) -> bool:
    """True for lines that belong to a postal address (street, PO box, postcode + city, country)."""
    return line_kind(text) in (
        LineKind.STREET,
        LineKind.POBOX,
        LineKind.POSTCODE_CITY,
        LineKind.COUNTRY,
    )


def clean_name(text: str) -> str:
    """A name line without notices in brackets, leading labels and separators.

    A bracket before the name is a notice; one after it only when it reads like one (a legal
    form such as "UG (haftungsbeschränkt)" or "(Pty) Ltd" stays).

    >>> clean_name("Name: Bakkerij De Korenbloem,")
    'Bakkerij De Korenbloem'
    >>> clean_name("Metallbau Becker UG (haftungsbeschränkt)")
    'Metallbau Becker UG (haftungsbeschränkt)'
    >>> clean_name("Acme Ltd (copy for your records)")
    'Acme Ltd'
    """
    line = " ".join(text.split())
    line = re.sub(r"^(?:name|naam|nom|firma|company|raison\s+sociale)\s*:\s*", "", line, flags=re.I)
    leading = re.match(r"^\([^()]{0,80}\)\s*", line)
    if leading and sum(c.isalpha() for c in line[leading.end() :]) >= 2:
        line = line[leading.end() :]
    trailing = re.search(r"\s*\(([^()]{0,80})\)$", line)
    if trailing and (len(trailing.group(1).split()) >= 3 or _NOTICE.match(trailing.group(1))):
        line = line[: trailing.start()]
    return " ".join(line.split()).strip(" ,;:|·•-–")


def is_real_name(text: str | None) -> bool:
    """True when ``text`` can name a company or person: letters, and not an attention line,
    label, address, contact, identifier or notice."""
    if not text:
        return False
    name = clean_name(text)
    if sum(c.isalpha() for c in name) < 2:
        return False
    return line_kind(name) is LineKind.NAME


def street_word(text: str) -> bool:
    """True when the line names a street type (straat, Straße, rue, road …) anywhere."""
    return bool(_STREET_WORD.search(text))


# ---- names compared: normal form and likeness ----

# legal forms (after dots are dropped and case folded): NL/BE, DE/AT/CH, UK/US, FR/LU
LEGAL_FORMS = frozenset(
    {
        *("bv", "nv", "vof", "cv", "bvba", "sprl", "srl", "scrl", "ua", "wa"),
        *("gmbh", "ag", "kg", "ohg", "ug", "mbh", "ev", "eg", "gbr", "kgaa", "haftungsbeschrankt"),
        *("ltd", "limited", "llc", "plc", "inc", "corp", "llp"),
        *("sarl", "sa", "sas", "sasu", "eurl", "snc"),
    }
)
# prefixes that start an attention line: the name ends there
_ATTENTION_IN_NAME = re.compile(
    r"(?i)(?:^|[\s,;(])(?:t\.?\s?a\.?\s?v\.?|attn\.?|attention|z\.?\s?hd\.?|zu händen|"
    r"c/o|à l'attention de|a l'attention de|ter attentie van)(?=[\s:.]|$)"
)
_SPLIT_PUNCT = re.compile(r"[-/,;:+_()\[\]\"|]+")
_DROP_PUNCT = re.compile(r"[.'`´’]")
_NON_WORD = re.compile(r"[^\w\s&]")
_OCR_IN_WORDS = str.maketrans({"0": "o", "1": "l", "5": "s", "8": "b", "|": "l"})


def ascii_fold(text: str) -> str:
    """Accents and ligatures folded to plain letters ("Müller" → "Muller")."""
    text = text.replace("ß", "ss").replace("æ", "ae").replace("ø", "o")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _first_name_line(raw: str) -> str:
    for line in raw.splitlines():
        head = _ATTENTION_IN_NAME.split(line, maxsplit=1)[0].strip(" ,;")
        if head:
            return head
    return ""


def normalise_name(raw: str) -> str:
    """A company name without legal form, attention line, case, accents and punctuation."""
    text = ascii_fold(_first_name_line(raw)).lower()
    text = _SPLIT_PUNCT.sub(" ", text)
    text = _DROP_PUNCT.sub("", text)
    text = _NON_WORD.sub(" ", text).replace("&", " ")
    tokens = text.split()
    while len(tokens) > 1 and tokens[-1] in LEGAL_FORMS | {"co", "en", "and", "et", "und"}:
        tokens.pop()
    while len(tokens) > 1 and tokens[0] in LEGAL_FORMS:
        tokens.pop(0)
    return " ".join(t for t in tokens if t not in LEGAL_FORMS or len(tokens) == 1)


def fold_ocr(normalised: str) -> str:
    """Undo typical OCR confusions (0/O, 1/l, 5/S) inside words that have letters."""
    return " ".join(
        token.translate(_OCR_IN_WORDS) if any(c.isalpha() for c in token) else token
        for token in normalised.split()
    )


def match_key(raw: str) -> str:
    """The form names are compared (and indexed) in: normalised, OCR confusions folded."""
    return fold_ocr(normalise_name(raw))


def name_score(a: str, b: str) -> float:
    """How alike two match keys are, 0–100 (order of words does not matter)."""
    if not a or not b:
        return 0.0
    return float(max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)))
