"""Bounded work per document (issue 14): a time and memory budget per parse, and the parts that blew up
made linear or capped. Each case builds its heavy input (``tests.hostile.heavy``) and checks the
recorded outcome and what it cost (peak resident memory of the parse, from the budget's child)."""

from __future__ import annotations

import os
import signal
import time

import pytest

from flows.workers import Budget, parse_file_bounded, run_bounded
from tests.hostile import heavy

MIB = 1024 * 1024


# ---- the budget ------------------------------------------------------------------------------
def _sleep_forever() -> None:
    time.sleep(60)


def _grow() -> list[bytearray]:
    held = []
    for _ in range(200):
        held.append(bytearray(16 * MIB))  # touched: resident
        time.sleep(0.005)
    return held


def _crash() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def test_time_budget_stops_the_parse_and_says_how_long():
    started = time.monotonic()
    run = run_bounded(_sleep_forever, budget=Budget(seconds=0.5, memory_mb=500))
    assert run.error_code == "timeout" and "0.5 s time budget" in run.error and "stopped after" in run.error
    assert time.monotonic() - started < 5


def test_a_worker_that_already_maps_gigabytes_keeps_its_whole_budget():
    """A pool worker that loaded spaCy and DuckDB maps gigabytes and holds hundreds of MiB before it
    parses: the child's budgets count from there, so none is spent before the parse starts."""
    import mmap

    mapped = mmap.mmap(-1, 3 * 1024 * MIB)  # address space, not resident
    held = b"x" * (300 * MIB)  # resident in the worker, inherited by the child
    try:
        run = run_bounded(_sleep_forever, budget=Budget(seconds=0.5, memory_mb=200))
        assert run.error_code == "timeout", run.error
        assert run.address_limit > 3 * 1024 * MIB and run.peak_rss < 100 * MIB
    finally:
        mapped.close()
        del held


def test_memory_budget_stops_the_parse_and_gives_the_figure():
    run = run_bounded(_grow, budget=Budget(seconds=60, memory_mb=200))
    assert run.error_code == "too_large" and "200 MiB memory budget" in run.error
    assert 200 * MIB < run.peak_rss < 600 * MIB


def test_a_dying_parse_is_recorded_not_raised():
    run = run_bounded(_crash, budget=Budget(seconds=10, memory_mb=500))
    assert run.error_code == "worker_died" and "SIGSEGV" in run.error


def test_a_document_over_the_time_budget_is_recorded_as_timeout(tmp_path):
    page = heavy.many_bullets_html(tmp_path / "bullets.html", bullets=40_000)
    result, _ = parse_file_bounded(page, budget=Budget(seconds=0.5, memory_mb=2000))
    assert result.failure is not None and result.failure.error_code == "timeout"
    assert result.failure.source_file == "bullets.html" and "0.5 s time budget" in result.failure.error
    assert result.failure.byte_size == page.stat().st_size


def test_a_document_over_the_memory_budget_is_recorded_as_too_large(tmp_path):
    page = heavy.near_limit_html(tmp_path / "big.html", megabytes=19.5)
    result, peak = parse_file_bounded(page, budget=Budget(seconds=300, memory_mb=150))
    assert result.failure is not None and result.failure.error_code == "too_large"
    assert "150 MiB memory budget" in result.failure.error and peak > 150 * MIB


# ---- made linear or capped ----------------------------------------------------------------------
@pytest.mark.slow
def test_forty_thousand_bullets_parse_in_linear_time(tmp_path):
    """A 0.4 MB page of 40,000 bullets took 150-250 s (quadratic tree builder)."""
    page = heavy.many_bullets_html(tmp_path / "bullets.html", bullets=40_000)
    assert page.stat().st_size < 500_000
    started = time.monotonic()
    result, peak = parse_file_bounded(page, budget=Budget(seconds=120, memory_mb=2000))
    assert result.failure is None, result.failure
    assert time.monotonic() - started < 90 and peak < 1024 * MIB


@pytest.mark.slow
def test_pdf_page_with_millions_of_chars_is_capped(tmp_path):
    """~0.65 KB per character: a page of 7 million needed more than 4 GiB. Read up to 200,000, said so."""
    pdf = heavy.dense_page_pdf(tmp_path / "dense.pdf", chars=3_000_000, first_lines=["OS 1 : Être un CPAS accessible"])
    assert pdf.stat().st_size < 50_000
    result, peak = parse_file_bounded(pdf, budget=Budget(seconds=300, memory_mb=2000))
    assert result.failure is None, result.failure
    warnings = result.document.warnings
    assert any(w.startswith("page 1: 3006030 chars, only the first 200000 read") for w in warnings), warnings
    assert peak < 1024 * MIB


@pytest.mark.slow
def test_html_page_near_the_size_limit_is_capped(tmp_path):
    """A page just under 20 MB of 2.5 million <p> needed more than 4 GB. Cut at 100,000 elements."""
    page = heavy.near_limit_html(tmp_path / "big.html", megabytes=19.5)
    started = time.monotonic()
    result, peak = parse_file_bounded(page, budget=Budget(seconds=300, memory_mb=2000))
    assert result.failure is None, result.failure
    warnings = result.document.warnings
    assert any("only the first 100000 were read" in w for w in warnings), warnings
    assert any("document cut at 60000 lines" in w for w in warnings), warnings
    assert peak < 1536 * MIB and time.monotonic() - started < 240
