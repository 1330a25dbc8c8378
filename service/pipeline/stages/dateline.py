"""The dateline stage: where (and when, and for whom) the story was filed.

    AMMAN - ...                         place AMMAN
    AMMAN (Reuters) - ...               place AMMAN, agency Reuters
    AMMAN, Jordan (AP) — ...            place AMMAN, region Jordan, agency AP
    Amman (AFP) - ...                   mixed case needs the agency in brackets
    WASHINGTON, Feb 27 (Reuters) - ...  date "Feb 27"
    NEW DELHI, Feb 27 (PTI) The ...     an agency may stand in for the dash
    MADRID, 27 Feb (EFE).- ...          EFE's ".-"
    New Delhi [India], May 5 (ANI): ... ANI's bracketed country and colon
    Antakya (Turkey) (AFP) - ...        the country in brackets before the agency
    MOSCOW, March 5. /TASS/. ...        TASS between slashes

The dateline leaves the first paragraph. Resolving the place to a GeoNames id
is the geotagging stage's work; this stage fills text, place, region,
date_text and agency.
"""

from __future__ import annotations

import re

from service.copies import replace
from service.model import Article, Dateline
from service.pipeline.runner import stage
from service.pipeline.stages import agencies as agency_list
from service.pipeline.stages.months import MONTH_ALTERNATION

# Month names in any case and in the languages of months.py: "Feb 27", "MARCH 8", "12 mars".
_MONTH = rf"(?i:{MONTH_ALTERNATION})(?!\w)"
DATE = (rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH}(?:,?\s+\d{{4}})?)")  # "14th January, 2025"
CAPS_PLACE = r"[A-Z][A-Z\u00c0-\u00de'\u2019.-]+(?:\s+[A-Z][A-Z\u00c0-\u00de'\u2019.-]*){0,3}"
_PARTICLE = r"(?:de|da|do|dos|del|al|el|la|le|es|of|am|an|upon|sur)"
MIXED_PLACE = (r"[A-Z][\w'\u2019.-]+(?:\s+(?:" + _PARTICLE + r"\s+)?[A-Z][\w'\u2019.-]+){0,3}")
REGION = r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2}"
AGENCY = r"\((?P<agency>[A-Za-z][\w .&-]{0,40})\)"
DASH = r"(?:\.?\s*[-\u2013\u2014]{1,3}|\s*:)"


def _form(place: str, agency_required: bool, dash_required: bool) -> re.Pattern[str]:
    agency = AGENCY if agency_required else f"(?:{AGENCY})?"
    # After a dash the text may follow at once ("--Japan's"); without one, a space.
    gap = rf"{DASH}\s*" if dash_required else rf"(?:{DASH}\s*|\s+)"
    return re.compile(
        rf"^(?P<place>{place})(?:\s+\[(?P<bracketed>{REGION})\]|\s+\((?P<parenthesised>{REGION})\)(?=\s*\())?"
        rf"(?:,\s+(?P<date>{DATE})|,\s+(?P<region>{REGION}))?"
        rf"(?:,\s+(?P<date2>{DATE}))?\s*{agency}{gap}(?=[\"\u201c\u2018'A-Z0-9])")


# (pattern, whether the bracketed agency must be on the agency list)
DATELINE_FORMS = (
    (_form(CAPS_PLACE, agency_required=False, dash_required=True), False),
    (_form(CAPS_PLACE, agency_required=True, dash_required=False), False),
    # A mixed-case place is only told from a name or a sentence by a known agency.
    (_form(MIXED_PLACE, agency_required=True, dash_required=False), True),
)
# "Thiruvananthapuram: The monsoon ...": a mixed-case place and a colon, as
# Indian dailies print the agencies' datelines; told from a label ("Note:",
# "Update:") only by the gazetteer.
MIXED_COLON = re.compile(rf"^(?P<place>{MIXED_PLACE}):\s+(?=[\"\u201c\u2018A-Z0-9])")
# Capitalised words that open a paragraph like a dateline but are labels.
NOT_PLACES = frozenset({
    "UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "ANALYSIS", "WATCH", "LIVE", "OPINION",
    "EDITORIAL", "FACTBOX", "EXPLAINER", "REVIEW", "COMMENT", "CORRECTED", "REFILE", "URGENT",
    "FLASH", "ALERT", "NOTE", "WARNING", "VIDEO", "PHOTOS", "ADVISORY", "EDITORS", "INSIGHT",
    "FEATURE", "Q&A", "I", "A", "THE", "AND", "BUT", "SO", "OK", "NEW", "NOTICE",
    # organisations, not places ("UNITED NATIONS" is a dateline, "UN" is not)
    "NATO", "UN", "EU", "IMF", "WHO", "OPEC", "FIFA", "ASEAN", "NASA", "FBI", "CIA", "US", "UK",
})
MAX_PLACE_CHARS = 40
DATELINE_ZONE = 2  # the dateline opens one of the first paragraphs
# "MOSCOW, March 5. /TASS/. Export ...": TASS prints its name between slashes.
SLASHED_AGENCY = re.compile(rf"^(?P<place>{CAPS_PLACE}),\s+(?P<date>{DATE})\.\s*/(?P<agency>[A-Za-z-]{{2,15}})/\.?\s*")
# "(AFP) - NAIROBI - ...", "(ANSA) - ROME, MARCH 8 - ...": the agency printed first.
AGENCY_FIRST = re.compile(r"^\((?P<agency>[A-Za-z][\w .&-]{0,40})\)\s*[-\u2013\u2014]{1,3}\s*")
# "May 29 (UPI) -- ...": a date and the agency, no place.
DATE_ONLY = re.compile(rf"^(?P<date>{DATE})\s*{AGENCY}{DASH}\s*(?=[\"\u201c\u2018'A-Z0-9])")
# A dateline printed alone on its own line above the text: "ANKARA", "GAZIANTEP, Türkiye".
ALONE = re.compile(rf"^(?P<place>{CAPS_PLACE})(?:,\s+(?P<region>{REGION}))?(?:,\s+(?P<date>{DATE}))?$")


def find_dateline(paragraph: str) -> tuple[Dateline, int] | None:
    """The dateline opening `paragraph` and where the text after it starts."""
    for form, known_agency_only in DATELINE_FORMS:
        m = form.match(paragraph)
        if not m:
            continue
        place = m.group("place").strip()
        if place.upper() in NOT_PLACES or len(place) > MAX_PLACE_CHARS:
            continue
        printed_agency = m.group("agency")
        agency = agency_list.canonical(printed_agency) if printed_agency else None
        if printed_agency and agency is None and (known_agency_only or not printed_agency[:1].isupper()):
            continue
        date = m.group("date") or m.group("date2")
        text_end = max(m.end(g) for g in ("place", "bracketed", "parenthesised", "region", "date",
                                          "date2") if m.group(g))
        if m.group("parenthesised"):
            text_end += 1  # the closing bracket: "Antakya (Turkey)"
        text = paragraph[:text_end].strip(" ,")
        return Dateline(text=text, place=place, date_text=date, agency=agency or printed_agency,
                        region=m.group("region") or m.group("bracketed") or m.group("parenthesised")), m.end()
    return None


def _slashed_agency(paragraph: str) -> tuple[Dateline, int] | None:
    m = SLASHED_AGENCY.match(paragraph)
    agency = agency_list.canonical(m.group("agency")) if m else None
    if m is None or agency is None:
        return None
    text = paragraph[:m.end("date")]
    return Dateline(text=text, place=m.group("place"), date_text=m.group("date"), agency=agency), m.end()


def _mixed_colon(paragraph: str) -> tuple[Dateline, int] | None:
    m = MIXED_COLON.match(paragraph)
    if m is None or len(m.group("place")) > MAX_PLACE_CHARS or not _well_known_place(m.group("place")):
        return None
    return Dateline(text=m.group("place"), place=m.group("place")), m.end()


def _well_known_place(name: str) -> bool:
    from service.pipeline.geo.gazetteer import gazetteer  # loaded once per worker anyway

    return any(c.primary and (c.record.feature_code in {"PCLI", "ADM1", "PPLC"}
                              or c.record.population >= 100_000)
               for c in gazetteer().lookup(name))


def _agency_first(paragraph: str) -> tuple[Dateline, int] | None:
    m = AGENCY_FIRST.match(paragraph)
    agency = agency_list.canonical(m.group("agency")) if m else None
    if m is None or agency is None:
        return None
    found = find_dateline(paragraph[m.end():])
    if found is None or found[0].agency:
        return None
    line, end = found
    return replace(line, agency=agency), m.end() + end


def _alone(paragraph: str) -> Dateline | None:
    m = ALONE.match(paragraph)
    if m is None:
        return None
    place = m.group("place").strip()
    if (set(place.upper().split()) & NOT_PLACES or len(place) > MAX_PLACE_CHARS or len(place) < 3
            or agency_list.canonical(paragraph)):
        return None
    return Dateline(text=paragraph.strip(), place=place, region=m.group("region"),
                    date_text=m.group("date"))


def opens_story(paragraph: str) -> bool:
    """Whether `paragraph` is where a story's text starts: it opens with a
    dateline, or is a dateline printed alone."""
    return bool(find_dateline(paragraph) or _agency_first(paragraph) or DATE_ONLY.match(paragraph)
                or _alone(paragraph))


def _date_only(a: Article, paragraphs: list[str]) -> Article:
    """Strip a place-less "May 29 (UPI) --" opener; its agency is the story's."""
    for i, paragraph in enumerate(paragraphs[:DATELINE_ZONE]):
        m = DATE_ONLY.match(paragraph)
        agency = agency_list.canonical(m.group("agency")) if m else None
        if m and agency:
            paragraphs[i] = paragraph[m.end():]
            return replace(a, paragraphs=tuple(paragraphs),
                           agencies=agency_list.merge_names(a.agencies, [agency]))
    return a


@stage("dateline", "2")
def dateline(a: Article) -> Article:
    paragraphs = list(a.paragraphs)
    for i, paragraph in enumerate(paragraphs[:DATELINE_ZONE]):
        found = (find_dateline(paragraph) or _agency_first(paragraph) or _slashed_agency(paragraph)
                 or _mixed_colon(paragraph))
        if found:
            line, end = found
            paragraphs[i] = paragraph[end:]
            return replace(a, dateline=line, paragraphs=tuple(paragraphs))
        alone = _alone(paragraph) if i + 1 < len(paragraphs) else None
        if alone:
            del paragraphs[i]
            return replace(a, dateline=alone, paragraphs=tuple(paragraphs))
    return _date_only(a, paragraphs)
