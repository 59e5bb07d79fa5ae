"""The ``pst`` command line (typer): one module per area, each adding its commands with ``register(app)``.

Commands present; they call the flows and the library and hold no SQL and no domain rule.
"""

from __future__ import annotations

import os

import typer

# Prefect's logs go to the run's page in its UI, not over the progress bar (the command prints its summary);
# PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL=INFO brings them back to the terminal.
os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "ERROR")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no telemetry calls from a closed network

# typer 0.29 vendors click (pinned exactly in pyproject.toml): its usage errors live in typer._click.
from typer._click.exceptions import NoArgsIsHelpError, UsageError  # noqa: E402
from typer.core import TyperGroup  # noqa: E402

from flows.cli import compare, deadlines, documents, plans, web  # noqa: E402
from flows.cli.common import one_line_usage_error, stops_on_full_disk  # noqa: E402


class _OneLineErrors(TyperGroup):
    """The ``pst`` group: a wrong option or argument of any command is one ``error:`` line, not a framed box."""

    def make_context(self, *args, **kwargs):  # the top-level options (`pst --nope`)
        try:
            return super().make_context(*args, **kwargs)
        except NoArgsIsHelpError:
            raise
        except UsageError as exc:
            one_line_usage_error(exc)

    def invoke(self, ctx):  # a command's options, and BadParameter raised by a command
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise
        except UsageError as exc:
            one_line_usage_error(exc)


app = typer.Typer(
    cls=_OneLineErrors,
    help="Programmes Stratégiques Transversaux of Walloon CPAS → DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"pst {version('cpas-pst-warehouse')}")
        raise typer.Exit()


@app.callback()
def _options(
    _version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Programmes Stratégiques Transversaux of Walloon CPAS → DuckDB warehouse."""

for _area in (documents, plans, compare, deadlines, web):
    _area.register(app)
for _command in app.registered_commands:  # a full disk is a message, in every command, never a traceback
    _command.callback = stops_on_full_disk(_command.callback)


def main() -> None:
    """Entry point of the ``pst`` script."""
    app()


__all__ = ["app", "main"]
