"""GeoWebNews scorer: how well the pipeline finds and resolves the places of
real news articles nobody on the project wrote.

    python bench/bench_geowebnews.py [--half develop|test|both] [--errors N] [--json] [--reach]

Reads ../shared/corpora/geowebnews/GWN.xml at run time (GPL-3.0: never copied
into the repository). Each article's text is laid out as the body of an
Article (its blank-line paragraphs, so the gold offsets index `body_text`) and
run through the pipeline's knowledge stages up to `places`, as a worker would.

What counts (following Gritta et al. 2019, "A Pragmatic Guide to Geoparsing
Evaluation"): a gold toponym is scored when its type is one of COUNTED_TYPES
and it carries a GeoNames id: literal places, metonymic uses ("Russia said"),
mixed and coerced readings, literal places embedded in a longer name, and
place names used as modifiers, nouns or adjectives ("Russian", "U.S.
sanctions"). Not scored: toponyms embedded in an organisation's name
("Washington Post", "European Union"), where the pipeline reports the
organisation and not its fragment; demonyms naming people ("Mexicans");
languages; homonyms ("Iceland" the shop); non-toponyms and the corpus's
locational expressions ("the city", "residents").

Metrics, end to end:
* detection recall: gold toponyms overlapped by a predicted place mention;
* detection precision: predicted mentions that overlap a gold toponym of a
  counted type (mentions overlapping a not-scored toponym type such as an
  embedded organisation name or a demonym are neither right nor wrong;
  anything else is a false positive);
* exact: gold toponyms found and resolved to the gold GeoNames id;
* within 161 km: gold toponyms found and resolved to a record whose
  coordinates are within 161 km (100 miles) of the gold coordinates.
Every rate is over all scored gold toponyms, so a toponym not found counts
against exact and 161 km too.

Articles 0-149 are the develop half, 150-199 the held-out test half: tune on
the first only. The test-half figures are recorded in
bench/geowebnews_figures.json; tests/unit/pipeline/geo/test_geowebnews_score.py
fails when they drop by more than 0.02.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.model import Article, Place  # noqa: E402
from service.pipeline.knowledge import knowledge_stages  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpora" / "geowebnews" / "GWN.xml"
FIGURES = REPO / "bench" / "geowebnews_figures.json"
HALVES = {"develop": range(0, 150), "test": range(150, 200)}
COUNTED_TYPES = frozenset({"Literal", "Mixed", "Coercion", "Embedded_Literal", "Metonymic",
                           "Literal_Modifier", "Non_Literal_Modifier"})
NEUTRAL_TYPES = frozenset({"Embedded_Non_Lit", "Demonym"})
WITHIN_KM = 161.0


@dataclass(frozen=True, slots=True)
class Toponym:
    name: str
    start: int
    end: int
    kind: str
    geonameid: int | None
    latitude: float | None
    longitude: float | None

    @property
    def scored(self) -> bool:
        return self.kind in COUNTED_TYPES and self.geonameid is not None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    number: int  # position in the file, 0-199 (the file's own `file` numbers have gaps)
    text: str
    toponyms: tuple[Toponym, ...]


@dataclass(slots=True)
class Score:
    gold: int = 0
    found: int = 0
    exact: int = 0
    within: int = 0
    predicted: int = 0
    predicted_right: int = 0
    predicted_neutral: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("gold", "found", "exact", "within", "predicted", "predicted_right",
                     "predicted_neutral"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def figures(self) -> dict[str, float | int]:
        judged = self.predicted - self.predicted_neutral
        return {
            "gold_toponyms": self.gold,
            "detection_precision": round(self.predicted_right / judged, 3) if judged else 0.0,
            "detection_recall": round(self.found / self.gold, 3) if self.gold else 0.0,
            "exact_id": round(self.exact / self.gold, 3) if self.gold else 0.0,
            "within_161km": round(self.within / self.gold, 3) if self.gold else 0.0,
        }


def load_corpus(path: Path = CORPUS) -> list[GoldArticle]:
    root = ET.parse(path).getroot()
    out: list[GoldArticle] = []
    for node in root.iter("article"):
        text = node.findtext("text") or ""
        toponyms = []
        for t in node.find("toponyms") or ():
            name = t.findtext("extractedName") or ""
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            if text[start:end] != name:  # a few offsets are off by some characters
                near = text.find(name, max(0, start - 20))
                if near < 0:
                    continue
                start, end = near, near + len(name)
            gid = (t.findtext("geonamesID") or "").strip()
            lat, lon = (t.findtext("latitude") or "").strip(), (t.findtext("longitude") or "").strip()
            toponyms.append(Toponym(name, start, end, t.findtext("type") or "",
                                    int(gid) if gid.isdigit() else None,
                                    float(lat) if lat else None, float(lon) if lon else None))
        out.append(GoldArticle(len(out), text, tuple(toponyms)))
    return out


def predict(text: str) -> tuple[Place, ...]:
    """The places the pipeline's knowledge stages find in `text` (stages up
    to and including `places`: it reads the people and organisations)."""
    article = Article(id="gwn", url=None, source_name="GeoWebNews", source_timezone="UTC",
                      fetched_at=datetime(2019, 1, 1, tzinfo=UTC), input_content=text,
                      input_type="text/plain")
    article = replace(article, paragraphs=tuple(text.split("\n\n")))
    for stage in knowledge_stages():
        article = stage.fn(article)
        if stage.name == "places":
            break
    return article.places


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def score_article(gold: GoldArticle, places: tuple[Place, ...]) -> Score:
    s = Score()
    mentions = [(m.start, m.end, m.text, p) for p in places for m in p.mentions]
    for start, end, text, place in mentions:
        s.predicted += 1
        hits = [t for t in gold.toponyms if t.start < end and start < t.end]
        if any(t.kind in COUNTED_TYPES for t in hits):
            s.predicted_right += 1
        elif any(t.kind in NEUTRAL_TYPES for t in hits):
            s.predicted_neutral += 1
        else:
            kinds = ",".join(sorted({t.kind for t in hits})) or "-"
            s.errors.append(f"{gold.number} FP {text!r} -> {place.name} {place.geonameid} [{kinds}]")
    for t in gold.toponyms:
        if not t.scored:
            continue
        s.gold += 1
        found = [(m_start, p) for m_start, m_end, _, p in mentions if m_start < t.end and t.start < m_end]
        if not found:
            s.errors.append(f"{gold.number} FN {t.name!r} ({t.kind}, {t.geonameid})")
            continue
        s.found += 1
        place = min(found, key=lambda f: abs(f[0] - t.start))[1]
        if place.geonameid == t.geonameid:
            s.exact += 1
        else:
            s.errors.append(f"{gold.number} WRONG {t.name!r} -> {place.name} {place.geonameid} "
                            f"{place.country_code} (gold {t.geonameid}, {t.kind})")
        if (place.latitude is not None and place.longitude is not None and t.latitude is not None
                and t.longitude is not None
                and _km(place.latitude, place.longitude, t.latitude, t.longitude) <= WITHIN_KM):
            s.within += 1
        elif place.geonameid == t.geonameid:
            s.within += 1  # the right record without coordinates is still within reach
    return s


def score_half(articles: list[GoldArticle], half: str) -> Score:
    total = Score()
    for gold in articles:
        if gold.number in HALVES[half]:
            total.add(score_article(gold, predict(gold.text)))
    return total


def reach(articles: list[GoldArticle], half: str) -> tuple[int, int]:
    """(scored gold toponyms, those whose GeoNames id the gazetteer holds at
    all): the ceiling of exact-id accuracy for any resolver on this data."""
    import sqlite3

    from service.pipeline.geo import local_index
    from service.pipeline.geo.gazetteer import gazetteer

    known = set(gazetteer().records)
    path = local_index.ensure_built()
    if path is not None:
        with sqlite3.connect(path) as db:
            known |= {gid for (gid,) in db.execute("SELECT gid FROM records")}
    scored = [t for a in articles if a.number in HALVES[half] for t in a.toponyms if t.scored]
    return len(scored), sum(t.geonameid in known for t in scored)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=["develop", "test", "both"], default="both")
    parser.add_argument("--errors", type=int, default=0,
                        help="print the N most frequent develop-half error lines")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--reach", action="store_true",
                        help="print how many gold ids the gazetteer holds at all, per half")
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} not found (GeoWebNews lives in ../shared)")
        return 0
    articles = load_corpus()
    halves = ["develop", "test"] if args.half == "both" else [args.half]
    if args.reach:
        for half in halves:
            total, held = reach(articles, half)
            print(f"{half:8} {held}/{total} gold ids in the gazetteer: ceiling {held / total:.3f}")
        return 0
    results = {}
    for half in halves:
        result = score_half(articles, half)
        results[half] = result.figures()
        if args.errors and half == "develop":
            for line, n in Counter(e.split(" ", 1)[1] for e in result.errors).most_common(args.errors):
                print(f"{n:3d} {line}")
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    recorded = json.loads(FIGURES.read_text()) if FIGURES.is_file() else {}
    print("GeoWebNews, end to end (gold toponyms with a GeoNames id, counted types)")
    print(f"{'half':8} {'gold':>5} {'prec':>6} {'recall':>6} {'exact':>6} {'161km':>6}")
    for half, f in results.items():
        print(f"{half:8} {f['gold_toponyms']:5d} {f['detection_precision']:6.3f} "
              f"{f['detection_recall']:6.3f} {f['exact_id']:6.3f} {f['within_161km']:6.3f}")
    if "test" in results and recorded:
        ratio = results["test"]["exact_id"] / recorded["exact_id"] if recorded["exact_id"] else 0
        print(f"test-half exact id vs recorded {recorded['exact_id']:.3f}: ratio {ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
