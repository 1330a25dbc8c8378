"""service.copies.replace does what dataclasses.replace does, for every kind
of dataclass: the fast slot copy where it is equivalent, the library
otherwise."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from service.copies import replace
from service.model import Article, Mention, Quote


def _article() -> Article:
    return Article(id="a1", url="https://example.test/a1", source_name="s", source_timezone="UTC",
                   fetched_at=datetime(2024, 1, 1, tzinfo=UTC), input_content="Body.",
                   input_type="text/plain", paragraphs=("One.", "Two."),
                   quotes=(Quote("We go on.", "Ann Lee"),), extra={"k": 1})


def test_a_copy_has_the_changes_and_every_other_field_of_the_original() -> None:
    a = _article()
    ours = replace(a, headline="H", tone=-0.25)
    theirs = dataclasses.replace(a, headline="H", tone=-0.25)
    assert type(ours) is Article and ours is not a and ours == theirs
    for f in dataclasses.fields(Article):
        assert getattr(ours, f.name) is getattr(theirs, f.name), f.name
    assert a.headline is None and a.tone is None  # the original is untouched


def test_a_copy_is_still_frozen() -> None:
    copy = replace(_article(), tone=0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        copy.tone = 1.0  # type: ignore[misc]


def test_an_unknown_field_is_a_type_error_as_with_dataclasses() -> None:
    with pytest.raises(TypeError, match="nosuch"):
        replace(_article(), nosuch=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="nosuch"):
        replace(Mention("x", 0, 1), nosuch=1)  # type: ignore[call-arg]


def test_not_a_dataclass_instance_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        replace(object())  # type: ignore[type-var]
    with pytest.raises(TypeError):
        replace(Article)  # type: ignore[type-var]


@dataclasses.dataclass(frozen=True)
class _Checked:
    """Not slotted, with a __post_init__ that must run on every copy."""

    value: int
    doubled: int = dataclasses.field(init=False, default=0)

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")
        object.__setattr__(self, "doubled", 2 * self.value)


def test_a_class_with_post_init_or_init_false_fields_gets_dataclasses_replace() -> None:
    assert replace(_Checked(2), value=5).doubled == 10
    with pytest.raises(ValueError, match="negative"):
        replace(_Checked(2), value=-1)
    with pytest.raises(ValueError):
        replace(_Checked(2), doubled=3)  # type: ignore[call-arg]
