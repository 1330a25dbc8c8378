"""Place vocabulary that GeoNames' name lists do not carry: the abbreviations,
adjectives and world regions the news writes, each pointing at a GeoNames id
(facts from geonames.org, CC BY 4.0).
"""

from __future__ import annotations

from dataclasses import dataclass

# Abbreviations and formal names of countries missing from the country
# aliases (value: ISO 3166 code).
COUNTRY_ABBREVIATIONS: dict[str, str] = {
    "dprk": "KP", "prc": "CN", "t&t": "TT", "rok": "KR", "ksa": "SA", "holy see": "VA", "vatican": "VA",
    "u.a.e.": "AE", "the netherlands": "NL", "republic of korea": "KR",
    "democratic republic of the congo": "CD", "people's republic of china": "CN",
    "democratic people's republic of korea": "KP", "democratic people’s republic of korea": "KP",
}

# Country adjectives missing from the entity demonym list (value: ISO code).
EXTRA_DEMONYMS: dict[str, str] = {
    "salvadoran": "SV", "nicaraguan": "NI", "trinidadian": "TT", "bahamian": "BS",
    "malawian": "MW", "botswanan": "BW", "malagasy": "MG", "laotian": "LA",
    "montenegrin": "ME", "macedonian": "MK", "luxembourgish": "LU", "fijian": "FJ",
    "samoan": "WS", "tongan": "TO", "papuan": "PG",
}

# Names of languages that are no demonym of a country (`English`, `Arabic`):
# never a place, however many towns bear the name.
LANGUAGES = frozenset({"english", "arabic", "hindi", "urdu", "swahili", "latin", "hebrew",
                       "mandarin", "cantonese", "esperanto", "tamil", "punjabi", "bengali"})

# GeoNames continent code for an abbreviation or adjective of a continent.
# The EU is written as a place ("EU airlines", "within the EU") as often as an
# institution; as a place it is Europe.
CONTINENT_WORDS: dict[str, str] = {
    "eu": "EU", "european": "EU", "african": "AF", "asian": "AS", "north american": "NA",
    "south american": "SA", "latin american": "SA", "antarctic": "AN",
}

# Adjectives of world regions (value: the region's GeoNames id in REGIONS).
REGION_WORDS: dict[str, int] = {"central american": 7729892, "middle eastern": 6269133,
                                "western": 9408659, "kurdish": 126585, "arab": 6957698}

# Adjectives of US states and Canadian provinces the news uses as modifiers
# ("Californian wildfires"): value (country, admin1 code).
REGION_ADJECTIVES: dict[str, tuple[str, str]] = {
    "californian": ("US", "CA"), "texan": ("US", "TX"), "floridian": ("US", "FL"),
    "hawaiian": ("US", "HI"), "alaskan": ("US", "AK"), "arizonan": ("US", "AZ"),
    "oklahoman": ("US", "OK"), "ohioan": ("US", "OH"), "iowan": ("US", "IA"),
    "virginian": ("US", "VA"), "coloradan": ("US", "CO"), "nevadan": ("US", "NV"),
    "oregonian": ("US", "OR"), "minnesotan": ("US", "MN"), "louisianan": ("US", "LA"),
    "albertan": ("CA", "01"), "ontarian": ("CA", "08"), "quebecois": ("CA", "10"),
    "manitoban": ("CA", "03"), "tasmanian": ("AU", "06"), "bavarian": ("DE", "02"),
    "scottish": ("GB", "SCT"), "welsh": ("GB", "WLS"),
}

# US state abbreviations after a place name ("Maywood, N.J."): AP style and
# postal codes; value: the state's admin1 code.
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "ala.": "AL", "ariz.": "AZ", "ark.": "AR", "calif.": "CA", "colo.": "CO", "conn.": "CT",
    "del.": "DE", "fla.": "FL", "ga.": "GA", "ill.": "IL", "ind.": "IN", "kan.": "KS",
    "ky.": "KY", "la.": "LA", "md.": "MD", "mass.": "MA", "mich.": "MI", "minn.": "MN",
    "miss.": "MS", "mo.": "MO", "mont.": "MT", "neb.": "NE", "nev.": "NV", "n.h.": "NH",
    "n.j.": "NJ", "n.m.": "NM", "n.y.": "NY", "n.c.": "NC", "n.d.": "ND", "okla.": "OK",
    "ore.": "OR", "pa.": "PA", "r.i.": "RI", "s.c.": "SC", "s.d.": "SD", "tenn.": "TN",
    "vt.": "VT", "va.": "VA", "wash.": "WA", "w.va.": "WV", "wis.": "WI", "wyo.": "WY",
    "d.c.": "DC",
}
# Canadian province abbreviations (Canadian Press style with full stops,
# which no other word spells, and postal codes, read only after a place as
# `Nelson, BC`); value: the province's GeoNames admin1 code.
CA_PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "alta.": "01", "b.c.": "02", "man.": "03", "n.b.": "04", "n.l.": "05", "nfld.": "05",
    "n.s.": "07", "ont.": "08", "p.e.i.": "09", "que.": "10", "sask.": "11",
}
CA_POSTAL_CODES: dict[str, str] = {
    "AB": "01", "BC": "02", "MB": "03", "NB": "04", "NL": "05", "NS": "07", "ON": "08",
    "PE": "09", "QC": "10", "SK": "11", "YT": "12", "NT": "13", "NU": "14",
}
US_POSTAL_CODES = frozenset(US_STATE_ABBREVIATIONS.values()) | {"AK", "HI", "ID", "IA", "ME",
                                                                 "OH", "TX", "UT"}


@dataclass(frozen=True, slots=True)
class Region:
    geonameid: int
    name: str
    feature_class: str  # H water, L area, T mountain, S building
    feature_code: str  # OCN ocean, SEA, GULF, RGN region, PEN peninsula, DLTA delta, BLDG
    latitude: float
    longitude: float
    names: tuple[str, ...]
    short: str | None = None  # a bare form that is the place only when it stands alone




# Oceans and world regions the news names as places. The bare `Pacific` or
# `Atlantic` opens many other names (`Cebu Pacific`, `Atlantic Council`), so
# it is read as the ocean only as a name of its own.
REGIONS: tuple[Region, ...] = (
    Region(2363254, "Pacific Ocean", "H", "OCN", 0.0, -160.0, ("Pacific Ocean",), "Pacific"),
    Region(3373405, "Atlantic Ocean", "H", "OCN", 10.0, -25.0, ("Atlantic Ocean",), "Atlantic"),
    Region(1545739, "Indian Ocean", "H", "OCN", -10.0, 70.0, ("Indian Ocean",)),
    Region(2960860, "Arctic Ocean", "H", "OCN", 85.0, 0.0, ("Arctic Ocean",)),
    Region(7729892, "Central America", "L", "RGN", 12.8, -85.0, ("Central America",)),
    Region(6269133, "Middle East", "L", "RGN", 29.0, 42.0, ("Middle East", "Mideast")),
    Region(11494804, "Korean Peninsula", "L", "PEN", 37.5, 127.5, ("Korean Peninsula",)),
    # Regions of peoples and cultures: `the West`, standing alone, is the
    # Western world; `Kurdish`, `Arab` are adjectives of their lands.
    Region(9408659, "Western World", "L", "RGN", 50.21909, 7.42676, ("Western world",), "West"),
    Region(126585, "Kurdistan", "L", "RGN", 37.0, 44.0, ("Kurdistan",)),
    Region(6957698, "Arab World", "L", "RGN", 25.0, 45.0, ("Arab world",)),
    # Natural features and regions the news names without a country around
    # them; `the Gulf` standing alone is the Persian Gulf.
    Region(235616, "Persian Gulf", "H", "GULF", 27.0, 51.0, ("Persian Gulf", "Arabian Gulf"),
           "Gulf"),
    Region(173866, "Ghouta", "L", "RGN", 33.527, 36.389, ("Ghouta", "Eastern Ghouta",
                                                         "East Ghouta")),
    Region(351037, "Nile Delta", "L", "DLTA", 30.85, 31.2, ("Nile Delta",)),
    # Buildings the news writes as places (the GeoWebNews guideline counts a
    # named building as a toponym, also when it stands for who works there).
    Region(9675434, "White House", "S", "BLDG", 38.89704, -77.03655, ("White House",)),
)

# Words that follow a place's name to make it the division (`Sokoto State`, `Idlib
# province`, `Donetsk Oblast`); a county or district is second-level.
DIVISION_WORDS = frozenset({"state", "province", "region", "oblast", "governorate", "prefecture",
                            "county", "district"})
