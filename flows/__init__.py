"""Prefect flows and the ``pst`` command line; thin wiring around library code."""
