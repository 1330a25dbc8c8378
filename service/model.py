"""Frozen records that flow through wire-ingest.

    feed entry --(feeds/normalise)--> RawArticle --(wire.raw)--> worker
    RawArticle --(pipeline/article_from_raw)--> Article --stages--> Article
    Article --(pipeline/ninjs.to_ninjs)--> enriched document --(wire.enriched)-->

`RawArticle` is the contract of the raw topic; `Article` is the pipeline's
working record. Every pipeline stage takes an `Article` and returns a new one
(`service.copies.replace`: what `dataclasses.replace` does, faster), so
stages stay pure and can be tested alone.
All datetimes are timezone-aware UTC; naive datetimes are a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

RAW_RECORD_VERSION = 1

TextSource = Literal["feed-content", "feed-summary", "page-extract", "file"]


# --------------------------------------------------------------------------- raw


@dataclass(frozen=True, slots=True)
class FeedRef:
    """Which configured feed an entry came from."""

    id: str
    name: str
    url: str
    timezone: str | None = None
    publisher: str | None = None  # feeds of one publisher share an id namespace


@dataclass(frozen=True, slots=True)
class MediaItem:
    url: str
    type: str | None = None
    medium: str | None = None
    title: str | None = None
    caption: str | None = None
    credit: str | None = None
    width: int | None = None
    height: int | None = None


IdentityPolicy = Literal["guid", "link", "title+date", "content"]


@dataclass(frozen=True, slots=True)
class VersionChange:
    """What changed since the version the poller published before (version >= 2).

    Paragraphs are compared by their comparison key, so a reworded paragraph
    counts as one removed and one added; wire notices (correction lines,
    slugs...) are not counted as body paragraphs."""

    previous_version: int
    headline_changed: bool
    paragraphs_added: int
    paragraphs_removed: int
    matched_by: str = "guid"  # which identity key tied this entry to the earlier story


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One feed entry (or article page) as the poller publishes it to the raw topic.

    `id` is stable across polls: the entry GUID when the feed marks it permanent,
    else the canonical URL. `content_hash` changes when the entry's content
    changes; together with `version` it lets subscribers see edits.
    """

    id: str
    feed: FeedRef
    url: str | None
    title: str | None
    fetched_at: datetime
    published_original: str | None = None
    updated_original: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    authors: tuple[str, ...] = ()
    summary: str | None = None
    content: str | None = None
    content_type: str = "text/html"
    text_source: TextSource = "feed-content"
    media: tuple[MediaItem, ...] = ()
    categories: tuple[str, ...] = ()
    language_hint: str | None = None
    content_hash: str = ""
    version: int = 1
    record_version: int = RAW_RECORD_VERSION
    # lifecycle (service/feeds/identity.py): which identity rule keyed the story,
    # the entry's own id when the story kept an earlier one, what changed
    identity: IdentityPolicy = "guid"
    entry_id: str | None = None
    changes: VersionChange | None = None


# ----------------------------------------------------------------------- article


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A point in time as found in the source, and what we made of it."""

    original: str
    utc: datetime | None
    source: str  # "feed", "page-meta", "header-line", ...
    flags: tuple[str, ...] = ()  # e.g. "future", "before-published", "naive-localised"


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str  # as printed, e.g. "AMMAN" or "WASHINGTON, Feb 27"
    place: str  # the place part, e.g. "AMMAN"
    date_text: str | None = None
    agency: str | None = None
    region: str | None = None  # the qualifier after the place, e.g. "Jordan" in "AMMAN, Jordan"
    geonameid: int | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Caption:
    text: str
    photographer: str | None = None
    agency: str | None = None
    credit: str | None = None  # the credit as printed
    image_url: str | None = None


@dataclass(frozen=True, slots=True)
class RelatedLink:
    title: str
    label: str  # the prompt that introduced it, e.g. "ALSO READ"
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Contributor:
    name: str
    role: str  # "reporting", "writing", "editing", "additional reporting", ...


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str | None
    role: str | None = None
    paragraph: int | None = None  # index into Article.paragraphs
    speaker_mention: str | None = None  # the name as printed where attributed


@dataclass(frozen=True, slots=True)
class ReportedSpeech:
    """Indirect speech: `Erdogan said Turkey would not withdraw` (no quote
    marks), attributed to a person of the story by canonical name."""

    speaker: str  # canonical name, as in Article.people
    text: str  # the reported clause as printed
    start: int  # character offsets of the whole attribution sentence in body_text
    end: int
    speaker_mention: str | None = None  # the name as printed ("Erdogan")
    verb: str | None = None  # "said", "told", "warned", ...


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A date written relative to the story (`on Thursday`, `since December`,
    `an end-February deadline`), resolved against its publication date."""

    text: str  # as printed
    start: int  # character offsets into body_text
    end: int
    resolved: str  # ISO 8601 at its granularity: "2020-02-27", "2019-12", "2020"
    granularity: Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted amount of something: `nearly a million Syrians`, `about 60
    towns and villages`, `thousands of troops`."""

    text: str  # as printed
    start: int  # character offsets into body_text
    end: int
    value: float | None  # best numeric reading (1_000_000, 60, 1000 for "thousands")
    approximate: bool  # hedged ("about", "nearly") or vague ("thousands of")
    unit: str | None  # what is counted, as printed ("Syrians", "towns and villages")


SignalKind = Literal["flash", "urgent", "bulletin", "correction", "update", "kill", "withhold",
                     "embargo", "slug", "repeat"]
PubStatus = Literal["usable", "withheld", "canceled"]


@dataclass(frozen=True, slots=True)
class WireSignal:
    """An editorial marker the agency put in the copy (`FLASH`, `(Corrects
    ...)`, `EMBARGOED UNTIL ...`), as printed; service/pipeline/stages/signals.py."""

    kind: SignalKind
    text: str
    where: Literal["headline", "body"] = "body"


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    start: int  # character offset into Article.body_text
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A person or organisation, with its canonical name and every mention."""

    name: str
    kind: Literal["person", "organisation"]
    mentions: tuple[Mention, ...] = ()
    roles: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.mentions)


@dataclass(frozen=True, slots=True)
class Place:
    """A place resolved to a GeoNames record."""

    geonameid: int
    name: str
    country_code: str | None
    feature_class: str | None  # GeoNames class: P (populated), A (admin), L, H, T ...
    feature_code: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class CountryWeight:
    code: str  # ISO 3166-1 alpha-2
    name: str
    weight: float
    geonameid: int | None = None


@dataclass(frozen=True, slots=True)
class Topic:
    code: str  # e.g. "medtop:16000000"
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class Fingerprints:
    content_sha256: str
    simhash: str  # 64-bit, hex
    minhash: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class StageRun:
    name: str
    version: str
    seconds: float


@dataclass(frozen=True, slots=True)
class Counts:
    words: int
    paragraphs: int
    reading_time_seconds: int


@dataclass(frozen=True, slots=True)
class Article:
    """The pipeline's working record. Stages fill fields in; none are required
    except the identity and the input."""

    id: str
    url: str | None
    source_name: str
    source_timezone: str | None
    fetched_at: datetime | None
    # input, as given to the pipeline
    input_content: str
    input_type: Literal["text/html", "text/plain"]
    text_source: TextSource = "feed-content"
    feed_title: str | None = None
    feed_published: str | None = None
    feed_updated: str | None = None
    feed_authors: tuple[str, ...] = ()
    feed_media: tuple[MediaItem, ...] = ()
    feed_categories: tuple[str, ...] = ()
    language_hint: str | None = None
    raw_version: int = 1
    # found by the text-structure stage for later anatomy stages: page metadata
    # as (key, value) pairs ("og:title", "article:published_time", "h1", ...)
    # and the body's links as (anchor text, href)
    page_meta: tuple[tuple[str, str], ...] = ()
    input_links: tuple[tuple[str, str], ...] = ()
    # anatomy
    headline: str | None = None
    # the page's standfirst (deck, subhead, teaser) printed between headline
    # and story: not wire copy, so not in the body (ninjs: a `sub` headline)
    standfirst: str | None = None
    paragraphs: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    published: TimeValue | None = None
    updated: TimeValue | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    dateline: Dateline | None = None
    captions: tuple[Caption, ...] = ()
    related_links: tuple[RelatedLink, ...] = ()
    contributors: tuple[Contributor, ...] = ()
    # correction, clarification and editor's notes printed with the story, as
    # printed; they leave the body (the lifecycle stage maps them to ninjs edNote)
    notes: tuple[str, ...] = ()
    duplicate_paragraphs_removed: int = 0
    boilerplate_lines_removed: int = 0
    quotes: tuple[Quote, ...] = ()
    language: str | None = None
    language_confidence: float | None = None
    counts: Counts | None = None
    flags: tuple[str, ...] = ()
    # knowledge
    people: tuple[Entity, ...] = ()
    organisations: tuple[Entity, ...] = ()
    places: tuple[Place, ...] = ()
    countries: tuple[CountryWeight, ...] = ()
    primary_country: str | None = None
    topics: tuple[Topic, ...] = ()
    keyphrases: tuple[str, ...] = ()
    summary: str | None = None
    tone: float | None = None
    reported_speech: tuple[ReportedSpeech, ...] = ()
    time_expressions: tuple[TimeExpression, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    fingerprints: Fingerprints | None = None
    # lifecycle: wire signals (stages/signals.py) and versions (from the raw record)
    signals: tuple[WireSignal, ...] = ()
    pub_status: PubStatus = "usable"
    urgency: int | None = None
    embargoed_until: TimeValue | None = None
    ed_note: str | None = None
    slugline: str | None = None
    correction: bool = False
    identity: IdentityPolicy = "guid"
    entry_id: str | None = None
    changes: VersionChange | None = None
    # provenance
    stages: tuple[StageRun, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def body_text(self) -> str:
        """The cleaned body: paragraphs joined by blank lines. Entity offsets
        index into this string."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """Why a raw record could not be enriched; travels as Kafka headers next to
    the untouched original bytes."""

    stage: str
    error_class: str
    message: str
    topic: str
    partition: int
    offset: int
    failed_at: datetime
