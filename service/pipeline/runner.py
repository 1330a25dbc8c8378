"""Compose named, versioned stages into a pipeline and run it.

A stage is a pure function `Article -> Article`. The runner times each stage,
records its name and version on the article, and turns any exception into a
`Failure` value carrying the stage name: failures are values at this boundary,
and the transport decides what to do with them (dead-letter).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from service.copies import replace
from service.errors import PoisonError, StageFailure
from service.model import Article, StageRun

StageFn = Callable[[Article], Article]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    version: str
    fn: StageFn


def stage(name: str, version: str) -> Callable[[StageFn], Stage]:
    """Decorator: `@stage("dateline", "1")` turns a function into a Stage."""

    def wrap(fn: StageFn) -> Stage:
        return Stage(name=name, version=version, fn=fn)

    return wrap


@dataclass(frozen=True, slots=True)
class Success:
    article: Article


@dataclass(frozen=True, slots=True)
class Failure:
    stage: str
    error: PoisonError

    @property
    def error_class(self) -> str:
        cause = getattr(self.error, "cause", None)
        return type(cause if cause is not None else self.error).__name__


Outcome = Success | Failure


@dataclass(frozen=True, slots=True)
class Pipeline:
    stages: Sequence[Stage]

    def run(self, article: Article, timer: Callable[[], float] = time.perf_counter) -> Outcome:
        runs: list[StageRun] = list(article.stages)
        for st in self.stages:
            started = timer()
            try:
                article = st.fn(article)
            except PoisonError as exc:
                return Failure(stage=st.name, error=exc)
            except Exception as exc:  # a stage bug on this input is poison, not a crash
                return Failure(stage=st.name, error=StageFailure(st.name, exc))
            runs.append(StageRun(st.name, st.version, timer() - started))
        return Success(replace(article, stages=tuple(runs)))

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]
