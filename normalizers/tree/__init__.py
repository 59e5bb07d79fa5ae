"""Blocks → plan tree (objectifs stratégiques → objectifs opérationnels → actions).

The stages, each testable with blocks (see tests/normalizers/tree/):

1. ``lines``      classify: blocks → lines, generated numbers written out, wrapped titles joined;
2. ``outline``    candidates: numbered outlines (chapters, methodology, the plan, second listings),
                  the winner and the depth of each level, with the reason kept;
   ``shapes``     the plan given by heading levels / bold / list depth when nothing numbered does;
3. ``references`` levels of labelled items: running iA.PST references vs numbers local to a parent;
4. ``builder``    the items, reading line by line with the decisions above (``rows`` for dashboards
                  and fiches, ``markers`` for volets / axes / annexes, ``plan`` for the nodes and the
                  one way to add an item, merging second listings);
5. ``anomalies``  what only the whole plan shows (skipped numbers).

``explain_tree`` says, for every line, what it became and on which evidence (``pst tree --explain``).
"""

from normalizers.tree.builder import Explanation, build_tree, explain_tree
from normalizers.tree.plan import similar_titles

__all__ = ["Explanation", "build_tree", "explain_tree", "similar_titles"]
