"""Moved to service.pipeline.geo.gazetteer; kept so older imports still work."""

from service.pipeline.geo.gazetteer import Candidate, Gazetteer, GeoRecord, gazetteer

__all__ = ["Candidate", "Gazetteer", "GeoRecord", "gazetteer"]
