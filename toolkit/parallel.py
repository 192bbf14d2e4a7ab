"""One function over many files, in forked worker processes when that pays, results in the given order.

On two cores a worker process pays off only when each has enough files to make up for starting it and
for sending its results back (pickled), so a small batch runs in this process.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Callable, Sequence, TypeVar

from .collector import paused
from .errors import FinsamError

T = TypeVar("T")

#: Below this many files per worker, starting processes costs more than it saves.
MIN_FILES_PER_WORKER = 40


def worker_count(files: int, workers: int | None) -> int:
    """How many processes to use: the requested number (default: all cores), but one for few files."""
    wanted = workers if workers is not None else (os.cpu_count() or 1)
    return max(1, min(wanted, files // MIN_FILES_PER_WORKER))


def map_files(func: Callable[[Path], T], paths: Sequence[Path], workers: int | None = None,
              progress: Callable[[Path], None] | None = None) -> list[T]:
    """`func(path)` for every path, in order; `progress` is called once per file as it is done."""
    count = worker_count(len(paths), workers)
    if count > 1:
        import multiprocessing  # with concurrent.futures about 20 ms to import: only when workers are used

        if "fork" in multiprocessing.get_all_start_methods():
            return _in_workers(func, paths, count, progress)
    results: list[T] = []
    for path in paths:
        results.append(func(path))
        if progress:
            progress(path)
    return results


def _in_workers(func: Callable[[Path], T], paths: Sequence[Path], count: int,
                progress: Callable[[Path], None] | None) -> list[T]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork shares the already imported toolkit with the workers (no per-process import cost). An executor
    # (unlike multiprocessing.Pool) notices a worker that dies and stops instead of waiting for ever.
    results: list[T] = []
    chunk = max(1, min(32, len(paths) // (count * 8)))
    # Meanwhile this process only takes the results in (`collector.paused`); the workers collect.
    with paused(), ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                                       initializer=gc.enable) as pool:
        try:
            for path, result in zip(paths, pool.map(func, paths, chunksize=chunk)):
                results.append(result)
                if progress:
                    progress(path)
        except BrokenProcessPool:
            raise FinsamError(f"En av processerna som läste arbetsböckerna avslutades oväntat efter {len(results)} "
                              f"av {len(paths)} filer (slut på minne?). Kör igen med --workers 1 för att se vilken "
                              "fil det gäller.") from None
    return results
