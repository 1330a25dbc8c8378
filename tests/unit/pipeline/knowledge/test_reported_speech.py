"""Reported (indirect) speech: shapes recognised, speakers resolved to the
canonical person, quoted and organisation sentences left out, offsets, and
the stage running inside the default pipeline. Sentences are invented."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.model import Entity, FeedRef, Mention, RawArticle
from service.pipeline.entities.people import find_people
from service.pipeline.entities.reported_speech import find_reported_speech
from service.pipeline.inputs import article_from_raw
from service.pipeline.registry import default_pipeline
from service.pipeline.runner import Success

# (id, paragraphs, expected (speaker, mention, verb, text) per record, in order)
CASES = [
    ("speaker-first-with-title-and-time",
     ["Kenyan Interior Minister Wanjiru Otieno said on Tuesday that the curfew would be lifted."],
     [("Wanjiru Otieno", "Wanjiru Otieno", "said", "the curfew would be lifted")]),
    ("surname-resolves-to-full-name",
     ["Transport Minister Halvard Brekke opened the tunnel.",
      "Brekke said the toll would stay in place until 2031."],
     [("Halvard Brekke", "Brekke", "said", "the toll would stay in place until 2031")]),
    ("appositive-and-told-reuters",
     ["Samir Haddad, a spokesman for the dockworkers, told Reuters the strike would continue."],
     [("Samir Haddad", "Samir Haddad", "told", "the strike would continue")]),
    ("told-a-news-conference-that",
     ["Mayor Ines Carvalho told a news conference in Porto that the bridge was unsafe."],
     [("Ines Carvalho", "Ines Carvalho", "told", "the bridge was unsafe")]),
    ("speaker-last-name-then-verb",
     ["Mayor Ines Carvalho visited the site.",
      "The repairs would take at least six months, Carvalho said on Friday."],
     [("Ines Carvalho", "Carvalho", "said", "The repairs would take at least six months")]),
    ("speaker-last-verb-then-name-with-appositive",
     ["The harvest fell by a third this year, said Amara Diallo, the head of the growers' union."],
     [("Amara Diallo", "Amara Diallo", "said", "The harvest fell by a third this year")]),
    ("according-to-first",
     ["Police Chief Dana Whitfield arrived at noon.",
      "According to Whitfield, the suspect had fled north overnight."],
     [("Dana Whitfield", "Whitfield", "according to", "the suspect had fled north overnight")]),
    ("according-to-last",
     ["Police Chief Dana Whitfield arrived at noon.",
      "Three officers were injured in the clash, according to Whitfield."],
     [("Dana Whitfield", "Whitfield", "according to", "Three officers were injured in the clash")]),
    ("warned-and-urged",
     ["Central bank governor Priya Raman warned that inflation would rise again.",
      "Raman urged lawmakers to pass the budget before the recess."],
     [("Priya Raman", "Priya Raman", "warned", "inflation would rise again"),
      ("Priya Raman", "Raman", "urged", "lawmakers to pass the budget before the recess")]),
    ("auxiliary-and-adverb",
     ["Transport Minister Halvard Brekke has repeatedly said the ferry link would be kept."],
     [("Halvard Brekke", "Halvard Brekke", "said", "the ferry link would be kept")]),
    ("present-tense",
     ["Lars Pettersen, an economist at Nordbank, says the housing market has peaked."],
     [("Lars Pettersen", "Lars Pettersen", "says", "the housing market has peaked")]),
    ("opener-before-speaker",
     ["In a speech in Lyon on Monday, Labour Minister Olivier Dussart denied that pensions would be cut."],
     [("Olivier Dussart", "Olivier Dussart", "denied", "pensions would be cut")]),
    ("pronoun-unambiguous",
     ["Coach Marta Lindqvist named her squad on Sunday. She said the young players had earned it."],
     [("Marta Lindqvist", "She", "said", "the young players had earned it")]),
    ("pronoun-ambiguous-skipped",
     ["Senator Paul Okafor met Governor Ruth Adeyemi in Abuja. He said the talks went well."],
     []),
    ("organisation-speaker-skipped",
     ["The health ministry said the outbreak was under control.",
      "The Meridian Shipping Company said its vessels would avoid the strait."],
     []),
    ("quoted-sentences-left-to-the-quotes-stage",
     ["\u201cWe will rebuild every school,\u201d Governor Ruth Adeyemi said.",
      "Adeyemi said the state would \"never abandon\" the displaced families.",
      "\"The roads are open again,\" said Adeyemi."],
     []),
    ("sentence-after-a-closing-quote-mark",
     ["Governor Ruth Adeyemi spoke at the camp. \"We have no choice.\" Adeyemi said the vote would go ahead."],
     [("Ruth Adeyemi", "Adeyemi", "said", "the vote would go ahead")]),
    ("name-governed-by-a-preposition-skipped",
     ["Governor Ruth Adeyemi toured the camp.",
      "Supporters of Adeyemi said the election had been stolen.",
      "After Adeyemi said the camp would close, aid workers protested."],
     []),
    ("clause-too-short-skipped",
     ["Governor Ruth Adeyemi said nothing more."],
     []),
]


@pytest.mark.parametrize(("paragraphs", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reported_speech_with_the_real_people_stage(paragraphs: list[str],
                                                    expected: list[tuple[str, str, str, str]]) -> None:
    body = "\n\n".join(paragraphs)
    found = find_reported_speech(body, find_people(body))
    assert [(r.speaker, r.speaker_mention, r.verb, r.text) for r in found] == expected


@pytest.mark.parametrize(("paragraphs", "expected"), [c[1:] for c in CASES if c[2]],
                         ids=[c[0] for c in CASES if c[2]])
def test_offsets_span_the_whole_attribution_sentence(paragraphs: list[str],
                                                     expected: list[tuple[str, str, str, str]]) -> None:
    body = "\n\n".join(paragraphs)
    found = find_reported_speech(body, find_people(body))
    assert [r.start for r in found] == sorted(r.start for r in found)
    for r in found:
        sentence = body[r.start:r.end]
        assert r.text in sentence and r.speaker_mention in sentence
        assert sentence[-1] in ".!?"
        assert r.start == 0 or body[r.start - 1] in " \n"


def _person(name: str, body: str, *printed: str) -> Entity:
    mentions, pos = [], 0
    for text in printed:
        start = body.index(text, pos)
        mentions.append(Mention(text, start, start + len(text)))
        pos = start + len(text)
    return Entity(name=name, kind="person", mentions=tuple(mentions))


def test_hand_built_people_and_exact_offsets() -> None:
    body = ("Rescue teams reached the village.\n\n"
            "Nadia Farouk, 41, a nurse, said the clinic had no power. "
            "The river rose again overnight, Farouk added.")
    nadia = _person("Nadia Farouk", body, "Nadia Farouk", "Farouk")
    first, second = find_reported_speech(body, (nadia,))
    sentence_one = "Nadia Farouk, 41, a nurse, said the clinic had no power."
    assert (first.start, first.end) == (body.index(sentence_one), body.index(sentence_one) + len(sentence_one))
    assert (first.text, first.verb) == ("the clinic had no power", "said")
    assert body[second.start:second.end] == "The river rose again overnight, Farouk added."
    assert (second.speaker, second.speaker_mention, second.text) == (
        "Nadia Farouk", "Farouk", "The river rose again overnight")


def test_only_person_entities_speak() -> None:
    body = "Halvorsen Group said the plant would close next spring."
    org = Entity(name="Halvorsen Group", kind="organisation",
                 mentions=(Mention("Halvorsen Group", 0, 15),))
    assert find_reported_speech(body, (org,)) == ()
    assert find_reported_speech(body, ()) == ()


def test_pronoun_in_the_next_paragraph_resolves_through_the_previous_sentence() -> None:
    body = ("Trade Minister Kofi Mensah opened the port on Monday.\n\n"
            "He said exports would double within five years.")
    (record,) = find_reported_speech(body, find_people(body))
    assert (record.speaker, record.speaker_mention) == ("Kofi Mensah", "He")
    assert body[record.start:record.end] == "He said exports would double within five years."


def test_the_stage_fills_the_article_through_the_default_pipeline() -> None:
    raw = RawArticle(
        id="urn:test:reported-speech", feed=FeedRef("f", "Test Wire", "http://127.0.0.1/f.rss", "UTC"),
        url="https://news.example.com/port", title="Port strike enters second week",
        fetched_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
        published_original="Sun, 01 Mar 2026 10:00:00 GMT",
        content="<p>MOMBASA (Reuters) - Dock workers at Mombasa extended their strike on Sunday.</p>"
                "<p>Union leader Joseph Kamau said on Sunday that the workers would not return "
                "until wages were raised.</p>"
                "<p>The port authority said cargo was being diverted to Dar es Salaam.</p>"
                "<p>\u201cWe are losing money every hour,\u201d Kamau said.</p>")
    outcome = default_pipeline().run(article_from_raw(raw))
    assert isinstance(outcome, Success), outcome
    article = outcome.article
    assert "reported-speech" in [s.name for s in article.stages]
    (record,) = article.reported_speech
    assert record.speaker == "Joseph Kamau"
    assert record.text == "the workers would not return until wages were raised"
    assert article.body_text[record.start:record.end].startswith("Union leader Joseph Kamau said")


def test_the_canonical_wire_story_attributes_its_indirect_speech() -> None:
    from pathlib import Path

    from service.pipeline.inputs import article_from_file

    sample = Path(__file__).resolve().parents[4].parent / "shared" / "samples" / "saraqeb-wire-article.txt"
    if not sample.exists():
        pytest.skip(f"shared sample story not found at {sample}")
    outcome = default_pipeline().run(article_from_file(sample))
    assert isinstance(outcome, Success), outcome
    records = outcome.article.reported_speech
    assert [(r.speaker, r.verb) for r in records] == [("Tayyip Erdogan", "said"), ("Ibrahim al-Idlibi", "said")]
    assert all(not any(q in r.text for q in "\"\u201c\u201d") for r in records)
