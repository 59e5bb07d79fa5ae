"""The forked parse child (``flows.workers``): what it inherits from the flow's process and how it treats it.
The budgets themselves are tested with hostile inputs in ``tests/hostile/test_bounded_work.py``."""

from __future__ import annotations

import gc

from flows.workers import run_bounded
from normalizers.status import _status_patterns


def test_the_child_keeps_its_collector_off_the_inherited_objects():
    """A full collection in the child would write to every inherited object's header, copying the pages of the
    whole flow's process: the child freezes them first."""
    inherited = [[i] for i in range(10_000)]  # objects the collector tracks, made before the fork
    run = run_bounded(gc.get_freeze_count)
    assert run.error_code is None, run.error
    assert run.value >= len(inherited)
    assert gc.get_freeze_count() == 0  # the parent's own collector is untouched


def _status_cache() -> tuple[int, int]:
    info = _status_patterns.cache_info()
    return info.misses, info.currsize


def test_the_child_gets_the_vocabularies_already_read():
    _status_patterns.cache_clear()
    run = run_bounded(_status_cache)
    assert run.value == (1, 1)  # read once, in the parent, before the fork: the child finds it
