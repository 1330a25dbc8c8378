"""What names an organisation by its kind, without a legal suffix:

- the word that closes a company's name by saying what business it is in
  (`Kestrel Metals`, `Central Railway`, `Pinnacle Foods`);
- a legal form in another language (`Equinor ASA`, `Nokia Oyj`);
- the lower-case noun that tells the kind of body a name belongs to
  (`the cycling club VCF`, `VCF, the country's largest cyclists' lobby`).

The business words come from Faker's company types (the `en_PH` provider
builds names such as `Golden Star Holdings Inc.` from them) and a short
hand list of the sectors the wires report on every day that Faker lacks.
"""

from __future__ import annotations

import re
from functools import cache

from service.pipeline.knowledge.names import COMPANY_NOUNS, ORG_NOUNS, wordset

# Faker's types that name a sector as a topic at least as often as they close
# a firm's name (`Finance Minister`, `Sustainable Development Goals`, the
# `Manufacturing PMI`), or a building rather than a body (`Hotel`).
_TOPIC_SECTORS = wordset("finance banking development construction manufacturing hotel")

# Sectors Faker's list lacks. Singular and plural: a railway company is
# `Western Railway` in India and `Indian Railways` nationally.
_HAND_HEADS = wordset("""
metals steel chemical chemicals mining railway railways railroad railroads energy motors automotive
airlines airways aviation pharmaceuticals pharma biotech logistics telecom telecoms
telecommunications insurance assurance reinsurance media broadcasting foods textiles
utilities holdings
""")


@cache
def business_heads() -> frozenset[str]:
    """Folded words that close a company's name by naming its business."""
    from faker.providers.company.en_PH import Provider

    faker_types = {t.casefold() for t in Provider.company_types}
    return frozenset((faker_types - _TOPIC_SECTORS) | _HAND_HEADS)


# Legal forms in Faker's company suffixes that read as something else in
# English copy after a name: a degree (`BA`), an era (`AD`), a record (`EP`),
# a time zone (`ET`), a US state (`ME`, `SD`, `SC`), a résumé (`CV`), a pencil
# grade (`HB`), an exam (`SAT`), a body of its own (`PFA`, `EPIC`), and the
# codes Faker's Romanian list pads with (`CON`, `LOC`, `URL`); the words of
# longer forms (`and Sons`, `y Asociados`) are no legal form alone.
_NOT_LEGAL_FORMS_PRINTED = """BA AD EP ET EI ME SD SC KD CV HB OG RA SL RL SAT SEM SPI PFA
EPIC AFJ ASF CON LOC URL INC OC1 OC2 OC3 As San Tic Sp Co Cie Ky Bt Partner Fils Filhos Hijos
Asociados Doanh MTV"""
_NOT_LEGAL_FORMS = frozenset(_NOT_LEGAL_FORMS_PRINTED.split())  # case kept: `As` is no `AS`


@cache
def legal_forms() -> frozenset[str]:
    """Legal forms that close a company's name in the languages Faker knows
    (`Equinor ASA`, `Nokia Oyj`, `Volvo AB`, `Siemens AG`, `Grupo Bimbo SAB`),
    as printed, without their dots (`S.A.` -> `SA`): matched case-sensitively,
    so that `As` opening a sentence is no `AS`."""
    import importlib
    import pkgutil

    import faker.providers.company as company

    forms: set[str] = set()
    for module in pkgutil.iter_modules(company.__path__):
        provider = importlib.import_module(f"{company.__name__}.{module.name}").Provider
        for suffix in getattr(provider, "company_suffixes", ()):
            for word in suffix.split():
                form = word.replace(".", "")
                if form.isascii() and form.isalnum() and 2 <= len(form) <= 5 \
                        and form[0].isupper():
                    forms.add(form)
    return frozenset(forms - _NOT_LEGAL_FORMS)


# Lower-case nouns naming a kind of body, besides the company and organisation
# nouns the segmenter already reads: what an association, a public body or a
# lobby is called when the story introduces it.
KIND_NOUNS = ORG_NOUNS | COMPANY_NOUNS | wordset("""
club association federation confederation lobby institute council committee commission
authority ministry body organisation organization charity foundation alliance coalition
league cooperative co-operative consortium think-tank institution society syndicate
chamber bureau department regulator watchdog daily newspaper broadcaster utility insurer
agency office unions""")

# Kinds of body no person is called (unlike `producer`, `broker` or
# `developer`): before a name they make it the body's name (`the union Rengo`,
# `the charity Oxfam`).
BODY_NOUNS = wordset("""
club association federation confederation lobby institute council committee commission
authority ministry organisation organization charity foundation alliance coalition league
cooperative co-operative consortium think-tank institution society syndicate chamber bureau
regulator watchdog union party agency""")

# Words that end the noun phrase of an appositive before its head would be
# reached (`a member of the union`: the head is `member`).
# `and` does not end it: `the South African energy and chemicals group`.
_PHRASE_STOPS = wordset("of for at in with from on to by who which that whose as")
_DETERMINER = re.compile(r"(?:the|a|an|its|their|[\w'’.-]+['’]s?)$", re.IGNORECASE)
_APPOSITIVE = re.compile(r",\s+([^,.;:()\n“”\"]{2,80})(?=[,.;:)]|$)")


def appositive_kind(body: str, end: int) -> bool:
    """Whether the name ending at `end` is followed by an appositive whose
    head noun is a kind of body: `VCF, the country's largest cyclists' lobby,`,
    `Orion, a Jakarta insurer.`. A person's appositive ends in a post or a
    role (`Wario, the county governor,`; `Jones, a member of the union,`)."""
    match = _APPOSITIVE.match(body, end)
    if match is None:
        return False
    words = match.group(1).split()
    if len(words) < 2 or len(words) > 7 or not _DETERMINER.fullmatch(words[0]):
        return False
    phrase: list[str] = []
    for word in words[1:]:
        if word.casefold() in _PHRASE_STOPS:
            break
        phrase.append(word)
    if not phrase or not phrase[-1].islower():
        return False
    head = phrase[-1].casefold().removesuffix("'s").removesuffix("’s")
    return head in KIND_NOUNS or head.endswith("maker")  # `a maker of beams`, `a carmaker`
