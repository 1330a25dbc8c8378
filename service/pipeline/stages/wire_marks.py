"""Recognising the editorial marks news agencies put in their copy: pure
functions over one headline or one line of text, shared by the signals stage
(service/pipeline/stages/signals.py) and the poller's identity rules
(service/feeds/identity.py), which must strip the same headline labels.

The label vocabulary covers the English, German, Spanish and French forms the
big agencies use (Reuters `UPDATE 2-`, AP `Eds:` notes, AFP `URGENT`, dpa
`EIL`/`Sperrfrist`, EFE `URGENTE`/`Embargada`); docs/enrichment-anatomy.md
lists them with examples.
"""

from __future__ import annotations

import re
import unicodedata

from service.model import SignalKind

# Headline labels, accent-folded and lower-cased, by the signal they give.
HEADLINE_LABELS: dict[str, SignalKind] = {
    **dict.fromkeys(("flash", "blitz"), "flash"),
    **dict.fromkeys(("urgent", "urgente", "eil", "eilmeldung", "alert", "alerte", "bulletin",
                     "breaking", "breaking news", "ultima hora", "derniere minute"), "urgent"),
    **dict.fromkeys(("corrected", "correction", "corrects", "correcting", "refile", "refiled",
                     "correccion", "corrige", "korrektur", "berichtigung", "rectificatif",
                     "clarification", "fixed"), "correction"),
    **dict.fromkeys(("update", "updated", "writethru", "wrapup", "new lead", "aktualisiert",
                     "actualiza", "actualizacion", "actualisation", "developing"), "update"),
    **dict.fromkeys(("kill", "killed", "mandatory kill", "withdrawn", "withdrawal", "withdraw",
                     "elimination", "eliminate", "storno", "anulada", "anulacion", "annule",
                     "annulation", "delete"), "kill"),
    **dict.fromkeys(("withheld", "withhold", "on hold"), "withhold"),
    **dict.fromkeys(("rpt", "repeat", "repetition"), "repeat"),
}
_LABEL_WORDS = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in HEADLINE_LABELS),
                               key=len, reverse=True))
# `UPDATE 2-Talks resume` (capitals glued to a hyphen: Reuters), or a label of
# any case followed by a colon or a spaced dash: `Urgent: ...`, `FLASH - ...`.
_GLUED = re.compile(rf"^(?P<label>(?:{_LABEL_WORDS})(?:\s+\d{{1,2}})?)-(?=\S)", re.IGNORECASE)
_SPACED = re.compile(rf"^(?P<label>(?:{_LABEL_WORDS})(?:\s+\d{{1,2}})?)\s*(?::|\s[-\u2013\u2014]|\s*$)\s*",
                     re.IGNORECASE)
MAX_HEADLINE_LABELS = 4


def unaccent(text: str) -> str:
    """Accents dropped, case kept (`ANULACIÓN` -> `ANULACION`)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def fold(text: str) -> str:
    """Lower-cased, accents dropped, spaces collapsed: the form labels are looked up in."""
    return " ".join(unaccent(text).lower().split())


def _label_kind(label: str) -> SignalKind | None:
    return HEADLINE_LABELS.get(re.sub(r"\s+\d{1,2}$", "", fold(label)))


def split_headline(headline: str) -> tuple[tuple[tuple[SignalKind, str], ...], str]:
    """Leading wire labels of a headline, and the headline without them.

    `UPDATE 2-Ceasefire talks resume` -> ((update, "UPDATE 2"),), "Ceasefire talks resume".
    A glued label (`KILL-`) counts only in capitals, so `Kill-switch ...` stays a headline."""
    labels: list[tuple[SignalKind, str]] = []
    rest = headline.strip()
    for _ in range(MAX_HEADLINE_LABELS):
        plain = unaccent(rest)  # same length: one letter per accented letter
        glued = _GLUED.match(plain) if len(plain) == len(rest) else None
        if glued and not glued.group("label").isupper():
            glued = None
        match = glued or (_SPACED.match(plain) if len(plain) == len(rest) else None)
        if not match:
            break
        kind = _label_kind(match.group("label"))
        if kind is None:
            break
        labels.append((kind, rest[:match.end("label")]))
        rest = rest[match.end():].lstrip(" -:\u2013\u2014")
    if not rest:  # a headline that is only a label ("FLASH") keeps its text
        return tuple(labels), headline.strip()
    return tuple(labels), rest


# ------------------------------------------------------------------ body lines

_NOTE_PREFIX = re.compile(r"^(?:eds?|editors?|editor'?s note|note to editors|nota del editor|"
                          r"note aux redactions|hinweis fur redaktionen|redaktionshinweis)\s*[:.-]\s*",
                          re.IGNORECASE)
# `(Corrects spelling of minister's name in paragraph 3)`: Reuters-style notes
# open with a verb saying what this version does.
_NOTE_VERBS: dict[str, SignalKind] = {
    **dict.fromkeys(("corrects", "correcting", "fixes", "clarifies", "refiles", "refiling",
                     "corrige", "korrigiert", "berichtigt", "rectifie", "corrige"), "correction"),
    **dict.fromkeys(("updates", "adds", "recasts", "rewrites", "changes", "removes", "expands",
                     "tops", "inserts", "aktualisiert", "erganzt", "actualiza", "anade",
                     "ajoute", "actualise"), "update"),
    **dict.fromkeys(("withdraws", "kills", "eliminates"), "kill"),
    **dict.fromkeys(("repeats", "repeating"), "repeat"),
}
_CORRECTION_SENTENCE = re.compile(
    r"^(?:this (?:story|article|report|item) (?:has been|was) (?:corrected|updated to correct|amended)"
    r"|an earlier version of this (?:story|article|report)"
    r"|in an earlier version of this (?:story|article|report)"
    r"|(?:correction|clarification|korrektur|berichtigung|correccion|rectificatif|fe de erratas)\s*:"
    r"|in einer fruheren version"
    r"|una version anterior de (?:esta|este) (?:noticia|informacion|articulo)"
    r"|une version precedente de (?:cet article|cette depeche))")
# Sentences that withdraw a story name the story ("this story", "the article
# headlined ...") so that prose about withdrawn troops or reports is not taken.
_STORY = r"(?:story|article|item|dispatch|despatch|report)"
_KILL_SENTENCE = re.compile(
    rf"(?:\b(?:this {_STORY}|the (?:story|article|item|dispatch|despatch))\b.{{0,120}}?"
    r"\b(?:has been|have been|is being|was) (?:withdrawn|killed|eliminated)"
    rf"|\b{_STORY}\b.{{0,60}}?\b(?:should|must) not be (?:used|published)\b"
    r"|\bplease (?:kill|delete|withdraw|eliminate|destroy|do not use)\b"
    rf"|\bdo not (?:use|publish) (?:this|the) {_STORY}\b"
    r"|\bbitte nicht (?:mehr )?verwenden\b|\b(?:meldung|artikel|bericht)\b.{0,60}?\bzuruckgezogen\b"
    r"|\b(?:noticia|informacion|despacho|articulo)\b.{0,60}?\bno (?:debe|deben) (?:ser )?"
    r"(?:utilizad[ao]s?|publicad[ao]s?)\b|\bse ruega no (?:utilizar|publicar)\b"
    r"|\b(?:depeche|article|information)\b.{0,60}?\bne (?:doit|doivent) pas (?:etre )?"
    r"(?:utilisee?s?|publiee?s?)\b)")
# Words without which no kill sentence matches: a cheap test before the full pattern.
_KILL_WORDS = re.compile(r"withdrawn|killed|eliminated|not be |please|do not|verwenden|zuruckgezogen|"
                         r"no debe|se ruega|ne doi")
# A line opening with a kill word in capitals: `KILL KILL KILL`, `WITHDRAWN:`, `STORNO`.
_KILL_LINE = re.compile(r"^(?:(?:MANDATORY\s+)?KILL(?:\s+KILL)*|WITHDRAWN|WITHDRAWAL|STORNO|ANULADA|"
                        r"ANULACION|ANNULATION|ANNULE|ELIMINATION)\b")
_WITHHOLD = re.compile(r"\b(?:withh[eo]ld|on hold|temporarily (?:withdrawn|suspended)|"
                       r"until further notice|pending (?:review|further|legal)|hold this story)\b")
_EMBARGO = re.compile(
    r"^(?:embarg(?:oed|o|ada|ado)(?:\s+(?:until|till|to|hasta(?:\s+las?)?|jusqu'(?:a|au)|bis)|\s*:)"
    r"|under embargo (?:until|till)|sous embargo jusqu'(?:a|au)"
    r"|not for (?:publication|release|broadcast)(?: or (?:broadcast|publication|release))?"
    r"(?: (?:before|until))?"
    r"|hold for release(?: (?:until|till))?|sperrfrist|prohibida su (?:difusion|publicacion) hasta"
    r"|ne pas (?:publier|diffuser) avant)\s*[:.,-]?\s*(?P<when>.*)$")
_EMBARGO_STARTS = frozenset({"em", "un", "so", "no", "ho", "sp", "pr", "ne"})
_SLUG_LABEL = re.compile(r"^(?:slug|slugline|keywords?|schlagworte?|stichworte?|palabras clave|"
                         r"mots-cles|mots cles)\s*:\s*(?P<slug>\S.{0,99})$", re.IGNORECASE)
# MIDEAST-CRISIS/SYRIA, BC-EU--Britain-Election,2nd Ld-Writethru, Konflikte/Syrien/Türkei
_SLUG_SHAPE = re.compile(r"^(?=[^\s,]*[-/])[^\W_][\w]*(?:-{1,2}|/)[\w]+(?:(?:-{1,2}|/)[\w]+)*"
                         r"(?:,\s?[\w\s-]{1,40})?$")
MAX_SLUG_CHARS = 100
MAX_NOTE_CHARS = 600


def _strip_brackets(line: str) -> str:
    text = line.strip()
    while len(text) > 2 and text[0] in "([" and text[-1] in ")]":
        text = text[1:-1].strip()
    return text


def note_kind(line: str) -> SignalKind | None:
    """The signal of one line that is an editorial note about this version
    (correction, update, kill, withhold), or None for story text."""
    if len(line) > MAX_NOTE_CHARS:
        return None
    inner = _strip_brackets(line)
    plain = unaccent(inner)
    unlabelled = _NOTE_PREFIX.sub("", plain)
    folded = " ".join(unlabelled.lower().split())
    labelled = len(unlabelled) != len(plain) or inner != line.strip()
    if _KILL_LINE.match(unlabelled) or (_KILL_WORDS.search(folded)
                                        and _KILL_SENTENCE.search(folded)):
        return "withhold" if _WITHHOLD.search(folded) else "kill"
    if _CORRECTION_SENTENCE.match(folded):
        return "correction"
    first = folded.split(" ", 1)[0].rstrip(",:;.") if folded else ""
    if labelled and first in _NOTE_VERBS:
        return _NOTE_VERBS[first]
    if labelled and _WITHHOLD.search(folded):
        return "withhold"
    return None


def embargo_phrase(line: str) -> str | None:
    """The time phrase of an embargo line (`EMBARGOED UNTIL 0001 GMT March 5`
    -> `0001 GMT March 5`), or None when the line is not one."""
    if len(line) > MAX_NOTE_CHARS or line.lstrip("([ ")[:2].lower() not in _EMBARGO_STARTS:
        return None
    inner = _strip_brackets(line)
    folded = fold(inner)
    match = _EMBARGO.match(folded)
    if not match or not match.group("when").strip():
        return None
    # the phrase as printed (accents and case kept): same length tail of the line
    when = match.group("when").strip()
    return inner[len(inner) - len(when):].strip(" .") if len(inner) >= len(when) else when


def slug(line: str) -> str | None:
    """The slug of a keyword/slug line, or None when the line is story text."""
    text = line.strip()
    if not text or len(text) > MAX_SLUG_CHARS:
        return None
    labelled = _SLUG_LABEL.match(text)
    if labelled:
        return labelled.group("slug").strip()
    if not _SLUG_SHAPE.match(text):
        return None
    head = text.split(",", 1)[0]
    parts = [p for p in re.split(r"-{1,2}|/", head) if p]
    if len(parts) < 2 or not any(sum(c.isalpha() for c in p) >= 3 for p in parts):
        return None
    # an ordinary hyphenated word pair ("Covid-19", "Paris-based") is not a slug: a
    # slug is written in capitals, or joins three or more parts, or uses a slash
    if not (head.isupper() or len(parts) >= 3 or "/" in head):
        return None
    return text


def is_bulletin(text: str) -> bool:
    """An all-capitals one-line bulletin: at least three words, letters all capitals."""
    letters = [c for c in text if c.isalpha()]
    return (len(text.split()) >= 3 and len(letters) >= 12 and len(text) <= 300
            and all(c.isupper() for c in letters))
