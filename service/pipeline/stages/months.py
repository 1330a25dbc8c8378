"""Month names as news pages print them, in the languages the service reads
(English, French, Spanish, German, Italian, Portuguese), with their numbers.

One table serves the time parser ("12 mars 2024 à 14h05") and the dateline
stage ("LYON, 12 mars (AFP) -"). Abbreviations are the first three letters
(with or without a full stop) plus the forms agencies use ("Sept.", "févr.").
"""

from __future__ import annotations

import unicodedata

_NAMES = {
    1: ("january", "janvier", "enero", "januar", "jänner", "gennaio", "janeiro"),
    2: ("february", "février", "fevrier", "febrero", "februar", "febbraio", "fevereiro", "févr"),
    3: ("march", "mars", "marzo", "märz", "marz", "março", "marco"),
    4: ("april", "avril", "abril", "aprile"),
    5: ("may", "mai", "mayo", "maggio", "maio"),
    6: ("june", "juin", "junio", "juni", "giugno", "junho"),
    7: ("july", "juillet", "julio", "juli", "luglio", "julho", "juil"),
    8: ("august", "août", "aout", "agosto"),
    9: ("september", "septembre", "septiembre", "setiembre", "settembre", "setembro", "sept"),
    10: ("october", "octobre", "octubre", "oktober", "ottobre", "outubro"),
    11: ("november", "novembre", "noviembre", "novembro"),
    12: ("december", "décembre", "decembre", "diciembre", "dezember", "dicembre", "dezembro"),
}
# Three-letter abbreviations shared by several languages all name the same month.
_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "fév": 2, "fev": 2, "mar": 3, "mär": 3, "apr": 4, "avr": 4, "abr": 4,
    "may": 5, "mai": 5, "jun": 6, "jui": 6, "jul": 7, "aug": 8, "ago": 8, "sep": 9, "set": 9,
    "oct": 10, "okt": 10, "ott": 10, "out": 10, "nov": 11, "dec": 12, "déc": 12, "dez": 12, "dic": 12,
}
MONTH_NUMBERS: dict[str, int] = {**_ABBREVIATIONS,
                                 **{name: n for n, names in _NAMES.items() for name in names}}
# Longest first, so "march" wins over "mar"; a full stop may follow an abbreviation.
MONTH_WORDS = sorted(MONTH_NUMBERS, key=len, reverse=True)
MONTH_ALTERNATION = "(?:" + "|".join(MONTH_WORDS) + r")\.?"


def month_number(word: str) -> int | None:
    """The month `word` names ("March", "mars", "Sept.", "MÄRZ"), or None."""
    key = unicodedata.normalize("NFC", word.strip(". ").lower())
    return MONTH_NUMBERS.get(key)
