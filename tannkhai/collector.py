"""Fewer garbage collections while a big piece of work runs.

Laying out a long PDF table, or planning and writing an import of tens of thousands of
rows, makes millions of small objects that live until the work ends. With Python's
default thresholds the collector then runs again and again, each older-generation pass
walking all of them: a quarter of a 1,000-row list PDF's time. Inside
:func:`few_collections` the youngest generation is collected only every 50,000 net
allocations; the thresholds in force before (the web worker's, see
``deploy/gunicorn.conf.py``) come back when the outermost block ends, also in a process
where threads run such blocks side by side.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (50_000, 50, 100)

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def few_collections() -> Iterator[None]:
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(*THRESHOLDS)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)
