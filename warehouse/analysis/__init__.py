"""Comparing CPAS: themes, similar actions, full-text search."""
