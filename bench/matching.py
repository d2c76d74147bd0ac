"""Customer linking on PostgreSQL: precision, recall and look-up time with realistic noise.

In: a PostgreSQL server (default ``postgresql+psycopg://postgres@127.0.0.1:5432``; a fresh
database is created, migrated and dropped afterwards). It loads ``--customers`` synthetic
companies (Dutch, German, English and French names with legal forms, addresses, some with VAT,
KvK and IBAN), then links ``--incoming`` parties through :func:`link_party` — the same code the
worker runs — each in its own transaction that is rolled back, so every look-up sees the same
10,000 customers. Most incoming parties are known customers written differently (legal-form
variants, case, typos, OCR confusions 0/O 1/l 5/S, "t.a.v." lines, missing VAT, moved address);
the rest are new companies, many with names close to existing ones.

Out: precision (links to the right customer / all links to an existing customer), recall
(right links / incoming parties that are known customers), how many went to review, and the
p50/p95/p99 look-up time in ms. ``--json`` prints the figures as one JSON object.

Run: ``.venv/bin/python bench/matching.py [--customers 10000] [--incoming 5000] [--seed 7]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import string
import sys
import time
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from rapidfuzz import fuzz, process
from sqlalchemy import insert
from sqlalchemy.orm import Session

from boekstuk.db.migrate import upgrade
from boekstuk.db.models import Customer, CustomerIban, Workspace
from boekstuk.db.session import dispose_engines, session_factory
from boekstuk.domain.identifiers import vat_is_valid
from boekstuk.domain.names import match_key
from boekstuk.domain.parties import Party, Thresholds, decide, parse_place
from boekstuk.services.parties import find_candidates, link_party

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432"

SURNAMES = [
    *("Jansen", "Janssen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer"),
    *("de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen"),
    *("Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok"),
    *("van der Linden", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen"),
    *("van den Broek", "de Bruijn", "van der Heijden", "Schouten", "van Beek", "Willems"),
    *("van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "Prins"),
    *("van der Wal", "Blom", "Huisman", "Peeters", "de Jong", "Kuipers", "Veenstra", "Kramer"),
    *("van Wijk", "Postma", "Scholten", "Dam", "Hermans", "Wouters", "Evers", "Boersma"),
    *("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"),
    *("Schulz", "Hoffmann", "Koch", "Richter", "Smith", "Jones", "Taylor", "Brown", "Williams"),
    *("Wilson", "Johnson", "Davies", "Evans", "Thomas", "Martin", "Bernard", "Dubois"),
    *("Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Laurent"),
]
TRADES = [
    *("Bouw", "Installatietechniek", "Schilderwerken", "Loodgietersbedrijf", "Transport"),
    *("Advies", "Accountants", "Bakkerij", "Slagerij", "Hoveniers", "Elektrotechniek"),
    *("Dakdekkers", "Metaalbewerking", "Software", "Consultancy", "Logistiek", "Automotive"),
    *("Catering", "Drukkerij", "Makelaardij", "Tandartspraktijk", "Fysiotherapie"),
    *("ICT Diensten", "Schoonmaakdiensten", "Verhuur", "Groothandel", "Import Export"),
    *("Architecten", "Ingenieursbureau", "Timmerwerken", "Zonwering", "Tegelzetters"),
    *("Kozijnen", "Koeltechniek", "Vastgoed", "Beveiliging", "Uitzendbureau", "Reclame"),
    *("Fotografie", "Bloemen"),
]
PLACES = [
    *("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere"),
    *("Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort"),
    *("Zaandam", "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Ede", "Delft", "Venlo"),
    *("Deventer", "Helmond", "Hengelo", "Alkmaar", "Emmen", "Leeuwarden", "Gouda", "Hilversum"),
]
STREETS = ["Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsweg", "Industrieweg", "Havenstraat"]
LEGAL = ("B.V.", "B.V.", "B.V.", "V.O.F.", "N.V.", "GmbH", "Ltd", "SARL", "")
LEGAL_VARIANTS = {
    "B.V.": ("BV", "b.v.", "B.V", "", "bv"),
    "V.O.F.": ("VOF", "v.o.f.", ""),
    "N.V.": ("NV", ""),
    "GmbH": ("GMBH", ""),
    "Ltd": ("Limited", "Ltd.", ""),
    "SARL": ("S.A.R.L.", ""),
    "": ("",),
}
OCR = {"o": "0", "O": "0", "l": "1", "I": "1", "s": "5", "S": "5", "B": "8"}


@dataclass(frozen=True, slots=True)
class Company:
    """A synthetic company."""

    id: uuid.UUID
    base: str
    legal: str
    street: str
    postcode: str
    city: str
    vat: str | None
    coc: str | None
    iban: str | None

    @property
    def name(self) -> str:
        return f"{self.base} {self.legal}".strip()

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode[:4]} {self.postcode[4:]} {self.city}"


def _vat(rng: random.Random, used: set[str]) -> str:
    while True:
        digits = "".join(rng.choice(string.digits) for _ in range(8))
        for check in string.digits:
            vat = f"NL{digits}{check}B01"
            if vat not in used and vat_is_valid(vat):
                used.add(vat)
                return vat


def _iban(rng: random.Random, used: set[str]) -> str:
    while True:
        bank = rng.choice(("ABNA", "INGB", "RABO", "TRIO", "SNSB"))
        account = "".join(rng.choice(string.digits) for _ in range(10))
        numeric = "".join(str(int(c, 36)) for c in f"{bank}{account}NL00")
        iban = f"NL{98 - int(numeric) % 97:02d}{bank}{account}"
        if iban not in used:
            used.add(iban)
            return iban


def _base_name(rng: random.Random) -> str:
    a, b = rng.sample(SURNAMES, 2)
    trade, place = rng.choice(TRADES), rng.choice(PLACES)
    pattern = rng.random()
    if pattern < 0.35:
        return f"{a} {trade}"
    if pattern < 0.5:
        return f"{trade} {a}"
    if pattern < 0.65:
        return f"{a} & {b}"
    if pattern < 0.8:
        return f"{a} {trade} {place}"
    if pattern < 0.9:
        return f"{trade} {place}"
    return f"{a} & {b} {trade}"


def _sorted_key(name: str) -> str:
    return " ".join(sorted(match_key(name).split()))


def make_companies(
    rng: random.Random, n: int, taken: set[str], unlike: list[str] | None = None
) -> list[Company]:
    """``n`` companies with different names (also from ``taken``).

    With ``unlike`` (known companies' match keys), a name one typo away from one of them is
    not used: a new company printed exactly like a typo of a known one cannot be told apart
    by name alone, by a program or a person.
    """
    vats: set[str] = set()
    ibans: set[str] = set()
    cocs: set[str] = set()
    companies = []
    while len(companies) < n:
        base = _base_name(rng)
        key = _sorted_key(base)
        if key in taken:
            continue
        if unlike is not None and (
            process.extractOne(match_key(base), unlike, scorer=fuzz.ratio, score_cutoff=88)
            or process.extractOne(key, unlike, scorer=fuzz.token_sort_ratio, score_cutoff=88)
        ):
            continue
        taken.add(key)
        coc = None
        if rng.random() < 0.5:
            coc = f"{rng.randrange(10**7, 10**8)}"
            if coc in cocs:
                coc = None
            else:
                cocs.add(coc)
        companies.append(
            Company(
                id=uuid.uuid4(),
                base=base,
                legal=rng.choice(LEGAL),
                street=f"{rng.choice(STREETS)} {rng.randrange(1, 300)}",
                postcode=f"{rng.randrange(1000, 9999)}{rng.choice(string.ascii_uppercase)}"
                f"{rng.choice(string.ascii_uppercase)}",
                city=rng.choice(PLACES),
                vat=_vat(rng, vats) if rng.random() < 0.7 else None,
                coc=coc,
                iban=_iban(rng, ibans) if rng.random() < 0.6 else None,
            )
        )
    return companies


def _typo(rng: random.Random, text: str) -> str:
    positions = [i for i, c in enumerate(text) if c.isalpha()]
    if len(positions) < 6:
        return text
    i = rng.choice(positions[1:])
    kind = rng.random()
    if kind < 0.4:  # dropped letter
        return text[:i] + text[i + 1 :]
    if kind < 0.7 and i + 1 < len(text):  # swapped letters
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1 :]  # wrong letter


def _ocr(rng: random.Random, text: str) -> str:
    chars = list(text)
    spots = [i for i, c in enumerate(chars) if c in OCR]
    for i in rng.sample(spots, min(len(spots), rng.choice((1, 1, 2)))):
        chars[i] = OCR[chars[i]]
    return "".join(chars)


def noisy(rng: random.Random, company: Company) -> Party:
    """How a document might print a known company."""
    base = company.base
    if rng.random() < 0.3:
        base = base.upper()
    elif rng.random() < 0.1:
        base = base.lower()
    if rng.random() < 0.35:
        base = _typo(rng, base)
    if rng.random() < 0.25:
        base = _ocr(rng, base)
    legal = rng.choice(LEGAL_VARIANTS[company.legal])
    name = f"{base} {legal}".strip()
    if rng.random() < 0.1:
        name += "\nt.a.v. de administratie"
    address: str | None = company.address
    roll = rng.random()
    if roll < 0.15:  # moved
        address = f"{rng.choice(STREETS)} 1, {rng.randrange(1000, 9999)} ZZ {rng.choice(PLACES)}"
    elif roll < 0.45:
        address = None
    postcode, city = parse_place(address)
    return Party(
        name=name,
        address=address,
        postcode=postcode,
        city=city,
        vat_number=company.vat if rng.random() < 0.25 else None,  # mostly missing
        coc_number=company.coc if rng.random() < 0.1 else None,
        iban=company.iban if rng.random() < 0.15 else None,
    )


def as_party(company: Company) -> Party:
    """A new company printed cleanly (with its own identifiers, sometimes)."""
    postcode, city = parse_place(company.address)
    return Party(
        name=company.name,
        address=company.address,
        postcode=postcode,
        city=city,
        vat_number=company.vat if random.random() < 0.3 else None,
    )


def load(session: Session, workspace_id: uuid.UUID, companies: list[Company]) -> None:
    """Bulk-insert the known customers and their IBANs."""
    rows, ibans = [], []
    for c in companies:
        postcode, city = parse_place(c.address)
        rows.append(
            {
                "id": c.id,
                "workspace_id": workspace_id,
                "name": c.name,
                "normalized_name": match_key(c.name),
                "address": c.address,
                "postcode": postcode,
                "city": city,
                "country": "NL",
                "vat_number": c.vat,
                "coc_number": c.coc,
                "iban": c.iban,
                "locked_fields": [],
            }
        )
        if c.iban:
            ibans.append(
                {
                    "id": uuid.uuid4(),
                    "workspace_id": workspace_id,
                    "customer_id": c.id,
                    "iban": c.iban,
                }
            )
    for start in range(0, len(rows), 2000):
        session.execute(insert(Customer), rows[start : start + 2000])
    if ibans:
        session.execute(insert(CustomerIban), ibans)
    session.commit()
    session.connection().exec_driver_sql("ANALYZE customer")
    session.connection().exec_driver_sql("ANALYZE customer_iban")
    session.commit()


def run(
    url: str,
    n_customers: int,
    n_incoming: int,
    seed: int,
    known_share: float,
    thresholds: Thresholds,
) -> dict[str, Any]:
    """Load, link, measure."""
    rng = random.Random(seed)
    random.seed(seed)
    taken: set[str] = set()
    known = make_companies(rng, n_customers, taken)
    # new companies: drawn from the same vocabulary, so many look like known ones
    unknown = make_companies(rng, n_incoming, taken, [match_key(c.base) for c in known])
    factory = session_factory(url)
    with factory() as session:
        workspace = Workspace(name="bench", vat_number="NL000099998B57")
        session.add(workspace)
        session.commit()
        workspace_id = workspace.id
        load(session, workspace_id, known)
    cases: list[tuple[Party, uuid.UUID | None]] = []
    for i in range(n_incoming):
        if rng.random() < known_share:
            company = rng.choice(known)
            cases.append((noisy(rng, company), company.id))
        else:
            cases.append((as_party(unknown[i]), None))
    times: list[float] = []
    lookups: list[float] = []
    right = wrong = missed = reviews = new_right = new_wrong = 0
    examples: list[str] = []
    missed_examples: list[str] = []
    with factory() as session:
        for party, truth in cases:
            started = time.perf_counter()
            if party.key:  # the name look-up alone (identifier look-ups are single index hits)
                decide(party, find_candidates(session, workspace_id, party), thresholds)
                lookups.append((time.perf_counter() - started) * 1000)
            session.rollback()
            started = time.perf_counter()
            linked = link_party(session, workspace_id, party, thresholds)
            times.append((time.perf_counter() - started) * 1000)
            session.rollback()
            reviews += bool(linked.created and linked.review_item_ids)
            if truth is None:
                if linked.created:
                    new_right += 1
                else:
                    new_wrong += 1
                    if len(examples) < 8:
                        examples.append(f"new {party.name!r} linked to an existing customer")
            elif linked.created:
                missed += 1
                if len(missed_examples) < 12:
                    missed_examples.append(f"{party.name!r} {party.postcode} (truth {truth})")
            elif linked.customer_id == truth:
                right += 1
            else:
                wrong += 1
                if len(examples) < 8:
                    examples.append(f"{party.name!r} linked to the wrong customer")
    links = right + wrong + new_wrong
    positives = right + wrong + missed
    times.sort()
    lookups.sort()
    return {
        "customers": n_customers,
        "incoming": n_incoming,
        "known_incoming": positives,
        "new_incoming": new_right + new_wrong,
        "precision": right / links if links else 1.0,
        "recall": right / positives if positives else 1.0,
        "correct_links": right,
        "wrong_links": wrong + new_wrong,
        "missed": missed,
        "review_items": reviews,
        "lookup_ms_p50": statistics.median(lookups),
        "lookup_ms_p95": lookups[int(len(lookups) * 0.95) - 1],
        "lookup_ms_p99": lookups[int(len(lookups) * 0.99) - 1],
        "link_ms_p50": statistics.median(times),
        "link_ms_p95": times[int(len(times) * 0.95) - 1],
        "link_ms_p99": times[int(len(times) * 0.99) - 1],
        "examples": examples,
        "missed_examples": missed_examples,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--incoming", type=int, default=5_000)
    parser.add_argument("--known-share", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--match", type=float, default=Thresholds().match)
    parser.add_argument("--review", type=float, default=Thresholds().review)
    parser.add_argument("--penalty", type=float, default=Thresholds().place_penalty)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="show missed links too")
    args = parser.parse_args(argv)
    name = f"bk_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG_BASE}/{name}"
    try:
        upgrade(url)
        thresholds = Thresholds(match=args.match, review=args.review, place_penalty=args.penalty)
        figures = run(url, args.customers, args.incoming, args.seed, args.known_share, thresholds)
    finally:
        dispose_engines()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"customers in PostgreSQL   {figures['customers']}")
    print(
        f"incoming parties          {figures['incoming']} "
        f"({figures['known_incoming']} known, {figures['new_incoming']} new)"
    )
    print(f"precision                 {figures['precision']:.2%}")
    print(f"recall                    {figures['recall']:.2%}")
    print(
        f"correct / wrong / missed  {figures['correct_links']} / {figures['wrong_links']} / "
        f"{figures['missed']}  (new customer + review item: {figures['review_items']})"
    )
    print(
        f"name look-up ms p50/p95/p99 {figures['lookup_ms_p50']:.2f} / "
        f"{figures['lookup_ms_p95']:.2f} / {figures['lookup_ms_p99']:.2f}"
    )
    print(
        f"whole link ms p50/p95/p99 {figures['link_ms_p50']:.2f} / "
        f"{figures['link_ms_p95']:.2f} / {figures['link_ms_p99']:.2f}  "
        "(lock, key look-ups, name look-up, create or update, review item)"
    )
    for example in figures["examples"]:
        print(f"  e.g. {example}")
    if args.verbose:
        for example in figures["missed_examples"]:
            print(f"  missed: {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
