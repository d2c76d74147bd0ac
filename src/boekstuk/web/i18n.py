"""The web UI's message catalogue (Dutch and English) and the choice of language.

In: a message key (and format arguments), a language code. Out: the text. The language
comes from the ``lang`` cookie (the switch in the header) or else the browser's
``Accept-Language``; Dutch is the default. Nothing raises: an unknown key falls back to
English, then to the key itself.

>>> translate("nl", "nav_documents"), translate("en", "nav_documents")
('Documenten', 'Documents')
>>> pick_language(None, "en-GB,en;q=0.9,nl;q=0.8")
'en'
>>> pick_language("nl", "en")
'nl'
"""

from __future__ import annotations

from boekstuk.web.messages_en import EN
from boekstuk.web.messages_nl import NL

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
CATALOGUE: dict[str, dict[str, str]] = {"nl": NL, "en": EN}


def translate(language: str, key: str, **values: object) -> str:
    """The message ``key`` in ``language``, formatted with ``values``."""
    text = CATALOGUE.get(language, EN).get(key) or EN.get(key) or key
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def pick_language(cookie: str | None, accept_language: str | None) -> str:
    """The switch's choice, else the browser's first language we speak, else Dutch."""
    if cookie in LANGUAGES:
        return str(cookie)
    ranked: list[tuple[float, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality + index * 1e-6, tag.split("-")[0].lower()))
    for _, code in sorted(ranked):
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE
