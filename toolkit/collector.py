"""The garbage collector paused while a batch builds data that holds no cycles.

Reports, their findings and a selection of them are plain data: no object refers back to one that refers
to it, so reference counting frees them and the cyclic collector finds nothing in them. Left running, it
passes over all of them again each time enough new objects pile up: at 5 000 workbooks that is most of
the time selecting takes.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    """No collection within the block; afterwards the collector runs, or not, as it did before."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
