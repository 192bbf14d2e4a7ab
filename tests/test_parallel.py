"""`map_files` in worker processes: results in order, and the garbage collector where it finds something."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from toolkit.parallel import MIN_FILES_PER_WORKER, map_files


def _in_worker(path: Path) -> tuple[str, int, bool]:
    return path.name, os.getpid(), gc.isenabled()


@pytest.mark.parametrize("collecting", [True, False])
def test_workers_collect_while_this_process_takes_their_results_in_without(collecting):
    """The results hold no cycles: the collector does not pass over them as they pile up here. It runs in
    the workers, and afterwards here as before (also when it was off before)."""
    paths = [Path(f"fil{k:03d}.xlsx") for k in range(2 * MIN_FILES_PER_WORKER)]
    here: list[bool] = []
    (gc.enable if collecting else gc.disable)()
    try:
        results = map_files(_in_worker, paths, workers=2, progress=lambda _: here.append(gc.isenabled()))
        after = gc.isenabled()
    finally:
        gc.enable()
    assert [name for name, _, _ in results] == [p.name for p in paths]
    assert os.getpid() not in {pid for _, pid, _ in results}
    assert all(enabled for _, _, enabled in results)
    assert here == [False] * len(paths)
    assert after is collecting
