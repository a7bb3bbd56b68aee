"""Extraction beyond one machine, on Dask: ``armstrail ingest --dask tcp://HOST:8786`` (a running
``dask scheduler`` with ``dask worker``s on other machines) or ``--dask local:N`` (a LocalCluster of
N worker processes here).

The client reads the inputs and drops what the store already holds, as a one-machine ingest does,
then sends partitions of the remaining articles to the cluster as tasks. Each task runs
``pipeline.extract_articles`` on its worker, which loads the pipeline and models once. Results come
back to the one writer in input order, so the store ends up exactly as a one-process ingest would
leave it. Reading stays with the client: it costs a few percent of extraction, and the workers then
need no access to the inputs (no shared file system, no credentials for feeds).

When a worker dies, Dask runs its tasks again elsewhere. Every result is written once, by the
client, so a retried partition is never stored twice. A partition that keeps killing workers (Dask
gives up after its ``allowed-failures``) is reported article by article."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from armstrail import messages
from armstrail.analyse.nlp import MODEL_REQUIREMENT, model_installed
from armstrail.errors import ArmstrailError, ModelMissingError
from armstrail.model import Article, Problem
from armstrail.settings import Settings
from armstrail.workers import _extract, default_workers

if TYPE_CHECKING:
    from armstrail.pipeline import Extraction

LOCAL = "local:"
IN_FLIGHT_PER_THREAD = 2
CONNECT_TIMEOUT = "20s"


def extract_on_dask(
    items: Iterable[Article | Problem | Extraction], settings: Settings, chunk_size: int
) -> Iterator[Extraction | Problem]:
    """``pipeline.extract_articles`` over the Dask cluster ``settings.dask``, in input order."""
    if not model_installed(settings.model):
        raise ModelMissingError(messages.model_missing(settings.model, MODEL_REQUIREMENT))
    task_settings = replace(settings, dask="", workers=1)
    client, cluster = _connect(settings.dask)
    try:
        threads = max(1, sum(client.nthreads().values()))
        stream = iter(items)
        window: deque[tuple[list[Article | Problem | Extraction], Any]] = deque()
        while True:
            while len(window) < threads * IN_FLIGHT_PER_THREAD:
                chunk = list(islice(stream, chunk_size))
                if not chunk:
                    break
                future = client.submit(_extract, chunk, task_settings, pure=False)
                window.append((chunk, future))
            if not window:
                return
            chunk, future = window.popleft()
            yield from _results(chunk, future)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _results(chunk: list[Article | Problem | Extraction], future: Any) -> list[Extraction | Problem]:
    from distributed import KilledWorker

    try:
        results: list[Extraction | Problem] = future.result()
    except KilledWorker:  # it killed every worker it was given: report its articles, go on
        return [
            Problem(item.origin or item.id, messages.WORKER_DIED) if isinstance(item, Article) else item
            for item in chunk
        ]
    return results


def _connect(address: str) -> tuple[Any, Any]:
    """A client of the scheduler at ``address``, or of a LocalCluster for ``local:N``."""
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if address.startswith(LOCAL):
            workers = int(address[len(LOCAL) :] or default_workers())
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers,
                threads_per_worker=1,  # spaCy holds the GIL: one task per process
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            return Client(cluster), cluster  # type: ignore[no-untyped-call]
        return Client(address, timeout=CONNECT_TIMEOUT), None  # type: ignore[no-untyped-call]
    except (OSError, ValueError, TimeoutError) as error:
        if cluster is not None:
            cluster.close()
        raise ArmstrailError(messages.DASK_UNREACHABLE.format(address=address, error=error)) from error
