"""Quote speakers: attribution before the quote, `according to`, pronouns
resolved by gender and subject, organisations as speakers, quotes running
over several paragraphs, short quotes. Sentences are invented for these tests."""

from __future__ import annotations

from service.model import Article
from service.pipeline.entities.gender import first_name_genders, gender_of_first_name
from service.pipeline.stages.quotes import quotes


def _speakers(*paragraphs: str) -> list[tuple[str, str | None]]:
    a = Article(id="t", url=None, source_name="s", source_timezone=None, fetched_at=None,
                input_content="x", input_type="text/plain", paragraphs=paragraphs)
    return [(q.text, q.speaker) for q in quotes.fn(a).quotes]


def test_first_names_come_from_a_packaged_lexicon() -> None:
    assert len(first_name_genders()) > 5_000
    assert gender_of_first_name("Margaret Osei") == "f"
    assert gender_of_first_name("Tobias Lund") == "m"
    assert gender_of_first_name("Osei") is None


def test_a_pronoun_is_the_nearest_person_of_its_gender() -> None:
    found = _speakers(
        "Mayor Beatriz Lorca and union leader Tomas Ferrer met on Monday to end the bus strike.",
        "Ferrer said the offer was too low. Lorca disagreed. “We have put everything on the "
        "table,” she said.",
        "“Then the buses stay in the depot,” he said.",
    )
    assert found == [("We have put everything on the table", "Beatriz Lorca"),
                     ("Then the buses stay in the depot", "Tomas Ferrer")]


def test_a_pronoun_prefers_the_subject_of_the_nearest_sentence() -> None:
    found = _speakers("Coach Ivan Petrov praised striker Marko Lenz after the match. "
                      "“He never stopped running,” he said.")
    assert found == [("He never stopped running", "Ivan Petrov")]


def test_the_gender_a_story_gives_a_person_is_used() -> None:
    found = _speakers(
        "Novelist Adaeze Obi and her editor, Sam Reyes, launched the book in Lagos.",
        "Obi said she had rewritten the ending four times.",
        "“The last version was the first honest one,” she said.",
    )
    assert found == [("The last version was the first honest one", "Adaeze Obi")]


def test_attribution_in_the_previous_sentence_with_a_colon() -> None:
    found = _speakers("Harbour master Nils Berg spoke after the storm. Berg told reporters: "
                      "“Two boats sank at their moorings.”")
    assert found == [("Two boats sank at their moorings.", "Nils Berg")]


def test_according_to_names_the_speaker() -> None:
    found = _speakers("“Prices will not fall before spring,” according to Rosa Klein, a "
                      "grain trader in Hamburg.")
    assert found == [("Prices will not fall before spring", "Rosa Klein")]


def test_an_organisation_described_later_is_the_speaker() -> None:
    found = _speakers(
        "Portugal's Ministry of Education said on Monday that exams would be moved.",
        "“No pupil will lose a year,” the ministry said in a statement.",
    )
    assert found == [("No pupil will lose a year", "Ministry of Education")]


def test_a_company_speaks_as_it() -> None:
    found = _speakers("Orlenda said on Tuesday it would close two plants. “The market has "
                      "shrunk by a third,” it said.")
    assert found == [("The market has shrunk by a third", "Orlenda")]


def test_a_generic_noun_is_the_organisation_just_named() -> None:
    found = _speakers("Shares in Kestrel fell 4% on the warning.",
                      "“We expect a weaker second half,” the company said.")
    assert found == [("We expect a weaker second half", "Kestrel")]


def test_a_quote_over_several_paragraphs_has_one_speaker() -> None:
    found = _speakers(
        "Retired judge Helena Vos gave evidence on Thursday.",
        "“The files were never sent to us.",
        "“Nobody asked why, and nobody answered,” Vos said.",
    )
    assert found == [("The files were never sent to us.", "Helena Vos"),
                     ("Nobody asked why, and nobody answered", "Helena Vos")]


def test_a_two_word_quote_is_kept_when_attributed() -> None:
    assert _speakers("“Never again,” said Helena Vos.") == [("Never again", "Helena Vos")]


def test_a_partial_quote_after_the_verb_of_its_clause() -> None:
    found = _speakers("Helena Vos said the inquiry had been “a cover-up from the start”.")
    assert found == [("a cover-up from the start", "Helena Vos")]


def test_a_paragraph_ending_with_a_colon_introduces_the_next_quote() -> None:
    found = _speakers(
        "Ferry passenger Ines Morales waited nine hours on the quay in Algeciras.",
        "She gave reporters her account of the night:",
        "“Nobody told us anything until the morning.",
        "“Then they sold us new tickets.”",
    )
    assert found == [("Nobody told us anything until the morning.", "Ines Morales"),
                     ("Then they sold us new tickets.", "Ines Morales")]


def test_a_quote_standing_alone_is_spoken_by_the_speaker_of_the_sentence_before() -> None:
    expected = [("We are ahead of schedule on every part of it.", "Lena Fox")]
    assert _speakers("Mayor Lena Fox told reporters the bridge would reopen in June. "
                     "“We are ahead of schedule on every part of it.”") == expected
    assert _speakers("Mayor Lena Fox told reporters the bridge would reopen in June.",
                     "“We are ahead of schedule on every part of it.”") == expected


def test_a_possessive_in_an_appositive_is_not_the_persons_gender() -> None:
    found = _speakers("Lena Fox, the mayor, said: “We are ahead of schedule.” Tom Reyes, her "
                      "deputy, was more careful. “It depends on the weather,” he said.")
    assert found == [("We are ahead of schedule.", "Lena Fox"),
                     ("It depends on the weather", "Tom Reyes")]


def test_a_quote_alone_after_a_sentence_reporting_someone_speaking() -> None:
    found = _speakers("Finance Minister Olga Brandt addressed parliament for an hour on Tuesday. "
                      "“We will balance the budget by 2027.”")
    assert found == [("We will balance the budget by 2027.", "Olga Brandt")]


def test_a_short_quote_after_a_characterising_verb_is_the_subjects() -> None:
    found = _speakers("Union leader Pavel Novak called the offer “an insult” and walked out.")
    assert found == [("an insult", "Pavel Novak")]
    assert _speakers("The programme, called “Safe Streets”, starts in May.") == []


def test_a_name_in_apposition_after_a_described_speaker() -> None:
    found = _speakers("“The road will stay closed overnight,” said a spokeswoman for Kent "
                      "Police, Inspector Ruth Kerr.")
    assert found == [("The road will stay closed overnight", "Ruth Kerr")]


def test_the_spokesperson_speaks_for_the_body_named_with_that_word() -> None:
    found = _speakers("A Corvel spokesperson said the plant would reopen in May. "
                      "“Repairs are ahead of schedule,” the spokesperson said.")
    assert found == [("Repairs are ahead of schedule", "Corvel")]
    named = _speakers("Police spokeswoman Irene Vidal said two men were held. "
                      "“Both are being questioned,” the spokeswoman said.")
    assert named == [("Both are being questioned", "Irene Vidal")]


def test_a_person_introduced_by_a_role_noun_is_an_antecedent() -> None:
    found = _speakers("Judge Ola Berg ruled against opposition politician Tavita Okonkwo on "
                      "Friday.", "Okonkwo rejected the ruling. “I will appeal,” he said.")
    assert found == [("I will appeal", "Tavita Okonkwo")]


def test_a_name_cut_at_and_is_the_longer_organisation() -> None:
    found = _speakers("The Food Standards and Safety Agency fined the chain on Monday. "
                      "“Hygiene rules protect every customer,” the Food Standards and Safety "
                      "Agency said.")
    assert found == [("Hygiene rules protect every customer", "Food Standards and Safety Agency")]


def test_a_named_speaker_of_a_body_is_the_person_not_the_body() -> None:
    found = _speakers("“We will not allow it,” said Senator Lilly Tellez of the opposition "
                      "National Action Party.")
    assert found == [("We will not allow it", "Lilly Tellez")]
