"""Enrichment stages. The anatomy stages (structure, times, headline, signals, byline,
captions, cross-promotion, credits, dedupe, dateline, agencies, quotes,
language, counts) turn raw input into a clean, structured article; see
docs/enrichment-anatomy.md. Their order lives in `service.pipeline.registry`."""
