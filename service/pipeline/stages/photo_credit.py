"""Photo credits: where a caption's credit starts, and who and which agency it names.

    (LEILA MANSOUR / AFP)         -> Leila Mansour, AFP
    Photo: Jane Doe/Reuters       -> Jane Doe, Reuters
    REUTERS/Jane Doe              -> Jane Doe, Reuters
    (AP Photo/Jane Doe, File)     -> Jane Doe, AP
    Jane Doe/AFP via Getty Images -> Jane Doe, AFP
    [File: Jane Doe/Reuters]      -> Jane Doe, Reuters
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.pipeline.stages import agencies as agency_list
from service.pipeline.stages.names import looks_like_name, normalise_name
from service.pipeline.stages.textnorm import clean_line

MAX_CREDIT_CHARS = 100
_LABEL_WORDS = (r"(?:file\s+)?(?:photo(?:graph)?s?|pictures?|pics?|images?|photo\s+credit|credits?"
                r"|photographer|fotos?|bild|file)")
CREDIT_LABEL = re.compile(rf"^{_LABEL_WORDS}\s*(?::|\bby\b)\s*", re.IGNORECASE)
_FILE_SUFFIX = re.compile(r"\s*(?:,\s*|/\s*|\(|\s)\s*(?:file|handout|pool)\)?\s*$", re.IGNORECASE)
# A credit in brackets ending the paragraph: "... 2020. (LEILA MANSOUR / AFP)",
# "... in Nairobi [File: Jane Doe/Reuters]".
PAREN_CREDIT = re.compile(rf"(?:\((?P<credit>[^()]{{2,{MAX_CREDIT_CHARS}}})\)"
                          rf"|\[(?P<square>[^\[\]]{{2,{MAX_CREDIT_CHARS}}})\])\s*\.?\s*$")
# A labelled credit ending the paragraph: "... in Paris. Photo: Jane Doe/Reuters".
LABEL_CREDIT = re.compile(
    rf"(?:^|(?<=[.!?\u201d\"|])\s*|\s[-\u2013\u2014|]\s)(?P<credit>{_LABEL_WORDS}\s*(?::|\bby\b)\s*"
    rf"[^:()]{{2,{MAX_CREDIT_CHARS}}})$", re.IGNORECASE)
# "AGENCY/Name" or "Name/AGENCY" ending the paragraph after a sentence: "... 2020. REUTERS/Jane Doe".
SLASH_CREDIT = re.compile(
    r"(?:^|(?<=[.!?\u201d\"])\s+)(?P<credit>[A-Z][\w&'\u2019 -]{1,40}?\s?/\s?"
    r"[A-Z][\w.&'\u2019 -]{1,60}?(?:,\s*(?:File|FILE|Handout))?)\s*$")


@dataclass(frozen=True, slots=True)
class PhotoCredit:
    photographer: str | None
    agency: str | None


# "Anadolu Photo/Name", "WAM Photos": an agency naming its own picture service.
_PICTURE_SERVICE = re.compile(r"\s+(?:photos?|pictures?|images?|foto|fotos)$", re.IGNORECASE)
# "Jane Doe via City of Temple": who took it, and who handed it out.
_VIA = re.compile(r"\s+via\s+", re.IGNORECASE)


def _agency_of(part: str) -> str | None:
    found = agency_list.lookup(part) or agency_list.lookup(_PICTURE_SERVICE.sub("", part))
    if found:
        return found.name
    inside = agency_list.find_in(part)
    return inside[0][0].name if inside and " via " in part else None


def parse_photo_credit(credit: str) -> PhotoCredit:
    """Photographer and agency named by a credit as printed."""
    text = clean_line(credit).strip("()[] ")
    text = CREDIT_LABEL.sub("", text)
    text = _FILE_SUFFIX.sub("", text)
    via: str | None = None
    if _VIA.search(text) and not any(_agency_of(p) for p in text.split("/")):
        text, via = _VIA.split(text, maxsplit=1)
    parts = [p.strip() for p in re.split(r"\s*/\s*", text) if p.strip()]
    agency = None
    people = []
    for part in parts:
        named = _agency_of(part)
        if named and agency is None:
            agency = named
        elif not named:
            people.append(part)
    if agency is None and via:
        agency = agency_list.canonical(via) or via.strip()
    if agency is None and len(people) >= 2:
        agency = people.pop()  # "Name/Unknown Outlet": the outlet comes last
    photographer = normalise_name(people[0]) if people else None
    if photographer and agency is None and not looks_like_name(photographer):
        photographer, agency = None, photographer  # "Handout", "Courtesy of ..."
    return PhotoCredit(photographer, agency)


def _credible(credit: str) -> bool:
    """Whether bracketed text at the end of a paragraph is a photo credit, not an aside."""
    if CREDIT_LABEL.match(credit):
        return True
    if "/" in credit:
        parts = [_FILE_SUFFIX.sub("", p.strip()) for p in credit.split("/")]
        return any(_agency_of(p) for p in parts) or (
            all(p[:1].isupper() for p in parts) and any(looks_like_name(normalise_name(p)) for p in parts))
    found = agency_list.lookup(credit)
    filed = agency_list.lookup(_FILE_SUFFIX.sub("", credit)) if _FILE_SUFFIX.search(credit) else None
    return bool(filed) or bool(found and (found.kind == "photo" or "photo" in credit.lower()))


_LABEL_HINT = re.compile(_LABEL_WORDS, re.IGNORECASE)


def split_credit(paragraph: str) -> tuple[str, str] | None:
    """(caption text, credit) when `paragraph` ends in a photo credit, else None."""
    # Cheap tests first: most paragraphs are body text and end in a full stop.
    m = PAREN_CREDIT.search(paragraph) if paragraph.rstrip(" .").endswith((")", "]")) else None
    bracketed = (m.group("credit") or m.group("square")) if m else None
    if m and bracketed and _credible(bracketed):
        return paragraph[: m.start()].rstrip(" -\u2013\u2014|"), bracketed.strip()
    m = LABEL_CREDIT.search(paragraph) if _LABEL_HINT.search(paragraph[-MAX_CREDIT_CHARS - 20:]) else None
    if m:
        return paragraph[: m.start("credit")].rstrip(" -\u2013\u2014|"), m.group("credit").strip()
    m = SLASH_CREDIT.search(paragraph) if "/" in paragraph[-MAX_CREDIT_CHARS:] else None
    if m:
        parts = m.group("credit").split("/")
        if any(_agency_of(_FILE_SUFFIX.sub("", p.strip())) for p in parts):
            return paragraph[: m.start("credit")].rstrip(" -\u2013\u2014|"), m.group("credit").strip()
    return None
