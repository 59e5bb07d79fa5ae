"""The ``pst`` command line (typer): one module per area, each adding its commands with ``register(app)``.

Commands present; they call the flows and the library and hold no SQL and no domain rule.
"""

from __future__ import annotations

import os

import typer

# Prefect's INFO logs would drown the progress bar; PREFECT_LOGGING_LEVEL=INFO brings them back.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no telemetry calls from a closed network

from flows.cli import compare, deadlines, documents, plans, web  # noqa: E402
from flows.cli.common import stops_on_full_disk  # noqa: E402

app = typer.Typer(
    help="Programmes Stratégiques Transversaux of Walloon CPAS → DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for _area in (documents, plans, compare, deadlines, web):
    _area.register(app)
for _command in app.registered_commands:  # a full disk is a message, in every command, never a traceback
    _command.callback = stops_on_full_disk(_command.callback)


def main() -> None:
    """Entry point of the ``pst`` script."""
    app()


__all__ = ["app", "main"]
