"""Small text helpers of the anatomy stages."""

from __future__ import annotations

import pytest

from service.pipeline.stages.textnorm import has_digit


@pytest.mark.parametrize("text", [
    "", "no digits here", "Feb 27", "2020", "x9", "café", "area 5²", "m²", "١٢ مارس",
    "Ⅻ", "①", "١", "\u00b9", "Zürich, Schweiz", "९ बजे",
])
def test_has_digit_is_any_character_isdigit(text: str) -> None:
    assert has_digit(text) == any(c.isdigit() for c in text)


def test_has_digit_finds_digits_of_every_script() -> None:
    assert has_digit("March ٣") and has_digit("²") and not has_digit("Straße")
