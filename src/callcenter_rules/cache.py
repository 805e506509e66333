"""Assessments kept by their normalised input, for batches with repeated rows.

Off by default (``Engine(cache_size=0)``). With ``Engine(cache_size=N)`` the engine keeps
the last ``N`` assessments it made, least recently used dropped first, each under the
normalised input its audit record hashes: the profile as `Profile.to_dict` spells it
(codes, every digit of an amount as written), the day, the engine's policy, and whether
a trace was asked for. The engine's parameters and rule packs are fixed for its life, so
they need no place in the key. A profile written another way that reads the same
(``"Beijing"`` or ``"110000"``) is the same input and gets the same assessment; an amount
written with other digits (``"1000000"``, ``"1000000.00"``) is another input, since the
assessment echoes the amount as written.

Each assessment kept takes about 15 KiB (measured on the benchmark corpus; more with a
trace), so 10,000 take about 150 MiB: size the cache to the distinct profiles expected.

A repeat returns the very `Assessment` object made the first time. Assessments are frozen;
treat the mappings inside them (a finding's ``evidence``) as read-only too, since they are
shared by every repeat.

Not a cache of the law: nothing is kept between engines, and every figure of
``benchmarks/run.py`` is measured without one.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from typing import Final

import attrs

from .results import Assessment

__all__ = ["CacheInfo"]


@attrs.frozen
class CacheInfo:
    """How an engine's assessment cache has served (`Engine.cache_info`)."""

    #: Assessments returned from the cache.
    hits: int
    #: Assessments made and kept.
    misses: int
    #: The most assessments kept (0: no cache).
    max_size: int
    #: Assessments kept now.
    size: int


class AssessmentCache:
    """A bounded, thread-safe LRU map from normalised input to `Assessment`."""

    __slots__ = ("__weakref__", "_entries", "_hits", "_lock", "_misses", "max_size")

    def __init__(self, max_size: int) -> None:
        self.max_size: Final = max_size
        self._entries: OrderedDict[bytes, Assessment] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0
        _CACHES.add(self)

    def get(self, key: bytes) -> Assessment | None:
        """The assessment kept for ``key``, now the most recently used; None if none."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self._hits += 1
            return found

    def put(self, key: bytes, assessment: Assessment) -> None:
        """Keep ``assessment`` under ``key``, dropping the least recently used beyond
        `max_size`."""
        with self._lock:
            self._misses += 1
            self._entries[key] = assessment
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_size:
                self._entries.popitem(last=False)

    def info(self) -> CacheInfo:
        with self._lock:
            return CacheInfo(self._hits, self._misses, self.max_size, len(self._entries))

    def clear(self) -> None:
        """Drop every assessment and zero the counts."""
        with self._lock:
            self._entries.clear()
            self._hits = self._misses = 0

    def _after_fork_in_child(self) -> None:
        # The child has only the thread that forked: a lock another thread held at that
        # moment would stay held for ever. Between two operations the map is whole (each
        # runs under the lock and the GIL), so a new lock is all the child needs.
        self._lock = threading.Lock()


_CACHES: weakref.WeakSet[AssessmentCache] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for cache in list(_CACHES):
        cache._after_fork_in_child()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_after_fork_in_child)


def check_cache_size(value: object) -> int:
    """``value`` as a cache size: a whole number, 0 or more.

    Raises:
        TypeError: not an int (a bool is refused too).
        ValueError: negative.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"cache_size must be a whole number of assessments, got {type(value).__name__}"
        )
    if value < 0:
        raise ValueError(f"cache_size must be 0 (no cache) or more, got {value}")
    return value
