"""Extraction on every core: chunks of the input stream go to worker processes, results come back in
input order, and the caller (``extract``'s writer, ``ingest``'s single store writer) sees the same
stream one process would give.

Each worker loads the pipeline, the gazetteer and the models once (spawned, so no state or thread
is inherited from the parent) and runs ``pipeline.extract_articles`` over one chunk at a time. At
most two chunks per worker are in flight, so memory stays bounded whatever the input's size. A worker
that dies (killed, out of memory) breaks the pool: the chunks it may have held are retried once,
article by article in a fresh pool, so the one article that kills a worker again is reported as a
``Problem`` and every other article is still extracted, once."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from itertools import islice
from typing import TYPE_CHECKING, TypeAlias

from armstrail import messages
from armstrail.analyse.nlp import MODEL_REQUIREMENT, model_installed
from armstrail.errors import ArmstrailError, ModelMissingError
from armstrail.model import Article, Problem
from armstrail.settings import Settings

if TYPE_CHECKING:
    from armstrail.pipeline import Extraction

Item: TypeAlias = "Article | Problem | Extraction"
IN_FLIGHT_PER_WORKER = 2


def default_workers() -> int:
    """The machine's cores (those this process may run on)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class _Chunk:
    items: list[Item]
    future: Future[list[Extraction | Problem]] | None = None
    results: list[Extraction | Problem] | None = None  # set once known


def extract_in_workers(
    items: Iterable[Item], settings: Settings, workers: int, chunk_size: int
) -> Iterator[Extraction | Problem]:
    """``pipeline.extract_articles`` spread over ``workers`` processes, in input order."""
    if not model_installed(settings.model):  # said here, not as a pool broken at every start
        raise ModelMissingError(messages.model_missing(settings.model, MODEL_REQUIREMENT))
    stream = iter(items)
    pool = _Pool(settings, workers)
    window: deque[_Chunk] = deque()
    try:
        while True:
            while len(window) < workers * IN_FLIGHT_PER_WORKER:
                taken = list(islice(stream, chunk_size))
                if not taken:
                    break
                window.append(pool.submit(_Chunk(taken)))
            if not window:
                return
            head = window[0]
            try:
                results = head.results if head.results is not None else _result(head)
            except BrokenProcessPool:
                pool.restart()
                for pending in window:
                    if pending.results is None:
                        pending.results = _finished(pending) or pool.retry_alone(pending.items)
                continue
            window.popleft()
            pool.succeeded = True
            yield from results
    finally:
        pool.close()


def _result(chunk: _Chunk) -> list[Extraction | Problem]:
    assert chunk.future is not None
    return chunk.future.result()


def _finished(chunk: _Chunk) -> list[Extraction | Problem] | None:
    """What a chunk's worker returned before the pool broke, if it did."""
    future = chunk.future
    if future is None or not future.done() or future.cancelled() or future.exception() is not None:
        return None
    return future.result()


class _Pool:
    """A process pool that can be replaced when one of its workers dies."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = replace(settings, workers=1)  # a worker never forks workers of its own
        self.workers = workers
        self.succeeded = False  # a worker has returned a result: the pool can start at all
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_load,
            initargs=(self.settings,),
        )

    def submit(self, chunk: _Chunk) -> _Chunk:
        chunk.future = self.executor.submit(_extract, chunk.items, self.settings)
        return chunk

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()

    def retry_alone(self, items: list[Item]) -> list[Extraction | Problem]:
        """Each article of a chunk a dead worker may have held, once more on its own; one that
        kills a worker again is reported, the pool restarted and the rest go on."""
        results: list[Extraction | Problem] = []
        for item in items:
            try:
                future = self.executor.submit(_extract, [item], self.settings)
                results.extend(future.result())
                self.succeeded = True
            except BrokenProcessPool as error:
                if not self.succeeded:  # no worker ever ran: the cause is not an article
                    raise ArmstrailError(messages.WORKERS_CANNOT_START) from error
                self.restart()
                assert isinstance(item, Article)  # what is already decided passes through harmlessly
                results.append(Problem(item.origin or item.id, messages.WORKER_DIED))
        return results

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _load(settings: Settings) -> None:
    """Worker start: load what every chunk needs, once."""
    from armstrail.analyse.gazetteer import load_gazetteer
    from armstrail.analyse.nlp import load_pipeline
    from armstrail.extract.learned.extractor import load_models

    load_pipeline(settings.model)
    load_gazetteer()
    if settings.extractor == "hybrid":
        load_models()


def _extract(items: list[Item], settings: Settings) -> list[Extraction | Problem]:
    """One chunk, in a worker: its languages were sorted by the parent (``pipeline.sort_languages``)."""
    from armstrail.pipeline import extract_articles

    return list(extract_articles(items, settings, languages_sorted=True))
