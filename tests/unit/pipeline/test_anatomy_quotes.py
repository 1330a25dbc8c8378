"""Direct quotes, their speakers and roles."""

from __future__ import annotations

import pytest

from service.model import Article
from service.pipeline.stages.quotes import quote_spans, quotes


def _quotes(*paragraphs: str) -> list[tuple[str, str | None, str | None]]:
    a = Article(id="t", url=None, source_name="s", source_timezone=None, fetched_at=None,
                input_content="x", input_type="text/plain", paragraphs=paragraphs)
    return [(q.text, q.speaker, q.role) for q in quotes.fn(a).quotes]


@pytest.mark.parametrize(("paragraph", "text", "speaker", "role"), [
    ("\u201cWe will rebuild the bridge,\u201d Jane Doe said.", "We will rebuild the bridge", "Jane Doe", None),
    ('"We will rebuild the bridge," said Jane Doe.', "We will rebuild the bridge", "Jane Doe", None),
    ("Jane Doe said: \u201cWe will rebuild the bridge.\u201d", "We will rebuild the bridge.", "Jane Doe", None),
    ("Jane Doe told Reuters: \u201cWe will rebuild the bridge.\u201d", "We will rebuild the bridge.", "Jane Doe", None),
    ("\u201cWe will rebuild the bridge,\u201d Jane Doe, a spokeswoman for the ministry, said.",
     "We will rebuild the bridge", "Jane Doe", "a spokeswoman for the ministry"),
    ("\u201cWe will rebuild the bridge,\u201d said Jane Doe, a spokeswoman for the ministry.",
     "We will rebuild the bridge", "Jane Doe", "a spokeswoman for the ministry"),
    ("\u201cWe will rebuild the bridge,\u201d said Foreign Minister Jane Doe.",
     "We will rebuild the bridge", "Jane Doe", "Foreign Minister"),
    ("\u201cWe will rebuild the bridge,\u201d said veteran city engineer Jane Doe.",
     "We will rebuild the bridge", "Jane Doe", "veteran city engineer"),
    ("\u201cWe will rebuild the bridge,\u201d the ministry said in a statement.",
     "We will rebuild the bridge", None, "the ministry"),
    ("\u00abNous reconstruirons le pont\u00bb, said Jane Doe.", "Nous reconstruirons le pont", "Jane Doe", None),
    ("\u2018We will rebuild the bridge,\u2019 said Jane Doe.", "We will rebuild the bridge", "Jane Doe", None),
    ("'We will rebuild the bridge,' said Jane Doe.", "We will rebuild the bridge", "Jane Doe", None),
    ("\u201eWir bauen die Br\u00fccke wieder auf\u201c, said Jane Doe.", "Wir bauen die Br\u00fccke wieder auf", "Jane Doe", None),
    ("\u201cThe bridge is gone. We will rebuild it,\u201d according to Jane Doe.",
     "The bridge is gone. We will rebuild it", "Jane Doe", None),
    ("\u201cWe will rebuild the bridge,\u201d Yusuf al-Halabi said.", "We will rebuild the bridge", "Yusuf al-Halabi", None),
    ("\u201cWe will rebuild the bridge,\u201d U.S. Secretary of State Jane Doe said.",
     "We will rebuild the bridge", "Jane Doe", "U.S. Secretary of State"),
])
def test_attribution_forms(paragraph: str, text: str, speaker: str | None, role: str | None) -> None:
    assert _quotes(paragraph) == [(text, speaker, role)]


def test_a_surname_is_resolved_to_the_full_name_and_role_given_earlier() -> None:
    found = _quotes(
        "Yusuf al-Halabi, a trader who runs three stalls in the old market, said sales had halved.",
        "Jane Doe, a farmer, stayed home.",
        "\u201cNobody comes in the afternoon any more. We close at two,\u201d Halabi said.",
    )
    assert found == [("Nobody comes in the afternoon any more. We close at two",
                      "Yusuf al-Halabi", "a trader who runs three stalls in the old market")]


def test_a_pronoun_is_the_person_last_reported_speaking() -> None:
    found = _quotes(
        "\u201cFirst quote here,\u201d said Ann Poe.",
        "Police Chief Bo Li said the road would reopen. \u201cWe need two more days,\u201d he said.",
        "\u201cAnd then it is done,\u201d he added.",
    )
    assert found == [("First quote here", "Ann Poe", None),
                     ("We need two more days", "Bo Li", "Police Chief"),
                     ("And then it is done", "Bo Li", "Police Chief")]


def test_a_quote_continued_in_the_next_paragraph_keeps_its_speaker() -> None:
    found = _quotes(
        "\u201cWe lost the harvest,\u201d said farmer Ann Poe. \u201cThen we lost the house.",
        "\u201cNow we have nothing left to lose at all.\u201d",
    )
    assert [s for _, s, _ in found] == ["Ann Poe", "Ann Poe", "Ann Poe"]
    assert found[1][0] == "Then we lost the house."


def test_an_open_quote_takes_its_speaker_from_the_continuation() -> None:
    found = _quotes("\u201cWe lost the harvest and then we lost the house.",
                    "\u201cNow we have nothing,\u201d said Ann Poe.")
    assert [s for _, s, _ in found] == ["Ann Poe", "Ann Poe"]


@pytest.mark.parametrize("paragraph", [
    "The so-called \u201cbuffer zone\u201d was agreed in 2018.",
    "She starred in \u201cThe Long Night\u201d last year.",
    "Rebels took Assad\u2019s last outposts, and the army\u2019s lines broke.",
    "The residents' groups said 'no' to the plan.",
])
def test_scare_quotes_titles_and_apostrophes_are_not_quotes(paragraph: str) -> None:
    assert _quotes(paragraph) == []


def test_long_unattributed_quotes_are_kept_without_a_speaker() -> None:
    found = _quotes("\u201cWe will not leave this land whatever they do to us,\u201d read a banner.")
    assert found == [("We will not leave this land whatever they do to us", None, None)]


def test_the_attribution_of_another_sentence_is_not_borrowed() -> None:
    found = _quotes("\u201cThe talks went on all night without any result.\u201d The mayor then said no more.")
    assert found == [("The talks went on all night without any result.", None, None)]


def test_quote_spans_report_open_ends() -> None:
    spans = quote_spans("He said \u201cone two. And \u201cthree four\u201d")
    assert [(s.text, s.closed) for s in spans] == [("three four", True)]
    assert [(s.text, s.closed) for s in quote_spans("\u201cStill talking")] == [("Still talking", False)]
