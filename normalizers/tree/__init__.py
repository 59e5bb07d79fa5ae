"""Blocks → plan tree (objectifs stratégiques → objectifs opérationnels → actions).

Stages, each testable with blocks: ``lines`` (classify, join wrapped titles) → ``outline``
(candidate numbered outlines, the winner and the depth of each level) → ``references``
(running iA.PST references vs local numbers) → ``builder`` (the items, with ``tables`` for
dashboards and fiches) → anomalies (``builder.finish``).
"""

from normalizers.tree.builder import Explanation, build_tree, explain_tree
from normalizers.tree.plan import similar_titles

__all__ = ["Explanation", "build_tree", "explain_tree", "similar_titles"]
