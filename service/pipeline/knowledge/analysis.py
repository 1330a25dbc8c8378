"""The segments of one body, computed once and shared by the people,
organisation and place stages (they run one after the other on the same text)."""

from __future__ import annotations

from functools import lru_cache

from service.pipeline.knowledge.runs import find_runs
from service.pipeline.knowledge.segments import Segment, classify
from service.pipeline.knowledge.text import tokenize


@lru_cache(maxsize=16)
def segments(body: str) -> tuple[Segment, ...]:
    """Every typed segment of `body`, in order of appearance."""
    out: list[Segment] = []
    for run in find_runs(tokenize(body)):
        out.extend(classify(run))
    return tuple(out)


def surname_key(text: str) -> str:
    """`al-Assad` and `Assad` share the key `assad`."""
    from service.pipeline.knowledge.text import fold

    last = fold(text.split()[-1]) if text.split() else ""
    for prefix in ("al-", "el-", "bin-", "ibn-", "abu-"):
        if last.startswith(prefix):
            return last[len(prefix):]
    return last
