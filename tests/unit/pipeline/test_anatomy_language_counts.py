"""Language identification, counts and quality flags; the stage order."""

from __future__ import annotations

import pytest

from service.model import Article
from service.pipeline.registry import anatomy_stages, default_stages
from service.pipeline.stages.counts import counts
from service.pipeline.stages.language import language


def _article(paragraphs: tuple[str, ...], **fields: object) -> Article:
    return Article(id="t", url=None, source_name="s", source_timezone=None, fetched_at=None,
                   input_content="x", input_type="text/plain", paragraphs=paragraphs,
                   **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "code"), [
    ("The government said on Thursday that it would raise taxes on fuel next year.", "en"),
    ("Die Bundesregierung hat am Donnerstag beschlossen, die Steuern zu erhöhen.", "de"),
    ("El Gobierno anunció el jueves que subirá los impuestos sobre el combustible el próximo año.", "es"),
    ("Le gouvernement a annoncé jeudi qu'il augmenterait les taxes sur le carburant.", "fr"),
])
def test_language_is_identified_with_a_confidence(text: str, code: str) -> None:
    a = language.fn(_article((text,)))
    assert a.language == code
    assert a.language_confidence is not None and 0.5 <= a.language_confidence <= 1.0


def test_too_little_text_falls_back_to_the_hint() -> None:
    a = language.fn(_article(("Ok.",), language_hint="pt-BR"))
    assert (a.language, a.language_confidence) == ("pt", None)
    b = language.fn(_article(("Ok.",), page_meta=(("html:lang", "en-GB"),)))
    assert b.language == "en"
    assert language.fn(_article(())).language is None


def test_counts_and_reading_time() -> None:
    a = counts.fn(_article(("One two three four.", "Five six seven eight nine ten, don't stop.")))
    assert a.counts is not None
    assert (a.counts.words, a.counts.paragraphs) == (12, 2)  # "don't" is one word
    assert a.counts.reading_time_seconds == 4  # 12 words at 230 a minute: 3.1 s, rounded up
    cjk = counts.fn(_article(("\u4e2d\u56fd\u5916\u4ea4\u90e8\u8868\u793a OK",)))
    assert cjk.counts is not None and cjk.counts.words == 8  # seven characters and "OK"


@pytest.mark.parametrize(("paragraphs", "fields", "flags"), [
    (("A short teaser ends in the middle of a [\u2026]",), {}, {"teaser-only", "truncated"}),
    (("The central bank held rates.", "Read more"), {}, {"teaser-only"}),
    (("The central bank held rates.",), {"flags": ("read-more-link",)}, {"read-more-link", "teaser-only"}),
    (("Full text.",), {"text_source": "feed-summary"}, {"teaser-only"}),
    (("Full text.",), {"boilerplate_lines_removed": 2}, {"boilerplate-removed"}),
    ((), {}, {"no-body"}),
    (("A complete story that ends properly.",), {}, set()),
])
def test_quality_flags(paragraphs: tuple[str, ...], fields: dict[str, object], flags: set[str]) -> None:
    assert set(counts.fn(_article(paragraphs, **fields)).flags) == flags


def test_stage_names_are_unique_and_anatomy_runs_first() -> None:
    anatomy = [s.name for s in anatomy_stages()]
    everything = [s.name for s in default_stages()]
    assert everything[: len(anatomy)] == anatomy
    assert len(set(everything)) == len(everything)
    assert anatomy[:2] == ["input-limits", "text-structure"]
    order = {name: i for i, name in enumerate(anatomy)}
    assert order["captions"] < order["dateline"] and order["credits"] < order["dedupe"]
    assert order["quotes"] > order["dateline"] and anatomy[-1] == "counts"


def test_the_compacted_identifier_scores_exactly_as_the_library_does() -> None:
    """`language._compact` only changes how the identifier's tables are held:
    every language and confidence must be the library's own, to the bit."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from service.pipeline.stages.language import _identifier
    from tests.fixtures.anatomy.stories import load_all

    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    compacted = _identifier()
    assert not isinstance(compacted.tk_output, list)  # the compaction did happen
    assert str(compacted.nb_ptc.dtype) == "float32" and str(plain.nb_ptc.dtype) == "float16"
    texts = ["The government said on Thursday that it would raise taxes on fuel next year.",
             "Die Bundesregierung hat am Donnerstag beschlossen, die Steuern zu erhöhen.",
             "Москва, 5 марта. Правительство объявило о новых мерах.",
             "東京 — 政府は木曜日、燃料税を引き上げると発表した。",
             "ok", "", "1234 5678", "ALL CAPITALS HEADLINE ABOUT THE ELECTION"]
    texts += [s.article.input_content[:2000] for s in load_all()]  # pages of every shape
    for text in texts:
        assert compacted.classify(text) == plain.classify(text), text
        assert compacted.rank(text) == plain.rank(text), text
