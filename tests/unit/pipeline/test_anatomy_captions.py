"""Photo captions and credits."""

from __future__ import annotations

import pytest

from service.model import Article, Caption, MediaItem
from service.pipeline.stages.captions import captions
from service.pipeline.stages.photo_credit import parse_photo_credit, split_credit


@pytest.mark.parametrize(("paragraph", "text", "photographer", "agency"), [
    ("Fishing boats return to the harbour at dawn on May 2, 2024. (LEILA MANSOUR / AFP)",
     "Fishing boats return to the harbour at dawn on May 2, 2024.", "Leila Mansour", "AFP"),
    ("Protesters march in Paris. Photo: Jane Doe/Reuters", "Protesters march in Paris.", "Jane Doe", "Reuters"),
    ("Protesters march in Paris, France, February 26, 2020. REUTERS/Jane Doe",
     "Protesters march in Paris, France, February 26, 2020.", "Jane Doe", "Reuters"),
    ("A mural in Kyiv. (AP Photo/Efrem Novak, File)", "A mural in Kyiv.", "Efrem Novak", "AP"),
    ("Rescuers search rubble. Jane Doe/AFP via Getty Images", "Rescuers search rubble.", "Jane Doe", "AFP"),
    ("Firefighters in Valencia. EPA-EFE/MANUEL BRUQUE", "Firefighters in Valencia.", "Manuel Bruque", "EPA"),
    ("Rescuers in Hatay. (Xinhua/Li Ming)", "Rescuers in Hatay.", "Li Ming", "Xinhua"),
    ("The summit opened in Jakarta. Photo: AFP", "The summit opened in Jakarta.", None, "AFP"),
    ("Officials met in Ankara (Photo by Jane Doe / Anadolu Agency)", "Officials met in Ankara", "Jane Doe", "Anadolu"),
    ("Police stand guard outside. Picture: Handout", "Police stand guard outside.", None, "Handout"),
    ("Workers at the plant. (JANE DOE / THE CITY POST)", "Workers at the plant.", "Jane Doe", "THE CITY POST"),
    ("Guards outside the court in Nairobi [File: Jane Doe/Reuters]", "Guards outside the court in Nairobi",
     "Jane Doe", "Reuters"),
    ("Brokers react in Mumbai. (Reuters file)", "Brokers react in Mumbai.", None, "Reuters"),
])
def test_caption_credit_forms(paragraph: str, text: str, photographer: str | None, agency: str | None) -> None:
    split = split_credit(paragraph)
    assert split is not None and split[0] == text
    credit = parse_photo_credit(split[1])
    assert (credit.photographer, credit.agency) == (photographer, agency)


@pytest.mark.parametrize("paragraph", [
    "The minister said the plan would go ahead (Reuters).",
    "Prices rose 5% (year/year) in March.",
    "Kim spoke in Seoul (Yonhap).",
    "He said the talks were over (in 2020) and left.",
    "The ratio rose to 3/4 of the total.",
])
def test_body_sentences_are_not_captions(paragraph: str) -> None:
    assert split_credit(paragraph) is None


def _article(paragraphs: tuple[str, ...], **fields: object) -> Article:
    return Article(id="t", url=None, source_name="s", source_timezone=None, fetched_at=None,
                   input_content="x", input_type="text/plain", paragraphs=paragraphs,
                   **fields)  # type: ignore[arg-type]


def test_stage_moves_captions_out_of_the_body_and_merges_sources() -> None:
    a = captions.fn(_article(
        ("Body one.", "Tanks roll into the square at dawn. (JANE DOE / AFP)", "Body two.",
         "Tanks roll into the square at dawn. (JANE DOE / AFP)"),
        captions=(Caption(text="Markup caption here. Photo: John Roe/Reuters"),
                  Caption(text="Credit marked up apart.", credit="Ann Poe / dpa")),
        feed_media=(MediaItem(url="https://img.example/1.jpg", caption="A feed image caption",
                              credit="Getty Images"),)))
    assert a.paragraphs == ("Body one.", "Body two.")
    assert [(c.text, c.photographer, c.agency) for c in a.captions] == [
        ("Markup caption here.", "John Roe", "Reuters"),
        ("Credit marked up apart.", "Ann Poe", "dpa"),
        ("A feed image caption", None, "Getty Images"),
        ("Tanks roll into the square at dawn.", "Jane Doe", "AFP"),
    ]


def test_a_credit_on_its_own_line_joins_the_caption_before_it() -> None:
    a = captions.fn(_article(("Body.", "Photo: Jane Doe/Reuters"),
                             captions=(Caption(text="Boats in the harbour."),)))
    assert a.paragraphs == ("Body.",)
    assert (a.captions[0].photographer, a.captions[0].agency) == ("Jane Doe", "Reuters")


def test_long_paragraphs_are_never_captions() -> None:
    long = "The committee met. " * 60 + "(JANE DOE / AFP)"
    assert captions.fn(_article((long,))).paragraphs == (long,)
