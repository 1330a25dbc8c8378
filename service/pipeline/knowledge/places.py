"""Moved to service.pipeline.geo.places; kept so older imports still work."""

from service.pipeline.geo.places import find_places, places, resolve_dateline

__all__ = ["find_places", "places", "resolve_dateline"]
