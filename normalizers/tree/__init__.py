"""Blocks → plan tree (objectifs stratégiques → objectifs opérationnels → actions)."""

from normalizers.tree.builder import build_tree, similar_titles

__all__ = ["build_tree", "similar_titles"]
