"""The grammatical gender a story gives a person, for resolving `he` and `she`.

Evidence, strongest first:

1. a gendered title or role printed with the name (`Mrs`, `Queen`,
   `spokeswoman`; `Mr`, `King`, `chairman`);
2. the first name, looked up in the first-name lists of the Faker package
   (MIT; census-style lists of dozens of locales, Latin script only here).
   A name the lists give to both sexes about as often (`Andrea`, `Jean`)
   says nothing;
3. the story's own pronoun: `he`/`his`/`him` or `she`/`her` later in the
   sentence that names the person and no one else, after any appositive
   (`Tom Reyes, her deputy, ...`: that `her` is someone else's).

None when nothing tells.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import Counter
from functools import cache
from typing import Literal

Gender = Literal["f", "m"]

FEMALE_TITLES = frozenset({
    "mrs", "ms", "miss", "madam", "madame", "dame", "lady", "queen", "princess", "duchess",
    "baroness", "countess", "empress", "sister", "mother", "spokeswoman", "chairwoman",
    "congresswoman", "councilwoman", "assemblywoman", "businesswoman", "actress", "sultana",
})
MALE_TITLES = frozenset({
    "mr", "sir", "lord", "king", "prince", "duke", "baron", "count", "emperor", "sheikh",
    "brother", "father", "spokesman", "chairman", "congressman", "councilman", "assemblyman",
    "businessman", "actor", "sultan", "emir", "pope", "cardinal", "ayatollah", "imam", "rabbi",
})
_FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
_MALE_PRONOUNS = frozenset({"he", "his", "him", "himself"})
_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'-]+$")


def _names(value: object) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, (tuple, list)):
        return [str(v) for v in value]
    return []


@cache
def _faker_first_names() -> tuple[Counter[str], Counter[str], frozenset[str]]:
    """(female, male, any) folded first names of every Faker person provider:
    the plain, common, religious, regional and romanized lists alike. The
    counters say in how many locale lists a name is given to each sex."""
    import faker.providers.person as person_providers

    female: Counter[str] = Counter()
    male: Counter[str] = Counter()
    other: set[str] = set()
    for info in pkgutil.iter_modules(person_providers.__path__):
        module = importlib.import_module(f"{person_providers.__name__}.{info.name}")
        provider = getattr(module, "Provider", None)
        for attr in dir(provider):
            if "first" not in attr or "name" not in attr or attr.startswith("_") \
                    or "kana" in attr or "pairs" in attr:
                continue
            names = {n.casefold() for n in _names(getattr(provider, attr)) if _LATIN.match(n)}
            if "female" in attr:
                female.update(names)
            elif "_male" in attr:
                male.update(names)
            else:
                other.update(names)
    return female, male, frozenset(set(female) | set(male) | other)


@cache
def first_name_genders() -> dict[str, Gender]:
    """Folded first name -> gender: the sex most locale lists give it, when
    they agree at least three times out of four (`Andrea`, `Jean` say nothing)."""
    female, male, _ = _faker_first_names()
    out: dict[str, Gender] = {}
    for name in set(female) | set(male):
        f, m = female[name], male[name]
        if f >= 3 * m:
            out[name] = "f"
        elif m >= 3 * f:
            out[name] = "m"
    return out


def is_first_name(word: str) -> bool:
    """Whether `word` is a first name in any of Faker's locales."""
    return word.casefold() in _faker_first_names()[2]


def gender_of_title(words: list[str]) -> Gender | None:
    for word in words:
        key = word.casefold().rstrip(".")
        if key in FEMALE_TITLES:
            return "f"
        if key in MALE_TITLES:
            return "m"
    return None


def gender_of_first_name(name: str) -> Gender | None:
    words = name.split()
    if len(words) < 2:
        return None
    return first_name_genders().get(words[0].casefold().rstrip("."))


def gender_of_pronouns(words_after: list[str]) -> Gender | None:
    """The first personal pronoun after a name in its sentence."""
    for word in words_after:
        key = word.casefold()
        if key in _FEMALE_PRONOUNS:
            return "f"
        if key in _MALE_PRONOUNS:
            return "m"
    return None


def pronoun_gender(pronoun: str) -> Gender | None:
    key = pronoun.casefold()
    return "f" if key in _FEMALE_PRONOUNS else "m" if key in _MALE_PRONOUNS else None


@cache
def _faker_last_names() -> frozenset[str]:
    """Folded last names of every Faker person provider."""
    import faker.providers.person as person_providers

    out: set[str] = set()
    for info in pkgutil.iter_modules(person_providers.__path__):
        module = importlib.import_module(f"{person_providers.__name__}.{info.name}")
        provider = getattr(module, "Provider", None)
        for attr in dir(provider):
            if attr.startswith("last_names") and "kana" not in attr:
                out.update(n.casefold() for n in _names(getattr(provider, attr)) if _LATIN.match(n))
    return frozenset(out)


def is_last_name(word: str) -> bool:
    """Whether `word` is a last name in any of Faker's locales (`Jordan`,
    `Chad`, `Holland` are; `Germany` is not)."""
    return word.casefold() in _faker_last_names()

