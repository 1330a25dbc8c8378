"""Occupation words that open a sentence before a name (`Novelist Adaeze Obi
said`, `Geophysicist ... said`): a description, not part of the name.

From data, not a hand list: the head nouns of the job titles in the Faker
package (MIT; `Geologist, engineering` -> `geologist`), the role words of
`knowledge.names`, and any word ending in `-ist` (`novelist`, `volcanologist`).
A word that is also a first name (`Mason`, `Baker`?) is never one here.
"""

from __future__ import annotations

from functools import cache

from service.pipeline.entities.gender import is_first_name
from service.pipeline.knowledge.names import ROLE_WORDS


@cache
def occupation_heads() -> frozenset[str]:
    from faker.providers.job.en_US import Provider

    heads: set[str] = set()
    for job in Provider.jobs:
        for part in job.split(",")[0].split("/"):
            words = part.split()
            if words and words[-1].isalpha():
                heads.add(words[-1].casefold())
    return frozenset(heads | ROLE_WORDS)


def is_occupation(word: str) -> bool:
    key = word.casefold()
    if is_first_name(key) or not key.isalpha():
        return False
    return key in occupation_heads() or (key.endswith("ist") and len(key) > 5)
