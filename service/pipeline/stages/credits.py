"""The credits stage: trailing credit lines become contributors with roles.

    (Reporting by Jane Doe in Amman; Additional reporting by John Roe; Editing by Ann Poe)
    Associated Press writer Jane Doe in Paris contributed to this report.
    --With assistance from Jane Doe.            (Bloomberg)
    Contributing: Jane Doe                      (USA TODAY network style)
    — Reuters / (With inputs from PTI) / Source: AFP   -> role "agency"
    Copyright 2024 The Associated Press. All rights reserved.

Only lines at the end of the story are read, and a Reuters-style credit in
brackets glued to the end of the last paragraph is cut off it.
"""

from __future__ import annotations

import re

from service.copies import replace
from service.model import Article, Contributor
from service.pipeline.runner import stage
from service.pipeline.stages import agencies as agency_list
from service.pipeline.stages.names import looks_like_name, normalise_name, split_names

TRAILING_ZONE = 6  # last paragraphs examined
MAX_CREDIT_LINE_CHARS = 400
ROLE_NAMES = {
    "reporting": "reporting", "additional reporting": "additional reporting",
    "writing": "writing", "editing": "editing", "compiled": "compiling", "compiling": "compiling",
    "graphics": "graphics", "research": "research", "produced": "production",
    "production": "production", "translated": "translation", "translation": "translation",
    "fact-checking": "fact-checking", "photos": "photography", "video": "video",
}
_ROLE = "|".join(re.escape(r) for r in sorted(ROLE_NAMES, key=len, reverse=True))
ROLE_BY = re.compile(rf"^(?P<role>{_ROLE})\s+by\s+(?P<names>.+)$", re.IGNORECASE)
ROLE_SPLIT = re.compile(rf"\s*;\s*|,\s*(?=(?:{_ROLE})\s+by\b)", re.IGNORECASE)
# "(Reporting by ...; Editing by ...)" glued to the end of the last paragraph.
GLUED_CREDIT = re.compile(rf"\s*\((?P<credit>(?:{_ROLE})\s+by\s[^()]+)\)\s*$", re.IGNORECASE)
CONTRIBUTED = re.compile(
    r"^[-\u2013\u2014]*\s*(?:(?:The\s+)?(?P<agency>[A-Z][\w .-]{1,40}?)\s+"
    r"(?:writers?|reporters?|journalists?|correspondents?)\s+)?(?P<names>[A-Z].+?)\s+contributed"
    r"(?:\s+(?:to\s+this\s+(?:report|story)|reporting|this\s+report))?(?:\s+from\s+[^.]+)?\.?$")
CONTRIBUTING = re.compile(r"^Contributing\s*:\s*(?P<names>.+?)\.?$", re.IGNORECASE)
ASSISTANCE = re.compile(r"^[-\u2013\u2014]*\s*With assistance from\s+(?P<names>.+?)\.?$", re.IGNORECASE)
CONTACT = re.compile(
    r"^To contact the (?P<who>reporters?|editors?)\b[^:]*:\s*(?P<names>.+)$", re.IGNORECASE)
AGENCY_LINE = re.compile(
    r"^[(\[]?\s*[-\u2013\u2014]*\s*(?:source\s*:\s*|(?:with\s+)?(?:inputs?\s+)?(?:from\s+)?)"
    r"(?P<agencies>[^()\[\]]{2,80}?)\s*[)\]]?\.?$", re.IGNORECASE)
COPYRIGHT = re.compile(r"^(?:\u00a9|\(c\)|copyright\b|all rights reserved\b)", re.IGNORECASE)
# Agency desk codes ending the copy: "ho/jm", "bur-ab/cd", "dpa xy/ab".
DESK_SLUG = re.compile(r"^(?:(?P<agency>[A-Za-z][\w-]{1,15})\s+)?[a-z]{2,5}(?:-[a-z]{2,5})?(?:/[a-z]{2,5}){1,4}$")
# "mk/sms (AFP, Reuters)": editors' initials and the agencies the story drew on.
SLUG_WITH_AGENCIES = re.compile(r"^[a-z]{2,5}(?:/[a-z]{2,5}){1,4}\s*\((?P<agencies>[^()]{2,80})\)$")
# "dpa bb xx yy": an agency's name and its desk codes, space-separated.
SPACED_DESK_SLUG = re.compile(r"^(?P<agency>[A-Za-z][\w-]{1,15})(?P<codes>(?:\s+[a-z]{2,3}){1,4})$")
# End-of-copy markers: "(END)", "Enditem", "-- ENDS --".
END_MARK = re.compile(r"^[\s(\[\-\u2013\u2014]*(?:end|ends|enditem|fin|ende)[\s)\]\-\u2013\u2014.]*"
                      r"(?:[a-z]{1,4}(?:[./][a-z]{1,4}){0,4})?$",  # "(end) ab.gb": and the desk's initials
                      re.IGNORECASE)
EMAIL_ONLY = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
# "... this year. (Xinhua)": the agency's sign-off glued to the last paragraph.
GLUED_AGENCY = re.compile(r"(?<=[.!?\u201d\"])\s*\((?P<agency>[^()]{2,40})\)\s*$")
REPORTER_LINE = re.compile(r"^(?:reporter|reporters|writer|written by)\s*:\s*(?P<names>.+?)\.?$",
                           re.IGNORECASE)
EDITOR_LINE = re.compile(r"^(?:editor|edited by|editing)\s*:\s*(?P<names>.+?)\.?$", re.IGNORECASE)
REDISTRIBUTION_NOTICE = re.compile(r"^this material may not be published\b", re.IGNORECASE)
# Short words that make such a line a sentence ("AFP has more"), not codes.
_PLAIN_WORDS = frozenset({"has", "had", "is", "was", "are", "and", "the", "to", "of", "in", "on",
                          "for", "says", "said", "new", "now", "too", "its", "got", "saw", "may",
                          "can", "did", "not", "all", "any", "one", "two", "our", "out", "off",
                          "by", "at", "as", "be", "it", "an", "or", "so", "up", "we", "he", "she"})
GENERIC_AGENCY_WORDS = frozenset({"agencies", "agency", "wires", "wire services", "news agencies"})
_EMAIL_OR_PLACE = re.compile(r"\s+(?:in|at|from)(?:\s+.*)?$")


def _people(names: str, role: str) -> list[Contributor]:
    out = []
    for part in split_names(names):
        name = normalise_name(_EMAIL_OR_PLACE.sub("", part))
        if looks_like_name(name):
            out.append(Contributor(name, role))
    return out


def _role_credits(text: str) -> list[Contributor] | None:
    """Contributors of "Reporting by A; Editing by B and C", or None unless
    every segment is a role followed by nothing but names."""
    segments = [s for s in ROLE_SPLIT.split(text.strip("()[]. ")) if s]
    found: list[Contributor] = []
    for segment in segments:
        m = ROLE_BY.match(segment)
        if not m:
            return None
        parts = split_names(m.group("names"))
        people = _people(m.group("names"), ROLE_NAMES[m.group("role").lower()])
        if not people or len(people) != len(parts):
            return None  # "Reporting by state media could not be confirmed, ..."
        found.extend(people)
    return found or None


def _agency_credits(text: str) -> list[Contributor] | None:
    m = AGENCY_LINE.match(text)
    if not m:
        return None
    parts = [p for p in re.split(r"\s*(?:,|/|\band\b|&)\s*", m.group("agencies")) if p]
    if len(parts) > 1 and re.fullmatch(r"[a-z]{2,4}", parts[-1]):
        parts = parts[:-1]  # "Source: Reuters/fh": the editor's initials
    named = [agency_list.canonical(p) for p in parts]
    credited = [bool(n) or p.lower() in GENERIC_AGENCY_WORDS for n, p in zip(named, parts, strict=True)]
    # "Source: Al Jazeera and news agencies": after a "Source:" label the
    # publisher may stand beside the agencies it took the story from
    sourced = text.lower().startswith("source") and any(credited) and credited.count(False) <= 1
    if not parts or not (all(credited) or sourced):
        return None
    return [Contributor(n, agency_list.AGENCY_ROLE) for n in named if n]


def credit_line(text: str) -> list[Contributor] | None:
    """Contributors named by a credit line (possibly none, for a notice); None if
    `text` is not a credit line."""
    if len(text) > MAX_CREDIT_LINE_CHARS:
        return None
    roles = _role_credits(text)
    if roles is not None:
        return roles
    for pattern, role in ((CONTRIBUTING, "contributing"), (ASSISTANCE, "assistance")):
        m = pattern.match(text)
        if m:
            return _people(m.group("names"), role)
    m = CONTACT.match(text)
    if m:
        role = "editing" if m.group("who").lower().startswith("editor") else "reporting"
        return _people(re.sub(r"[^\s,;]+@[^\s,;]+", "", m.group("names")), role)
    m = CONTRIBUTED.match(text)
    if m and _people(m.group("names"), "contributing"):
        agency = agency_list.canonical(m.group("agency") or "")
        found = [Contributor(agency, agency_list.AGENCY_ROLE)] if agency else []
        return found + _people(m.group("names"), "contributing")
    m = DESK_SLUG.match(text)
    if m and (m.group("agency") is None or agency_list.canonical(m.group("agency"))):
        agency = agency_list.canonical(m.group("agency") or "")
        return [Contributor(agency, agency_list.AGENCY_ROLE)] if agency else []
    m = SLUG_WITH_AGENCIES.match(text)
    if m:
        drew_on = [agency_list.canonical(p) for p in re.split(r"\s*[,/]\s*", m.group("agencies"))]
        if drew_on and all(drew_on):
            return [Contributor(n, agency_list.AGENCY_ROLE) for n in drew_on if n]
    m = SPACED_DESK_SLUG.match(text)
    slug_agency = agency_list.canonical(m.group("agency")) if m else None
    if m and slug_agency and not set(m.group("codes").split()) & _PLAIN_WORDS:  # not "AFP has more"
        return [Contributor(slug_agency, agency_list.AGENCY_ROLE)]
    if END_MARK.match(text) or EMAIL_ONLY.match(text):
        return []
    m = REPORTER_LINE.match(text)
    if m and _people(m.group("names"), "reporting"):
        return _people(m.group("names"), "reporting")
    m = EDITOR_LINE.match(text)
    if m and _people(m.group("names"), "editing"):
        return _people(m.group("names"), "editing")
    if COPYRIGHT.match(text):
        return [Contributor(a.name, agency_list.AGENCY_ROLE) for a, _, _ in agency_list.find_in(text)]
    if REDISTRIBUTION_NOTICE.match(text):
        return []
    return _agency_credits(text)


@stage("credits", "2")
def credits(a: Article) -> Article:
    paragraphs = list(a.paragraphs)
    found: list[Contributor] = []
    for _ in range(TRAILING_ZONE):
        if not paragraphs:
            break
        contributors = credit_line(paragraphs[-1])
        if contributors is None:
            break
        found = contributors + found
        paragraphs.pop()
    if paragraphs:
        glued = GLUED_CREDIT.search(paragraphs[-1])
        contributors = _role_credits(glued.group("credit")) if glued else None
        if glued and contributors:
            paragraphs[-1] = paragraphs[-1][: glued.start()]
            found = contributors + found
    if paragraphs:
        signed = GLUED_AGENCY.search(paragraphs[-1])
        agency = agency_list.canonical(signed.group("agency")) if signed else None
        if signed and agency:
            paragraphs[-1] = paragraphs[-1][: signed.start()]
            found = [Contributor(agency, agency_list.AGENCY_ROLE), *found]
    unique = tuple(dict.fromkeys(a.contributors + tuple(found)))
    return replace(a, paragraphs=tuple(paragraphs), contributors=unique)
