"""The byline stage: who wrote the story, and for which agency.

Forms recognised in the leading paragraphs: `By Reuters`, `By Jane Doe,
Reuters`, `By JANE DOE Associated Press`, `By Jane Doe and John Roe | AFP`,
`Jane Doe, Reuters`, `(AFP)`. Without one, the feed's authors, then the
page's author metadata. `byline` is the credit as printed (without "By"),
`authors` the normalised person names, `agencies` the canonical agency names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.copies import replace
from service.model import Article
from service.pipeline.runner import stage
from service.pipeline.stages import agencies as agency_list
from service.pipeline.stages.limits import MAX_LINE_CHARS
from service.pipeline.stages.months import MONTH_ALTERNATION
from service.pipeline.stages.names import looks_like_name, normalise_name, split_names
from service.pipeline.stages.textnorm import clean_line

BYLINE_ZONE = 4  # leading paragraphs searched for a byline
TRAILING_BYLINE_ZONE = 3  # some pages print "By Jane Doe" after the text
# "From AFP", "Source: Xinhua": an agency credit in place of a byline (only with an agency).
AGENCY_PREFIX = re.compile(r"^(?:from|source\s*:|via)\s*", re.IGNORECASE)
MAX_BYLINE_CHARS = 200
BY_PREFIX = re.compile(r"^by\s*:?\s+", re.IGNORECASE)
# "By" in German, Spanish, Portuguese, French, Italian and Dutch: only taken
# when what follows parses as names or an agency ("Von" also opens sentences).
FOREIGN_BY_PREFIX = re.compile(r"^(?:von|por|par|di|door)\s*:?\s+", re.IGNORECASE)
# Separators between a byline and what some sites print beside it (dates, roles).
SEGMENT_SPLIT = re.compile(r"\s+[|\u00b7\u2022]\s+")
# Job titles printed after the name: "Jane Doe, Staff Writer".
ROLE_WORDS = frozenset({
    "staff", "writer", "writers", "correspondent", "correspondents", "reporter", "reporters",
    "editor", "editors", "bureau", "chief", "contributor", "columnist", "senior", "special",
    "team", "desk", "news", "agencies",
})
_PLACE_SUFFIX = re.compile(r"\s+(?:in|from)\s+[A-Z][\w .'-]*$")
_EMAIL_WITH_NAME = re.compile(r"^\S+@\S+\s*\((?P<name>[^()]+)\)$")
_FOR_AGENCY = re.compile(r"\s+for\s*(?=,|$)", re.IGNORECASE)
# A writer's name, a separator and the date (`Jane Doe  |04.04.2024 - Update :
# 05.04.2024`): the line some agency sites print in place of a byline.
_DATED_NAME = re.compile(r"^(?P<name>[^\W\d_][\w.'\- ]{2,60}?)\s*[|\u00b7\u2022]\s*"
                         r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
                         r"\d{1,2}\s+" + MONTH_ALTERNATION + r"|" + MONTH_ALTERNATION + r"\s+\d{1,2})",
                         re.IGNORECASE)
# A writer's beat printed before the name: "business reporter Hannah Reilly".
_BEAT_BEFORE_NAME = re.compile(r"^(?:[a-z]+\s+){0,3}(?:reporter|correspondent|editor|writer|"
                               r"columnist)\s+(?P<name>[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,3})$")
MAX_UNPARSED_BYLINE_WORDS = 8
MAX_FOREIGN_BYLINE_CHARS = 100
MAX_BARE_BYLINE_CHARS = 80  # "Jane Doe, Reuters" without "By" is short
META_AUTHOR_KEYS = ("author", "ld:author")


@dataclass(frozen=True, slots=True)
class Byline:
    text: str
    authors: tuple[str, ...]
    agencies: tuple[str, ...]


def parse_credit_line(text: str) -> Byline | None:
    """Authors and agencies of a byline without its "By"; None when it names neither."""
    text = clean_line(text)
    m = _EMAIL_WITH_NAME.match(text)
    if m:
        text = m.group("name")
    segments = SEGMENT_SPLIT.split(text)
    whole = agency_list.canonical(text)
    if whole:
        return Byline(text.strip("()[] "), (), (whole,))
    found: list[str] = []
    names_part = segments[0]
    for segment in segments[1:]:
        name = agency_list.canonical(segment)
        if name:
            found.append(name)
    for agency, start, end in reversed(agency_list.find_in(names_part)):
        found.insert(0, agency.name)
        names_part = names_part[:start] + "," + names_part[end:]
    names_part = _FOR_AGENCY.sub("", re.sub(r"\(\s*[, ]*\)", "", names_part))
    authors = []
    for part in split_names(names_part):
        part = _PLACE_SUFFIX.sub("", part).strip(" ()")
        whole_part = agency_list.canonical(part)  # strict aliases too: "Jane Doe, PA"
        if whole_part:
            found.append(whole_part)
            continue
        if not part:
            continue
        beat = _BEAT_BEFORE_NAME.match(part)
        if beat and looks_like_name(normalise_name(beat.group("name"))):
            part = beat.group("name")  # "business reporter Hannah Reilly"
        elif set(part.lower().split()) & ROLE_WORDS:
            post = _agency_post(part)
            if post:  # "Jane Doe, PA Transport Correspondent", "AP Medical Writer"
                found.append(post)
            continue
        name = normalise_name(part)
        if looks_like_name(name):
            authors.append(name)
    if not authors and not found:
        return None
    shown = " | ".join(s for s in segments if s == segments[0] or agency_list.canonical(s))
    return Byline(shown, tuple(dict.fromkeys(authors)), tuple(dict.fromkeys(found)))


def byline_of(paragraph: str) -> Byline | None:
    if len(paragraph) > MAX_BYLINE_CHARS:
        return None
    if BY_PREFIX.match(paragraph):
        rest = BY_PREFIX.sub("", paragraph, count=1)
        first = rest.split(maxsplit=1)[0] if rest.strip() else ""
        if not (first[:1].isupper() or agency_list.canonical(first) or _BEAT_BEFORE_NAME.match(rest)):
            return None  # "By contrast, ...", "By then, ..."; not "By business reporter Jo Li"
        parsed = parse_credit_line(rest)
        if parsed is None and _unparsed_credit(rest):
            return Byline(rest, (), ())  # "By Staff Reporter": a byline naming no one
        return parsed
    foreign = FOREIGN_BY_PREFIX.match(paragraph)
    if foreign and len(paragraph) <= MAX_FOREIGN_BYLINE_CHARS and not paragraph.endswith("."):
        return parse_credit_line(paragraph[foreign.end():])
    agency = agency_list.canonical(paragraph)
    if agency:
        return Byline(paragraph.strip("()[]-\u2013\u2014 "), (), (agency,))
    prefixed = AGENCY_PREFIX.match(paragraph)
    credited = agency_list.canonical(paragraph[prefixed.end():]) if prefixed else None
    if prefixed and credited:
        return Byline(paragraph[prefixed.end():].strip("()[]-\u2013\u2014 "), (), (credited,))
    dated = _DATED_NAME.match(paragraph)
    if dated and looks_like_name(normalise_name(dated.group("name"))):
        name = normalise_name(dated.group("name"))  # "Jane Doe | 04.04.2024 - Update : ..."
        return Byline(dated.group("name"), (name,), ())
    if len(paragraph) > MAX_BARE_BYLINE_CHARS or paragraph.endswith("."):
        return None
    filed = agency_list.canonical(_PLACE_SUFFIX.sub("", paragraph))
    if filed and _PLACE_SUFFIX.search(paragraph):  # "Agence France-Presse in Jakarta"
        return Byline(paragraph, (), (filed,))
    parsed = parse_credit_line(paragraph)
    # Without "By", only "names + agency" counts: a bare name could be anything;
    # an agency with nothing but job words is the agency's ("Reuters Staff").
    if parsed and parsed.agencies and not parsed.authors and _agency_and_roles(paragraph):
        return parsed
    return parsed if parsed and parsed.authors and parsed.agencies else None


def _agency_post(part: str) -> str | None:
    """The agency opening a writer's post (`PA Transport Correspondent`,
    `AP Medical Writer`, `AFP Bureau Chief`)."""
    words = part.split()
    for n in (2, 1):
        if len(words) > n:
            agency = agency_list.canonical(" ".join(words[:n]))
            if agency:
                return agency
    return None


def _agency_and_roles(text: str) -> bool:
    rest = text
    for _, start, end in reversed(agency_list.find_in(text)):
        rest = rest[:start] + " " + rest[end:]
    words = re.findall(r"[^\W\d_]+", rest.lower())
    return bool(words) and all(w in ROLE_WORDS for w in words)


def _unparsed_credit(rest: str) -> bool:
    """"Staff Reporter" yes; "then, it was too late." (from "By then, ...") no."""
    return (rest[:1].isupper() and len(rest.split()) <= MAX_UNPARSED_BYLINE_WORDS
            and not rest.endswith((".", "!", "?")) and "," not in rest)


def _trailing_byline(paragraphs: list[str]) -> Byline | None:
    """A "By Jane Doe" line printed after the text; it leaves `paragraphs`."""
    for i in range(len(paragraphs) - 1, max(len(paragraphs) - 1 - TRAILING_BYLINE_ZONE, 0), -1):
        if BY_PREFIX.match(paragraphs[i]):
            found = byline_of(paragraphs[i])
            if found and (found.authors or found.agencies):
                del paragraphs[i]
                return found
    return None


def _from_metadata(a: Article) -> Byline | None:
    candidates = list(a.feed_authors) + [v for k, v in a.page_meta
                                         if k in META_AUTHOR_KEYS and not v.startswith("http")]
    parsed = [b for b in (parse_credit_line(BY_PREFIX.sub("", c)) for c in candidates) if b]
    if not parsed:
        return None
    return Byline(", ".join(dict.fromkeys(b.text for b in parsed)),
                  tuple(dict.fromkeys(n for b in parsed for n in b.authors)),
                  tuple(dict.fromkeys(n for b in parsed for n in b.agencies)))


@stage("byline", "2")
def byline(a: Article) -> Article:
    paragraphs = list(a.paragraphs)
    found: Byline | None = None
    for i, paragraph in enumerate(paragraphs[:BYLINE_ZONE]):
        found = byline_of(paragraph)
        if found:
            del paragraphs[i]
            follow = agency_list.canonical(paragraphs[i]) if i < len(paragraphs) else None
            if follow and found.authors and follow not in found.agencies:
                found = Byline(f"{found.text}, {paragraphs.pop(i)}", found.authors,
                               (*found.agencies, follow))
            break
    if found is None:
        found = _trailing_byline(paragraphs)
    found = found or _from_metadata(a)
    if not found:
        return a
    return replace(a, paragraphs=tuple(paragraphs), byline=found.text[:MAX_LINE_CHARS],
                   authors=found.authors, agencies=agency_list.merge_names(a.agencies, found.agencies))
