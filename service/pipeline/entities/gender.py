"""The grammatical gender a story gives a person, for resolving `he` and `she`.

Evidence, strongest first:

1. a gendered title or role printed with the name (`Mrs`, `Queen`,
   `spokeswoman`; `Mr`, `King`, `chairman`);
2. the story's own pronoun: `he`/`his`/`him` or `she`/`her` later in the
   sentence that names the person and no one else;
3. the first name, looked up in the first-name lists of the Faker package
   (MIT; census-style lists of dozens of locales, Latin script only here).
   A name listed for both sexes (`Andrea`, `Jean`) says nothing.

None when nothing tells.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
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
def _faker_first_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(female, male, any) folded first names of every Faker person provider:
    the plain, common, religious, regional and romanized lists alike."""
    import faker.providers.person as person_providers

    female: set[str] = set()
    male: set[str] = set()
    other: set[str] = set()
    for info in pkgutil.iter_modules(person_providers.__path__):
        module = importlib.import_module(f"{person_providers.__name__}.{info.name}")
        provider = getattr(module, "Provider", None)
        for attr in dir(provider):
            if "first" not in attr or "name" not in attr or attr.startswith("_") \
                    or "kana" in attr or "pairs" in attr:
                continue
            into = female if "female" in attr else male if "_male" in attr else other
            for name in _names(getattr(provider, attr)):
                if _LATIN.match(name):
                    into.add(name.casefold())
    return frozenset(female), frozenset(male), frozenset(female | male | other)


@cache
def first_name_genders() -> dict[str, Gender]:
    """Folded first name -> gender (names listed for both sexes left out)."""
    female, male, _ = _faker_first_names()
    out: dict[str, Gender] = {n: "f" for n in female - male}
    out.update({n: "m" for n in male - female})
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
