"""The stateless worker: raw topic -> enrichment pipeline -> enriched topic."""
