"""Topics, keyphrases, summary, tone and fingerprints."""

from __future__ import annotations

from service.pipeline.knowledge.fingerprints import (
    content_sha256,
    hamming,
    near_duplicates,
    simhash,
)
from service.pipeline.knowledge.keyphrases import extract
from service.pipeline.knowledge.summary import summarise
from service.pipeline.knowledge.tone import tone_of
from service.pipeline.knowledge.topics import classify
from tests.fixtures.knowledge.stories import load_stories

STORIES = {s.id: s for s in load_stories()}
KENYA = STORIES["kenya-floods"].paragraphs


def test_conflict_story_gets_the_conflict_media_topic_with_a_score() -> None:
    topics = classify("Rebels recapture town", (
        "Rebels backed by foreign troops recaptured the town after heavy fighting and shelling, "
        "the army said, in a new offensive.",))
    assert topics[0].code == "medtop:16000000"
    assert 0 < topics[0].score <= 1
    assert topics[0].label == "conflict, war and peace"


def test_a_story_without_cues_gets_no_topic() -> None:
    assert classify(None, ("The cat sat on the mat.",)) == ()


def test_compounds_whose_cue_word_means_something_else_are_no_cues() -> None:
    # Unmasked, "storm" + "snow" would make this weather and "season" + "win" sport.
    crab = {t.code for t in classify("Political storm over snow crab season", (
        "Fishermen hope the crab season will win back buyers after a political storm over "
        "snow crab quotas.",))}
    assert not crab & {"medtop:15000000", "medtop:17000000"}
    # Unmasked, "landslide" + "buried" would make this a disaster.
    vote = {t.code for t in classify("Ruling party wins by a landslide", (
        "The ruling party won the election by a landslide and buried the opposition, "
        "officials said.",))}
    assert "medtop:03000000" not in vote and "medtop:11000000" in vote


def test_food_in_passing_is_no_lifestyle_story_but_a_food_story_is() -> None:
    news = {t.code for t in classify("Strike halts port", (
        "Dockers stopped work on Monday, stranding trucks loaded with food, and drivers waited "
        "at a roadside restaurant, the union said.",))}
    assert "medtop:10000000" not in news
    food = {t.code for t in classify("Lima chefs put Andean cuisine on the map", (
        "A new generation of chefs is bringing Andean cuisine and its food to dining rooms "
        "around the world.",))}
    assert "medtop:10000000" in food


def test_masking_a_compound_leaves_the_same_word_elsewhere_a_cue() -> None:
    topics = {t.code for t in classify("Landslide buries homes after heavy rain", (
        "A landslide buried dozens of homes and left villagers stranded, rescuers said.",))}
    assert "medtop:03000000" in topics


def test_republished_copy_is_a_near_duplicate() -> None:
    original = "\n\n".join(KENYA)
    decorated = "\n\n".join([
        "NAIROBI (Reuters) - " + KENYA[0].replace('"', "\u201c"), *KENYA[1:],
        "Reporting by Jane Doe; Editing by John Smith",
        "Sign up for our newsletter to get the latest news.",
    ])
    assert content_sha256(original) != content_sha256(decorated)
    assert near_duplicates(simhash(original), simhash(decorated))


def test_two_stories_on_the_same_event_are_not_near_duplicates() -> None:
    ours = "\n\n".join(KENYA)
    theirs = (
        "Heavy rains have flooded parts of Nairobi and killed dozens of people across Kenya, the "
        "government said on Wednesday, as forecasters warned of more storms.\n\nInterior Minister "
        "Kithure Kindiki said 38 people had died and more than 11,000 families had been "
        "displaced. The Kenya Red Cross said it was running short of supplies.\n\nIn Mombasa, "
        "residents waded through waist-deep water after the main road to the port was cut.")
    assert not near_duplicates(simhash(ours), simhash(theirs))
    assert hamming(f"{simhash(ours):016x}", simhash(theirs)) > 10


def _majority_of_bits(texts: list[str]) -> int:
    """SimHash as its definition reads: bit i is set where most 3-shingle
    BLAKE2b-64 hashes have bit i set."""
    import hashlib

    from service.pipeline.knowledge.fingerprints import normalise

    tokens = normalise(" ".join(texts)).split()
    shingles = {" ".join(tokens[i:i + 3]) for i in range(max(len(tokens) - 2, 1))}
    hashes = [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")
              for s in shingles]
    return sum(1 << bit for bit in range(64)
               if 2 * sum((h >> bit) & 1 for h in hashes) > len(hashes))


def test_simhash_sets_the_bits_most_shingle_hashes_have() -> None:
    for texts in (list(KENYA), ["Flood waters rose."], ["one"], [""], ["a b c d e f g h"]):
        assert simhash(" ".join(texts)) == _majority_of_bits(texts), texts


def test_content_hash_ignores_typography_and_spacing() -> None:
    assert content_sha256("\u201cHello,\u201d  he said.\n") == content_sha256('"hello," he said.')


def test_keyphrases_are_content_phrases_not_names() -> None:
    phrases = extract(STORIES["kenya-floods"].headline, KENYA)
    assert phrases
    assert not any("nairobi" in p or "ruto" in p for p in phrases)
    assert any("rains" in p or "floods" in p for p in phrases)


def test_summary_is_extractive_short_and_starts_with_the_lead() -> None:
    summary = summarise(KENYA)
    assert summary is not None
    assert summary.startswith(KENYA[0].split(",")[0])
    assert len(summary.split()) <= 60 or summary == KENYA[0]
    body = " ".join(KENYA)
    assert all(sentence.strip(" .") in body for sentence in summary.split(". "))


def test_tone_is_negative_for_a_disaster_and_positive_for_good_news() -> None:
    bad = tone_of("\n\n".join(KENYA))
    good = tone_of("The festival was a wonderful success and visitors loved the happy, "
                   "friendly atmosphere. Organisers thanked everyone for a great weekend.")
    assert bad is not None and good is not None
    assert -1 <= bad < 0 < good <= 1
