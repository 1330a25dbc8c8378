"""Turn what arrives (a raw record, a local file) into the pipeline's Article."""

from __future__ import annotations

from service.model import Article, RawArticle


def article_from_raw(raw: RawArticle) -> Article:
    body = raw.content or raw.summary or ""
    return Article(
        id=raw.id,
        url=raw.url,
        source_name=raw.feed.name,
        source_timezone=raw.feed.timezone,
        fetched_at=raw.fetched_at,
        input_content=body,
        input_type="text/plain" if raw.content_type == "text/plain" else "text/html",
        text_source=raw.text_source,
        feed_title=raw.title,
        feed_published=raw.published_original,
        feed_updated=raw.updated_original,
        feed_authors=raw.authors,
        feed_media=raw.media,
        feed_categories=raw.categories,
        language_hint=raw.language_hint,
        raw_version=raw.version,
    )
