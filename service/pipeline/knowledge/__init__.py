"""The knowledge half of enrichment: who, what organisation, where, about
what, in what tone, and fingerprints. Runs after the anatomy stages, reading
`Article.paragraphs` (offsets index `Article.body_text`), `dateline`,
`captions` and `authors`. See docs/enrichment-knowledge.md."""

from __future__ import annotations

from service.pipeline.runner import Stage


def knowledge_stages() -> list[Stage]:
    """The knowledge stages in the order they must run (places read people and
    organisations to skip their spans; countries read places; reported speech
    reads people)."""
    from service.pipeline.entities import organisations, people, reported_speech
    from service.pipeline.geo import countries, places
    from service.pipeline.knowledge import (
        fingerprints,
        keyphrases,
        quantities,
        summary,
        timex,
        tone,
        topics,
    )

    return [
        organisations.organisations,
        people.people,
        places.places,
        countries.countries,
        topics.topics,
        keyphrases.keyphrases,
        summary.summary,
        tone.tone,
        timex.time_expressions,
        quantities.quantities,
        reported_speech.reported_speech,
        fingerprints.fingerprints,
    ]
