"""Places: where a story happens, as GeoNames records.

One public function, `locate`: the places named in a body of text (spans
claimed by people and organisations excluded) and the record of its dateline.
The pipeline stages `places` and `countries` (in `places.py`, `countries.py`)
wrap it; `gazetteer.py` holds the GeoNames data. See docs/enrichment-knowledge.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.model import Place
    from service.pipeline.geo.gazetteer import GeoRecord


def locate(body: str, claimed: list[tuple[int, int]] | None = None,
           dateline_place: str | None = None,
           dateline_region: str | None = None) -> tuple[tuple[Place, ...], GeoRecord | None]:
    """The places of `body`, most mentioned first, and the dateline's record."""
    from service.pipeline.geo.places import find_places

    return find_places(body, claimed or [], dateline_place, dateline_region)


__all__ = ["locate"]
