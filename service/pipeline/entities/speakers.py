"""Who is speaking: names in attribution phrases, their roles, and surnames
resolved to the full name given earlier in the story ("Halabi" to
"Yusuf al-Halabi")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from service.pipeline.stages.names import NAME_PATTERN, looks_like_name, surname_key

# Words printed before a name that are a title, not part of the name.
TITLE_WORDS = frozenset({
    "president", "prime", "minister", "foreign", "defence", "defense", "interior", "finance",
    "economy", "health", "secretary", "state", "general", "gen", "gen.", "lt", "lt.", "col", "col.",
    "maj", "maj.", "capt", "capt.", "adm", "adm.", "sgt", "sgt.", "dr", "dr.", "mr", "mr.", "mrs",
    "mrs.", "ms", "ms.", "sen", "sen.", "senator", "rep", "rep.", "representative", "gov", "gov.",
    "governor", "mayor", "king", "queen", "prince", "princess", "sheikh", "pope", "chancellor",
    "chairman", "chairwoman", "chair", "chief", "justice", "judge", "commissioner", "ambassador",
    "spokesman", "spokeswoman", "spokesperson", "professor", "prof", "prof.", "rev", "rev.",
    "father", "sir", "dame", "lord", "lady", "vice", "deputy", "director", "leader", "colonel",
    "major", "captain", "lieutenant", "sergeant", "admiral", "marshal", "commander", "coach",
    "ceo", "premier", "emir", "crown", "sultan", "envoy", "speaker", "attorney", "lawmaker",
    "mp", "mep", "opposition", "rebel", "army", "police", "officer", "official", "analyst",
    "economist", "striker", "midfielder", "manager", "executive", "founder", "cardinal",
    "archbishop", "bishop", "imam", "rabbi", "president-elect", "head", "supreme", "battalion",
    "assistant", "acting", "interim", "senior", "detective", "inspector", "superintendent",
    "constable", "sheriff", "trooper", "undersecretary", "consul", "councillor", "councilman",
    "councilwoman", "alderman", "assemblyman", "assemblywoman", "congressman", "congresswoman",
    "brigadier", "corporal", "vice-president", "fire", "staff", "first", "administrator",
    "secretary-general", "director-general", "solicitor", "auditor", "comptroller", "treasurer",
    "ombudsman", "dean", "rector", "provost", "taoiseach", "governor-general", "ayatollah",
    "patriarch", "grand", "mufti", "minister-president", "state-secretary",
})
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
# Capitalised runs that name organisations or open sentences, never a person.
NOT_PERSON_WORDS = frozenset({
    "the", "a", "an", "in", "on", "at", "for", "but", "and", "with", "after", "before", "when",
    "while", "if", "as", "since", "this", "that", "these", "those", "there", "it", "its",
    "observatory", "ministry", "front", "council", "party", "army", "forces", "agency",
    "organisation", "organization", "university", "bank", "company", "group", "corp", "inc",
    "ltd", "committee", "commission", "union", "association", "institute", "department",
    "office", "government", "news", "post", "times", "court", "police", "republic", "kingdom",
    "highway", "province", "city", "state", "states", "nations", "square", "street", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december",
})
NAME_AT_END = re.compile(rf"(?P<name>{NAME_PATTERN})$")
APPOSITIVE = re.compile(
    rf"(?P<name>{NAME_PATTERN}),\s+(?P<role>(?:a|an|the)\s[^,;.\u201c\u201d\"]{{2,150}}?),\s")


@lru_cache(maxsize=1 << 14)  # pure, and asked again for every name each story repeats
def split_title(phrase: str) -> tuple[str, str]:
    """("Turkish President Tayyip Erdogan") -> ("Tayyip Erdogan", "Turkish President").

    Everything up to the last title word before the final name word is the
    title, so "Labour Minister Olivier Dussart" and "Battalion Chief Dan
    Ortega" split too; a title word that is the last word ("John Major") is a name."""
    words = phrase.split()
    cut = 0
    for i, word in enumerate(words[:-1]):
        if word.lower() in TITLE_WORDS:
            cut = i + 1
    return " ".join(words[cut:]), " ".join(words[:cut])


@lru_cache(maxsize=1 << 14)  # pure, and asked again for every name each story repeats
def is_person_name(name: str) -> bool:
    return looks_like_name(name) and not any(w.lower().strip(".") in NOT_PERSON_WORDS
                                             for w in name.split())


@dataclass
class NameIndex:
    """Full person names in the story, where each first appears, and the
    appositive role printed with them ("X, an opposition figure, said")."""

    first_seen: dict[str, int] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, paragraphs: tuple[str, ...]) -> NameIndex:
        index = cls()
        for i, paragraph in enumerate(paragraphs):
            for m in re.finditer(NAME_PATTERN, paragraph):
                name, _ = split_title(m.group(0))
                if is_person_name(name):
                    index.first_seen.setdefault(name, i)
            for m in APPOSITIVE.finditer(paragraph):
                name, _ = split_title(m.group("name"))
                if is_person_name(name):
                    index.roles.setdefault(name, m.group("role"))
        return index

    def resolve(self, mention: str, paragraph: int) -> str:
        """The full name `mention` (a surname, or a full name) refers to."""
        if len(mention.split()) > 1 or not mention:
            return mention
        key = surname_key(mention)
        matches = [(seen, name) for name, seen in self.first_seen.items()
                   if surname_key(name.split()[-1]) == key]
        before = [m for m in matches if m[0] <= paragraph]
        if before:
            return max(before)[1]
        return min(matches)[1] if matches else mention
