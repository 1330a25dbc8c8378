"""The ninjs document: every produced record validates against the extension
schema, with the IPTC ninjs 3.1 schema from ../shared registered under its $id."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from service import SCHEMA_VERSION
from service.model import Article, Caption, Dateline, Quote, RelatedLink, TimeValue
from service.pipeline.knowledge import knowledge_stages
from service.pipeline.ninjs import EXTENSION_KEY, to_ninjs
from service.pipeline.runner import Pipeline, Success
from tests.fixtures.knowledge import schema
from tests.fixtures.knowledge.stories import load_stories

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture(autouse=True)
def _needs_ninjs(shared_dir: Path) -> None:
    if not schema.NINJS_SCHEMA.is_file():
        pytest.skip(f"ninjs schema not found at {schema.NINJS_SCHEMA}")


def full_article() -> Article:
    story = load_stories()[0]
    article = replace(
        story.article(),
        url="https://news.example.com/a/1",
        published=TimeValue("15:14, February 27, 2020", datetime(2020, 2, 27, 7, 14, tzinfo=UTC),
                            "header-line"),
        byline="Reuters", authors=("Jane Doe",), agencies=("Reuters",),
        captions=(Caption("Smoke rises <b>over</b> a village.", "Ann Lee", "AFP", "ANN LEE / AFP"),),
        related_links=(RelatedLink("Earlier story", "ALSO READ"),),
        quotes=(Quote("We will stay", "Rami Abdulrahman", "head", 2),),
        dateline=Dateline("BEIRUT", "BEIRUT", agency="Reuters"),
        headings=(), flags=("duplicate-paragraph",),
    )
    outcome = Pipeline(knowledge_stages()).run(article)
    assert isinstance(outcome, Success)
    return outcome.article


def test_extension_schema_extends_ninjs_type_by_its_exact_id() -> None:
    ours = schema.load_json(schema.EXTENSION_SCHEMA)
    ninjs_id = schema.load_json(schema.NINJS_SCHEMA)["$id"]
    assert ours["allOf"][0]["$ref"] == ninjs_id.rstrip("#") + "#/$defs/ninjsType"
    version = ours["$defs"]["extension"]["properties"]["schema_version"]["const"]
    assert version == SCHEMA_VERSION


def test_every_story_record_validates() -> None:
    for story in load_stories():
        outcome = Pipeline(knowledge_stages()).run(story.article())
        assert isinstance(outcome, Success)
        doc = json.loads(json.dumps(to_ninjs(outcome.article)))
        assert schema.errors(doc) == [], story.id


def test_a_bare_article_validates() -> None:
    bare = Article(id="x y/1", url=None, source_name="s", source_timezone=None, fetched_at=None,
                   input_content="", input_type="text/html")
    doc = to_ninjs(bare)
    assert schema.errors(doc) == []
    assert doc["uri"].startswith("urn:wire-ingest:")


def test_a_full_record_validates_and_carries_ninjs_and_extension_fields() -> None:
    doc = to_ninjs(full_article())
    assert schema.errors(doc) == []
    assert ISO_UTC.match(doc["firstCreated"]) and doc["versionCreated"] == doc["firstCreated"]
    assert [b["contentType"] for b in doc["bodies"]] == ["text/plain", "text/html"]
    assert doc["by"] == "Reuters"
    assert doc["located"] == "Beirut"
    assert {"name": "Rami Abdulrahman", "rel": "mentioned", "literal": "Rami Abdulrahman"} \
        in doc["people"]
    assert any(p["uri"] == "https://sws.geonames.org/170017/" for p in doc["places"])
    assert any(s["literal"] == "medtop:16000000" and 0 <= s["relevance"] <= 100
               for s in doc["subjects"])
    photo = doc["associations"][0]
    assert (photo["by"], photo["copyrightHolder"], photo["type"]) == ("Ann Lee", "AFP", "picture")
    ext = doc[EXTENSION_KEY]
    assert ext["dateline"]["geonameid"] == 276781
    assert ext["quotes"][0]["speaker"] == "Rami Abdulrahman"
    assert ext["related_links"][0]["label"] == "ALSO READ"
    assert ext["quality"]["flags"] == ["duplicate-paragraph"]
    assert [s["name"] for s in ext["stages"]][:2] == ["organisations", "people"]
    assert len(ext["fingerprints"]["simhash"]) == 16


def test_html_body_is_escaped_and_sanitised() -> None:
    article = replace(full_article(), paragraphs=("<script>alert(1)</script> & more",))
    html_body = to_ninjs(article)["bodies"][1]["value"]
    assert "<script>" not in html_body
    assert html_body.startswith("<p>") and "&amp; more" in html_body


def test_schema_rejects_unknown_properties() -> None:
    doc = to_ninjs(full_article())
    doc[EXTENSION_KEY]["surprise"] = 1
    assert schema.errors(doc)
