"""Stage 3: single-number labels are local to their parent or a running reference."""

from __future__ import annotations

from normalizers.tree.lines import to_lines
from normalizers.tree.references import running_levels
from pipeline.core.model import Level
from tests.pipeline.core.blocks import para


def test_numbers_restarting_under_each_os_are_local():
    lines = to_lines([para("OS 1 : A a"), para("OO/01 B b"), para("OO/02 C c"), para("OS 2 : D d"), para("OO/01 E e")])
    assert running_levels(lines) == set()


def test_numbers_running_on_across_parents_are_references():
    lines = to_lines([para("OS 1 : A a"), para("OO.1 B b"), para("OO.2 C c"), para("OS 2 : D d"), para("OO.3 E e")])
    assert running_levels(lines) == {Level.OO}


def test_one_reference_shared_by_every_level():
    lines = to_lines([para("OS.1 - A a"), para("OO.2 - B b"), para("A.3 - C c"), para("A.5 - D d"), para("OO.6 - E e")])
    assert running_levels(lines) == {Level.OS, Level.OO, Level.ACTION}
