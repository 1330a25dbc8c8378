"""The pipeline's last stage: what leaves the service is safe to render.

The rules live in `service.security.sanitise` (HTML policy, URL schemes,
control characters); this stage only applies them to the finished Article,
so the security package never depends on the pipeline."""

from __future__ import annotations

from service.model import Article
from service.pipeline.runner import stage
from service.security.sanitise import safe_article


@stage("output-safety", "1")
def output_safety(a: Article) -> Article:
    """Every text field of `a` free of control characters (offsets kept) and
    every URL field http(s) or None; media items with unsafe URLs dropped."""
    return safe_article(a)
