"""The language stage: ISO 639-1 code with a confidence, identified offline.

py3langid (a maintained fork of langid.py, its model shipped in the wheel)
classifies the headline and the start of the body with probabilities
normalised to 0..1. When the text is too short or the identification too
unsure (below `MIN_CONFIDENCE`), the feed's language hint wins, if it has one.
"""

from __future__ import annotations

from array import array
from functools import cache
from typing import Any

from service.copies import replace
from service.model import Article
from service.pipeline.runner import stage
from service.pipeline.stages.limits import LANGUAGE_SAMPLE_CHARS

MIN_CONFIDENCE = 0.5
MIN_SAMPLE_CHARS = 20  # below this, nothing is identified


@cache
def _identifier() -> Any:
    """The identifier, loaded once per process (about half a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _compact(identifier)


def _compact(identifier: Any) -> Any:
    """The same identifier, its tables held in forms that cost less per text:

    * It walks its byte automaton with, per input byte, a look-up in each of
      two lists of 100,000 Python ints (row offset and feature of a state). As
      lists they are pointers to int objects spread over some 6 MB, which the
      other stages push out of the CPU caches between two articles; as arrays
      of machine ints (0.8 MB) the same look-ups give the same ints.
    * Its feature weights are float16; scoring multiplies the rows of the
      features found by float32 counts, and numpy converted those rows to
      float32 on every text. Held as float32 once (28 MB more resident), the
      product is the very same float32 computation without the conversion.

    Every score is bit-for-bit the library's own (tests compare them with an
    unmodified identifier); the stage costs about a quarter less."""
    if isinstance(getattr(identifier, "_rowbase", None), list) \
            and isinstance(getattr(identifier, "tk_output", None), list):
        identifier._rowbase = array("I", identifier._rowbase)
        identifier.tk_output = array("i", identifier.tk_output)
    weights: Any = getattr(identifier, "nb_ptc", None)
    if str(getattr(weights, "dtype", "")) == "float16":  # the library's numpy array
        identifier.nb_ptc = weights.astype("float32", order="C")
        full = getattr(identifier, "_full_model", None)
        if isinstance(full, tuple) and full and full[0] is weights:  # drop the float16 copy
            identifier._full_model = (identifier.nb_ptc, *full[1:])
    return identifier


def identify(text: str) -> tuple[str, float]:
    language, confidence = _identifier().classify(text[:LANGUAGE_SAMPLE_CHARS])
    return str(language), float(confidence)


def _hint(a: Article) -> str | None:
    meta = dict(a.page_meta)
    raw = a.language_hint or meta.get("html:lang") or meta.get("locale")
    if not raw:
        return None
    primary = raw.replace("_", "-").split("-")[0].strip().lower()
    return primary or None


@stage("language", "1")
def language(a: Article) -> Article:
    sample = "\n".join(filter(None, (a.headline, a.body_text[:LANGUAGE_SAMPLE_CHARS])))
    hint = _hint(a)
    if len(sample.strip()) < MIN_SAMPLE_CHARS:
        return replace(a, language=hint, language_confidence=None)
    detected, confidence = identify(sample)
    if confidence < MIN_CONFIDENCE and hint:
        return replace(a, language=hint, language_confidence=None)
    return replace(a, language=detected, language_confidence=round(confidence, 4))
