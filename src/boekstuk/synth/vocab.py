"""Word lists for synthetic documents: company names, legal forms, people, addresses, labels.

In: nothing. Out: tuples of strings per language (``nl``, ``en``, ``de``, ``fr``) and a few
helpers that draw a company name or an address from a :class:`random.Random`. Invented names
only; identifiers are made by :mod:`boekstuk.synth.documents` so that they pass their checksums.
"""

from __future__ import annotations

import random

LANGUAGES = ("nl", "en", "de", "fr")

LEGAL_FORMS = {
    "nl": ("B.V.", "BV", "N.V.", "V.O.F.", "VOF", "Holding B.V.", "C.V."),
    "en": ("Ltd", "Ltd.", "Limited", "LLC", "Inc.", "PLC", "Corp.", "LLP"),
    "de": ("GmbH", "AG", "KG", "GmbH & Co. KG", "e.K.", "UG (haftungsbeschränkt)", "OHG", "mbH"),
    "fr": ("SARL", "SAS", "S.A.", "SA", "EURL", "SASU", "S.A.R.L."),
    "my": ("SDN BHD", "SDN. BHD.", "ENTERPRISE", "TRADING", "S/B", "(M) SDN BHD"),
}
STEMS = (
    "Noord",
    "Zuid",
    "Alpha",
    "Nova",
    "Atlas",
    "Delta",
    "Orion",
    "Vega",
    "Linde",
    "Eiken",
    "Berg",
    "Rhein",
    "Isar",
    "Elbe",
    "Main",
    "Loire",
    "Seine",
    "Rhône",
    "Schelde",
    "Maas",
    "Polder",
    "Kristal",
    "Silber",
    "Gold",
    "Blau",
    "Grün",
    "Rood",
    "Blanc",
    "Azur",
    "Soleil",
    "Sonnen",
    "Stern",
    "Sterk",
    "Snel",
    "Klar",
    "Prima",
    "Optima",
    "Maxi",
    "Micro",
    "Mega",
    "Euro",
    "Inter",
    "Trans",
    "Tech",
    "Data",
    "Net",
    "Soft",
    "Bau",
    "Holz",
    "Stahl",
    "Glas",
    "Papier",
    "Druck",
    "Licht",
    "Energie",
    "Wasser",
    "Garten",
    "Bloem",
    "Brood",
    "Koffie",
    "Kaffee",
    "Café",
    "Vin",
    "Wein",
    "Bier",
    "Fleisch",
    "Fisch",
    "Vis",
    "Kaas",
    "Käse",
    "Fromage",
    "Auto",
    "Fiets",
    "Rad",
    "Meubel",
    "Möbel",
    "Textil",
    "Mode",
    "Schuh",
    "Optik",
    "Pharma",
    "Medi",
    "Dental",
    "Vet",
    "Lieferant",
    "Muster",
    "Beispiel",
    "Kunden",
    "Handel",
    "Service",
    "Consult",
    "Logistik",
    "Transport",
    "Elektro",
    "Elektron",
    "Sanitär",
    "Dach",
    "Maler",
    "Verkehrs",
    "Software",
)
SECTORS = {
    "nl": (
        "Bouw",
        "Installatietechniek",
        "Advies",
        "Transport",
        "Groothandel",
        "Bakkerij",
        "Drukkerij",
        "Schilders",
        "Automatisering",
        "Hoveniers",
        "Techniek",
        "Handelsonderneming",
        "Logistiek",
    ),
    "en": (
        "Consulting",
        "Trading",
        "Logistics",
        "Software",
        "Supplies",
        "Engineering",
        "Services",
        "Solutions",
        "Systems",
        "Industries",
        "Holdings",
        "Design",
        "Catering",
        "Print",
    ),
    "de": (
        "Handel",
        "Bau",
        "Industrieservice",
        "Elektrotechnik",
        "Logistik",
        "Beratung",
        "Technik",
        "Systeme",
        "Vertrieb",
        "Werke",
        "Autovermietung",
        "Haustechnik",
        "Medien",
        "Versand",
    ),
    "fr": (
        "Conseil",
        "Transports",
        "Distribution",
        "Informatique",
        "Bâtiment",
        "Services",
        "Industries",
        "Électricité",
        "Boulangerie",
        "Imprimerie",
        "Logistique",
        "Négoce",
    ),
    "my": (
        "HARDWARE",
        "TRADING",
        "RESTAURANT",
        "MART",
        "STATIONERY",
        "BOOK",
        "FOOD",
        "BAKERY",
        "ELECTRICAL",
        "MINI MARKET",
        "PHARMACY",
        "KEDAI",
        "GIFT",
        "MACHINERY",
        "PRINTING",
    ),
}
FIRST_NAMES = (
    "Jan",
    "Pieter",
    "Anna",
    "Sanne",
    "Daan",
    "Emma",
    "Lotte",
    "Thomas",
    "Peter",
    "Hans",
    "Klaus",
    "Jürgen",
    "Ursula",
    "Sabine",
    "Lukas",
    "Marie",
    "Jean",
    "Pierre",
    "Claire",
    "Sophie",
    "Luc",
    "Camille",
    "John",
    "Mary",
    "James",
    "Sarah",
    "David",
    "Emily",
    "Oliver",
    "Liselotte",
    "Max",
    "Ahmed",
    "Fatima",
    "Mehmet",
    "Aylin",
    "Wei",
    "Mei",
    "Raj",
    "Priya",
    "Tan",
    "Lim",
    "Siti",
)
LAST_NAMES = (
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Becker",
    "Hoffmann",
    "Mustermann",
    "Müllermann",
    "Martin",
    "Bernard",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Laurent",
    "Girard",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
    "Evans",
    "Peeters",
    "Janssens",
    "Maes",
    "Yilmaz",
    "Chen",
    "Wong",
)
STREETS = {
    "nl": (
        "Dorpsstraat",
        "Kerkstraat",
        "Molenweg",
        "Stationsplein",
        "Industrieweg",
        "Havenkade",
        "Marktplein",
        "Nieuwe Gracht",
        "Lange Voorhout",
        "Oude Rijn",
        "Prinsengracht",
        "Beukenlaan",
    ),
    "en": (
        "High Street",
        "Station Road",
        "Church Lane",
        "Mill Road",
        "King Street",
        "Victoria Road",
        "Park Avenue",
        "Market Square",
        "Queens Way",
        "Bridge Street",
        "Oak Drive",
    ),
    "de": (
        "Hauptstraße",
        "Bahnhofstraße",
        "Musterstr.",
        "Kundenweg",
        "Lindenallee",
        "Industriestraße",
        "Am Markt",
        "Schulstraße",
        "Gartenweg",
        "Erfurter Strasse",
        "Lieferantenstraße",
        "Ringstr.",
    ),
    "fr": (
        "rue de la Paix",
        "avenue Victor Hugo",
        "boulevard Haussmann",
        "rue du Moulin",
        "place de la Gare",
        "chemin des Vignes",
        "rue des Lilas",
        "allée des Tilleuls",
        "rue Jean Jaurès",
        "quai de la Seine",
    ),
    "my": (
        "JALAN SAGU",
        "JALAN DEDAP",
        "JALAN PERMAS",
        "JALAN TUN RAZAK",
        "JALAN BUNGA RAYA",
        "JALAN PUTRA",
        "LORONG MAWAR",
        "JALAN MERBAU",
        "JALAN INDAH",
        "PERSIARAN MAHSURI",
    ),
}
CITIES = {
    "nl": (
        ("Utrecht", "3511 AB"),
        ("Amsterdam", "1012 JS"),
        ("Rotterdam", "3011 AD"),
        ("Amersfoort", "3811 LP"),
        ("Zwolle", "8011 CW"),
        ("Groningen", "9711 LM"),
        ("Eindhoven", "5611 EM"),
        ("Haarlem", "2011 HB"),
        ("Leiden", "2311 EZ"),
    ),
    "en": (
        ("London", "EC1A 1BB"),
        ("Manchester", "M1 1AE"),
        ("Leeds", "LS1 4DY"),
        ("Bristol", "BS1 4DJ"),
        ("Dublin", "D02 X285"),
        ("Cambridge", "CB2 1TN"),
    ),
    "de": (
        ("Berlin", "10115"),
        ("München", "80333"),
        ("Karlsruhe", "76138"),
        ("Frankfurt", "69876"),
        ("Düsseldorf", "40235"),
        ("Hamburg", "20095"),
        ("Köln", "50667"),
        ("Leipzig", "04109"),
        ("Musterstadt", "12345"),
        ("Demoort", "74465"),
        ("Musterhausen", "99199"),
    ),
    "fr": (
        ("Paris", "75008"),
        ("Lyon", "69002"),
        ("Marseille", "13001"),
        ("Lille", "59000"),
        ("Toulouse", "31000"),
        ("Nantes", "44000"),
        ("Strasbourg", "67000"),
        ("Bordeaux", "33000"),
    ),
    "my": (
        ("JOHOR BAHRU", "81100"),
        ("KUALA LUMPUR", "50450"),
        ("SHAH ALAM", "40000"),
        ("PETALING JAYA", "46200"),
        ("SKUDAI", "81300"),
        ("SUBANG JAYA", "47500"),
    ),
}
COUNTRY = {"nl": "NL", "en": "GB", "de": "DE", "fr": "FR", "my": "MY"}
COUNTRY_NAME = {
    "nl": "Nederland",
    "en": "United Kingdom",
    "de": "Deutschland",
    "fr": "France",
    "my": "MALAYSIA",
}
PRODUCTS = (
    "Consulting hours",
    "Beratungsleistung",
    "Adviesuren",
    "Prestation de conseil",
    "Kunstrasen",
    "Beamerhalterung",
    "Montage",
    "Lieferung",
    "Broodjes",
    "Koffie",
    "Papier A4",
    "Toner",
    "Software licence",
    "Wartung",
    "Onderhoud",
    "Maintenance",
    "Transport",
    "Frais de port",
    "Schrauben M8",
    "Kabel 3x1,5",
    "Farbe weiß",
    "Verf wit",
    "Peinture",
    "Hosting",
    "Domain",
)
TITLES = {
    "invoice": {"nl": "Factuur", "en": "Invoice", "de": "Rechnung", "fr": "Facture"},
    "credit_note": {"nl": "Creditnota", "en": "Credit note", "de": "Gutschrift", "fr": "Avoir"},
}
SELLER_LABELS = {
    "nl": ("Leverancier", "Van", "Verkoper"),
    "en": ("From", "Seller", "Supplier", "Vendor"),
    "de": ("Verkäufer", "Rechnungsersteller", "Lieferant", "Absender"),
    "fr": ("Vendeur", "Fournisseur", "Émetteur"),
}
BUYER_LABELS = {
    "nl": ("Factuuradres", "Klant", "Aan", "Afnemer"),
    "en": ("Bill to", "Billed to", "Invoice to", "Customer", "Sold to"),
    "de": ("Rechnungsempfänger", "Käufer", "Kunde", "Käufer/Leistungsempfänger", "An"),
    "fr": ("Client", "Facturé à", "Destinataire", "Acheteur"),
}
META_LABELS = {
    "nl": ("Factuurnummer", "Factuurdatum", "Vervaldatum", "Klantnummer", "Totaal te betalen"),
    "en": ("Invoice No.", "Invoice date", "Due date", "Customer no.", "Amount due"),
    "de": ("Rechnungsnummer", "Rechnungsdatum", "Fällig am", "Kundennummer", "Gesamtbetrag"),
    "fr": ("N° de facture", "Date de facture", "Échéance", "N° client", "Montant TTC"),
}
NAME_LABEL = {"nl": "Naam:", "en": "Name:", "de": "Name:", "fr": "Nom :"}
ADDRESS_LABEL = {"nl": "Adres:", "en": "Address:", "de": "Anschrift:", "fr": "Adresse :"}
VAT_LABEL = {"nl": "BTW-nummer", "en": "VAT No.", "de": "USt-IdNr.", "fr": "N° TVA"}
PHONE_LABEL = {"nl": "Tel.", "en": "Phone", "de": "Telefon", "fr": "Tél."}


def company(rng: random.Random, lang: str) -> str:
    """An invented company name with a legal form typical of ``lang``."""
    form = rng.choice(LEGAL_FORMS[lang])
    stem = rng.choice(STEMS)
    shape = rng.random()
    if lang == "my":
        name = f"{stem.upper()} {rng.choice(SECTORS['my'])} {form}"
    elif shape < 0.35:
        name = f"{stem} {rng.choice(SECTORS[lang])} {form}"
    elif shape < 0.55:
        name = f"{stem}{rng.choice(SECTORS[lang]).lower()} {form}"
    elif shape < 0.7:
        name = f"{rng.choice(LAST_NAMES)} {rng.choice(SECTORS[lang])} {form}"
    elif shape < 0.8:
        name = f"{rng.choice(SECTORS[lang])} {rng.choice(LAST_NAMES)}"  # a sole trader, no form
    elif shape < 0.9:
        name = f"{stem}-{rng.choice(SECTORS[lang])} {form}"
    else:
        name = f"{stem} & {rng.choice(STEMS)} {form}"
    return name.upper() if rng.random() < 0.15 else name


def person(rng: random.Random) -> str:
    """An invented person's name."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def address(rng: random.Random, lang: str) -> list[str]:
    """Address lines: street and number, postcode and city (sometimes a country line)."""
    street = rng.choice(STREETS[lang])
    number = str(rng.randint(1, 250)) + (rng.choice(("", "", "", "a", "-3", " B")))
    city, postcode = rng.choice(CITIES[lang])
    if lang == "fr":
        lines = [f"{number} {street}", f"{postcode} {city}"]
    elif lang == "en" and rng.random() < 0.5:
        lines = [f"{number} {street}", city, postcode]
    elif lang == "my":
        lines = [f"NO {number}, {street} {rng.randint(1, 30)}", f"{postcode} {city}"]
    else:
        lines = [f"{street} {number}", f"{postcode} {city}"]
    if rng.random() < 0.25 and lang != "my":
        lines.append(COUNTRY_NAME[lang])
    elif rng.random() < 0.2 and lang in ("de", "fr", "nl"):
        lines[-1] = f"{COUNTRY[lang]} {lines[-1]}" if rng.random() < 0.5 else lines[-1]
    return lines
