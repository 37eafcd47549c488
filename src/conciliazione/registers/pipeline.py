"""Overlapping the three stages of an ingest — read, check, write — on a small machine.

pyarrow releases the GIL while it parses CSV, runs compute kernels and encodes Parquet, so
plain threads overlap the stages: a reader thread parses the next batch while the columns of
this one are checked (in a small pool, one column per task) and a writer thread encodes the
previous one. Queues are short (a couple of batches), which is what keeps memory flat: a slow
writer makes the checks wait, and waiting checks make the reader wait.

Errors cross threads: an exception in the reader or the writer is raised again in the calling
thread, at the next hand-over, and stopping early stops the threads.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")

_DONE = object()


class Prefetch(Generic[T]):
    """Iterate ``source`` in a background thread, ``depth`` items ahead of the consumer."""

    def __init__(self, source: Iterable[T], depth: int = 2) -> None:
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(source,), name="register-reader", daemon=True
        )
        self._thread.start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self, source: Iterable[T]) -> None:
        try:
            for item in source:
                if not self._put(item):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(_Failure(exc))
            return
        self._put(_DONE)

    def __iter__(self) -> Iterator[T]:
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item  # type: ignore[misc]

    def close(self) -> None:
        """Stop the reader thread (it ends at its next hand-over) and wait for it."""
        self._stop.set()
        self._thread.join()

    def __enter__(self) -> Prefetch[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


class BackgroundWriter:
    """Run write calls one at a time in a background thread, at most ``depth`` pending."""

    def __init__(self, depth: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="register-writer")
        self._pending: deque[Future[None]] = deque()
        self._depth = depth

    def submit(self, write: Callable[[], None]) -> None:
        while len(self._pending) >= self._depth:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(write))

    def drain(self) -> None:
        """Wait for every pending write; raise the first write error."""
        while self._pending:
            self._pending.popleft().result()

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.drain()
        finally:
            for future in self._pending:
                future.cancel()
            self._pool.shutdown(wait=True)
