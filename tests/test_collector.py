"""`collector.paused`: no collection inside, the collector as before afterwards, what was built aged at once."""

from __future__ import annotations

import gc

from toolkit.collector import paused


class _Item:
    """A tracked object that can be found among the collector's generations."""


def _generation(obj: object) -> int | None:
    return next((g for g in range(3) if any(o is obj for o in gc.get_objects(generation=g))), None)


def test_nothing_is_collected_inside_and_what_was_built_joins_the_oldest_generation():
    assert gc.isenabled() and not gc.get_freeze_count()
    with paused():
        assert not gc.isenabled()
        built = _Item()
        assert _generation(built) == 0
        garbage = _Item()
        garbage.cycle = garbage
        del garbage
        assert gc.get_count()[0] > 0
    assert gc.isenabled()
    assert _generation(built) == 2  # no collection passed over it to get there
    assert gc.collect() >= 1  # the cycle built inside is still garbage the collector finds


def test_a_collector_switched_off_stays_off_and_frozen_objects_stay_frozen():
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    kept = _Item()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused():
            built = _Item()
        assert gc.get_freeze_count() == frozen and _generation(kept) is None  # still frozen, not thawed
        assert _generation(built) == 0  # nothing aged: that would thaw what someone else froze
    finally:
        gc.unfreeze()
