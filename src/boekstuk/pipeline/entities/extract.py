"""The entities stage proper: all CONTRACT §3 fields of one document, located and scored.

In: :class:`ExtractedText`, the :class:`DocumentType` and an optional
:class:`WorkspaceProfile`. Out: :class:`Entities` — ``fields`` (name → :class:`FieldValue`),
``line_items`` and which party the profile says is us. Amounts are chosen so that
net + tax = total where the page allows; credit notes get negative amounts. Nothing raises:
what is not found is left out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from boekstuk.domain.documents import DocumentType
from boekstuk.domain.extraction import ExtractedText
from boekstuk.domain.fields import FieldValue, WorkspaceProfile
from boekstuk.domain.money import format_amount
from boekstuk.pipeline.classify import detect_language
from boekstuk.pipeline.entities import labels as L
from boekstuk.pipeline.entities import receipts, rules
from boekstuk.pipeline.entities.einvoice import einvoice_fields
from boekstuk.pipeline.entities.ids import assign, find_ids, repair_ours
from boekstuk.pipeline.entities.layout import Layout, build_layout
from boekstuk.pipeline.entities.line_items import find_line_items
from boekstuk.pipeline.entities.parties import Parties, find_parties
from boekstuk.pipeline.entities.rules import Candidate

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Entities:
    """What the entities stage found."""

    fields: dict[str, FieldValue]
    line_items: tuple[dict[str, str], ...] = ()
    our_party: str | None = None
    notes: tuple[str, ...] = field(default=())
    # where the e-invoice XML and the visible page disagree ({"field", "code", "message"})
    warnings: tuple[dict[str, str], ...] = field(default=())
    # what could not be confirmed ("buyer_name: two party blocks fit …"): a person must look
    uncertain: tuple[str, ...] = field(default=())

    def fields_json(self) -> dict[str, dict[str, Any]]:
        """``fields`` as CONTRACT §3 shows them."""
        return {name: value.as_json() for name, value in self.fields.items()}


def extract_entities(
    text: ExtractedText,
    document_type: DocumentType,
    profile: WorkspaceProfile | None = None,
    *,
    data: bytes | None = None,
) -> Entities:
    """Every field the rules can find, with confidence, page and box; with the PDF's
    ``data`` an embedded Factur-X/ZUGFeRD/XRechnung XML takes precedence over the rules."""
    rules_only = _extract_by_rules(text, document_type, profile)
    if data is None or not data.startswith(b"%PDF") or document_type is DocumentType.RECEIPT:
        return rules_only
    structured = einvoice_fields(data)
    if not structured:
        return rules_only
    return _merge_einvoice(rules_only, structured)


def _merge_einvoice(rules_only: Entities, structured: dict[str, FieldValue]) -> Entities:
    """The XML's values, located where the page shows them; disagreements become warnings."""
    fields = dict(rules_only.fields)
    warnings: list[dict[str, str]] = []
    for name, value in structured.items():
        seen = fields.get(name)
        if seen is not None and _same_value(seen.value, value.value):
            fields[name] = FieldValue(value.value, 0.99, seen.page, seen.bbox, "einvoice")
            continue
        if seen is not None:
            message = f"the e-invoice XML says {value.value!r}, the page shows {seen.value!r}"
            warnings.append({"field": name, "code": "einvoice_mismatch", "message": message})
        fields[name] = value
    notes = (*rules_only.notes, "fields read from the embedded e-invoice XML")
    return Entities(
        fields=fields,
        line_items=rules_only.line_items,
        our_party=rules_only.our_party,
        notes=notes,
        warnings=tuple(warnings),
        uncertain=rules_only.uncertain,
    )


def _same_value(a: str, b: str) -> bool:
    return "".join(a.split()).casefold() == "".join(b.split()).casefold()


def _extract_by_rules(
    text: ExtractedText,
    document_type: DocumentType,
    profile: WorkspaceProfile | None,
) -> Entities:
    """The label-anchored rules over the word layout."""
    if document_type is DocumentType.BANK_STATEMENT:
        return Entities(fields={})
    layouts = [build_layout(page) for page in text.pages if page.words]
    if not layouts:
        return Entities(fields={})
    found: dict[str, Candidate | None] = {}
    notes: list[str] = []
    if document_type is DocumentType.RECEIPT:
        found["seller_name"], found["seller_address"] = receipts.merchant(layouts[0])
        found["invoice_date"] = receipts.receipt_date(layouts)
        found["total_amount"] = receipts.receipt_total(layouts)
        found["tax_amount"] = receipts.receipt_tax(layouts)
    else:
        found["invoice_number"] = _first(rules.invoice_numbers(layouts))
        currency = rules.currency(layouts)
        us = rules.month_first(layouts, detect_language(text), currency.value if currency else None)
        found["invoice_date"] = _first(rules.invoice_dates(layouts, us))
        found["due_date"] = _first(rules.due_dates(layouts, us))
        total, net, tax, derived = _amounts(layouts)
        found.update(total_amount=total, net_amount=net, tax_amount=tax)
        if derived:
            notes.append("tax_amount derived as total - net")
        found["payment_reference"] = _first(rules.payment_references(layouts))
    identifiers = repair_ours(find_ids(layouts), profile)
    parties = Parties()
    if document_type is not DocumentType.RECEIPT:  # a receipt's merchant is read above
        parties = find_parties(layouts, identifiers, profile)
        found.update(
            seller_name=parties.seller_name,
            seller_address=parties.seller_address,
            buyer_name=parties.buyer_name,
            buyer_address=parties.buyer_address,
        )
        notes.extend(parties.notes)
    ids = assign(identifiers, parties, profile)
    found.update(
        seller_vat=ids.seller_vat,
        buyer_vat=ids.buyer_vat,
        seller_iban=ids.seller_iban,
        buyer_iban=ids.buyer_iban,
        seller_bic=ids.seller_bic,
        seller_coc=ids.seller_coc,
    )
    if document_type is not DocumentType.RECEIPT and len(layouts) == 1:
        # a till slip read as an invoice (or not recognised): the receipt rules as fallback
        if found.get("total_amount") is None:
            found["total_amount"] = receipts.receipt_total(layouts)
        if found.get("invoice_date") is None:
            found["invoice_date"] = receipts.receipt_date(layouts)
        if found.get("seller_name") is None:
            found["seller_name"], found["seller_address"] = receipts.merchant(layouts[0])
    found.update(_ner_parties(text, document_type, found))
    found["currency"] = rules.currency(layouts)
    our_party = parties.our_party
    if document_type is DocumentType.CREDIT_NOTE:
        for name in ("total_amount", "net_amount", "tax_amount"):
            candidate = found.get(name)
            if candidate is not None and candidate.amount > 0:
                found[name] = Candidate(
                    format_amount(-candidate.amount),
                    candidate.score,
                    candidate.page,
                    candidate.bbox,
                    candidate.row,
                )
    fields = {
        name: FieldValue(c.value, round(min(1.0, c.score), 3), c.page, c.bbox)
        for name, c in found.items()
        if c is not None and c.value
    }
    line_items = find_line_items(text) if document_type is not DocumentType.RECEIPT else ()
    return Entities(
        fields=fields,
        line_items=line_items,
        our_party=our_party,
        notes=tuple(notes),
        uncertain=parties.uncertain,
    )


# party fields where the shipped NER beat the rules on ../shared/data (see README, issue 4);
# elsewhere the rules decide and the NER is not consulted
NER_FIELDS: dict[DocumentType, frozenset[str]] = {}


def _ner_parties(
    text: ExtractedText, document_type: DocumentType, found: dict[str, Candidate | None]
) -> dict[str, Candidate]:
    """The NER's party fields that replace the rules' (the rules stay when it finds nothing)."""
    wanted = NER_FIELDS.get(document_type, frozenset())
    if not wanted:
        return {}
    from boekstuk.engines.spacy_ner import party_ner  # the engine imports this package

    engine = party_ner()
    if engine is None:
        return {}
    out: dict[str, Candidate] = {}
    single = document_type is DocumentType.RECEIPT
    for name, got in engine.extract(text, single_party=single).items():
        if name not in wanted:
            continue
        score = float(str(got["confidence"]))
        bbox: Any = got["bbox"]
        out[name] = Candidate(str(got["value"]), score, int(str(got["page"])), bbox)
    return out


def _first(candidates: list[Candidate]) -> Candidate | None:
    return candidates[0] if candidates else None


def _amounts(
    layouts: list[Layout],
) -> tuple[Candidate | None, Candidate | None, Candidate | None, bool]:
    """Total, net and tax; a consistent triple (net + tax = total) wins over label strength."""
    totals = _best_amounts(rules.amounts(layouts, L.TOTAL, L.NOT_TOTAL), prefer_large=True)
    nets = _best_amounts(rules.amounts(layouts, L.NET, L.NOT_NET), prefer_large=False)
    taxes = _best_amounts(rules.amounts(layouts, L.TAX, L.NOT_TAX), prefer_large=False)
    best: tuple[float, Candidate, Candidate, Candidate | None] | None = None
    for total in totals[:8]:
        for net in nets[:8]:
            if net.amount == total.amount:
                options: list[Candidate | None] = [None]
            else:
                options = [t for t in taxes[:8] if net.amount + t.amount == total.amount]
                summed = _per_rate_sum(taxes[:8])
                if not options and summed and net.amount + summed.amount == total.amount:
                    options = [summed]  # one tax row per rate, printed without a total
            for tax in options:
                score = total.score + net.score + (tax.score if tax else 0.5) + 1.0
                if best is None or score > best[0]:
                    best = (score, total, net, tax)
    if best is not None:
        _, total, net, tax = best
        boost = 0.1
        total = Candidate(total.value, min(1.0, total.score + boost), total.page, total.bbox)
        net = Candidate(net.value, min(1.0, net.score + boost), net.page, net.bbox)
        if tax is None:
            return total, net, Candidate("0.00", 0.5, net.page, net.bbox), True
        return (
            total,
            net,
            Candidate(tax.value, min(1.0, tax.score + boost), tax.page, tax.bbox),
            False,
        )
    top_total = totals[0] if totals else None
    top_net = nets[0] if nets else None
    top_tax = taxes[0] if taxes else None
    if (
        top_total is not None
        and top_net is not None
        and top_tax is None
        and top_total.amount >= top_net.amount >= 0
    ):
        value = format_amount(top_total.amount - top_net.amount)
        derived = Candidate(value, 0.45, top_total.page, top_total.bbox)
        return top_total, top_net, derived, True
    return top_total, top_net, top_tax, False


def _per_rate_sum(taxes: list[Candidate]) -> Candidate | None:
    """The sum of tax amounts standing on different rows (several VAT rates)."""
    by_row = {(c.page, c.row): c for c in taxes if c.amount > 0}
    if len(by_row) < 2:
        return None
    parts = list(by_row.values())
    total = sum((c.amount for c in parts), Decimal(0))
    score = min(c.score for c in parts) * 0.9
    return Candidate(format_amount(total), score, parts[0].page, parts[0].bbox, parts[0].row)


def _best_amounts(candidates: list[Candidate], prefer_large: bool) -> list[Candidate]:
    """Distinct values, strongest label first; ties go to the larger (totals) or later amount."""
    seen: dict[Decimal, Candidate] = {}
    for candidate in candidates:
        if candidate.amount not in seen or candidate.score > seen[candidate.amount].score:
            seen[candidate.amount] = candidate
    ordered = list(seen.values())
    if prefer_large:
        ordered.sort(key=lambda c: (-round(c.score, 2), -abs(c.amount)))
    else:
        ordered.sort(key=lambda c: (-round(c.score, 2), -c.page, -c.bbox[1]))
    return ordered
