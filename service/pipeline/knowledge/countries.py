"""Moved to service.pipeline.geo.countries; kept so older imports still work."""

from service.pipeline.geo.countries import countries, weigh_countries

__all__ = ["countries", "weigh_countries"]
