"""``pst sources add|list``, ``pst fetch`` and ``pst serve``: the web-source commands of the CLI.

``register(app)`` adds them to the ``pst`` app (``flows/cli/__init__.py``).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from flows.cli.common import DbOption, LimitOption, console, fail, first_rows, say_hidden
from flows.cli.options import SOURCE_KIND
from pipeline.core.settings import DEFAULT_DB, DEFAULT_SOURCES, DEFAULT_STORE

SourcesOption = typer.Option(DEFAULT_SOURCES, "--sources", help="List of web sources (YAML).")
ExistingSourcesOption = typer.Option(
    DEFAULT_SOURCES, "--sources", exists=True, dir_okay=False, help="List of web sources (YAML)."
)
StoreOption = typer.Option(DEFAULT_STORE, "--store", help="Content-addressed store of raw bytes.")


def _policy(timeout: float | None, max_mb: float | None, interval: float | None, retries: int | None):
    from pipeline.acquire.http import FetchPolicy

    changes = {
        k: v
        for k, v in {
            "read_timeout": timeout,
            "max_bytes": int(max_mb * 1024 * 1024) if max_mb else None,
            "host_interval": interval,
            "retries": retries,
        }.items()
        if v is not None
    }
    return FetchPolicy(**changes)


def register(app: typer.Typer) -> None:
    """Add ``sources add``, ``sources list``, ``fetch`` and ``serve`` to the ``pst`` app."""
    sources_app = typer.Typer(help="The list of web sources (data/sources.yaml).", no_args_is_help=True)
    app.add_typer(sources_app, name="sources")

    @sources_app.command("add")
    def sources_add(
        nis_code: str = typer.Argument(..., help="NIS code of the commune whose CPAS publishes the plan (5 digits)."),
        url: str = typer.Argument(..., help="URL of the page or of the document."),
        kind: str | None = typer.Option(
            None, "--kind", parser=SOURCE_KIND,
            help="What the URL holds: page, pdf, docx, doc or odt (guessed from the URL; an unknown value lists them).",
        ),
        notes: str | None = typer.Option(None, "--notes", help="Free text for analysts."),
        sources: Path = SourcesOption,
    ) -> None:
        """Add a source to the list (validated; the file's comments are kept)."""
        from pydantic import ValidationError

        from pipeline.acquire.sources import SourcesError, add_source

        try:
            src = add_source(sources, nis_code, url, kind=kind, notes=notes)
        except SourcesError as exc:
            fail(str(exc))
        except ValidationError as exc:
            fail("; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors()))
        console.print(f"added {src.nis_code} {src.url} ({src.kind.value}) to {sources}", highlight=False)

    @sources_app.command("list")
    def sources_list(
        sources: Path = ExistingSourcesOption,
        db: Path = typer.Option(DEFAULT_DB, "--db", help="Warehouse to read the fetch state from, if it exists."),
        limit: int = typer.Option(100, "--limit", "-n", min=0, help="Sources shown (0: all)."),
    ) -> None:
        """List the sources (validating the file), with their last fetch when known."""
        from pipeline.acquire.sources import SourcesError, load_sources
        from pipeline.reference.municipalities import municipality

        try:
            source_list = load_sources(sources)
        except SourcesError as exc:
            fail(str(exc))
        from warehouse.fetch_state import last_fetches

        state = last_fetches(db)
        table = Table(title=f"{len(source_list.sources)} source(s) in {sources}")
        for col in ("NIS", "CPAS", "kind", "URL", "last fetch", "versions", "notes"):
            table.add_column(col, overflow="fold")
        shown = source_list.sources if limit == 0 else source_list.sources[:limit]
        for s in shown:
            m = municipality(s.nis_code)
            st = state.get(s.url)
            if st is None:  # nothing in the warehouse: what the list says ("not yet fetched")
                last = s.status.value
            else:
                last = f"{st[0]} {st[1]:%Y-%m-%d %H:%M}" + (" [red]withdrawn[/]" if st[2] else "")
            table.add_row(
                s.nis_code,
                m.name_fr if m else "?",
                s.kind.value,
                s.url,
                last,
                "" if st is None or st[3] is None else str(st[3]),
                s.notes or "",
            )
        console.print(table)
        say_hidden(len(shown), len(source_list.sources), "source(s)")

    @app.command()
    def fetch(
        sources: Path = ExistingSourcesOption,
        db: Path = DbOption,
        store: Path = StoreOption,
        dask_address: str | None = typer.Option(
            None, "--dask-address", help="Run the tasks on this Dask scheduler (tcp://host:8786)."
        ),
        workers: int | None = typer.Option(None, "--workers", help="Local worker processes (default: up to 4)."),
        timeout: float | None = typer.Option(None, "--timeout", help="Read timeout per request, seconds (30)."),
        max_mb: float | None = typer.Option(None, "--max-mb", help="Largest download, MB (100)."),
        interval: float | None = typer.Option(None, "--host-interval", help="Seconds between requests to a host (2)."),
        retries: int | None = typer.Option(None, "--retries", help="Retries on timeouts and 5xx (3)."),
        limit: int = LimitOption,
    ) -> None:
        """Fetch every registered source once, store new bytes and load new versions."""
        from flows.fetch_flow import run_fetch
        from flows.runtime import local_prefect_api
        from pipeline.acquire.sources import SourcesError
        from warehouse.snapshot import WarehouseBusy, writer_busy

        busy = writer_busy(db)  # said before Prefect starts, in one line
        if busy:
            fail(busy, 3)
        try:
            with local_prefect_api(heartbeats=False):
                summary = run_fetch(
                    sources=str(sources),
                    db=str(db),
                    store=str(store),
                    policy=_policy(timeout, max_mb, interval, retries),
                    dask_address=dask_address,
                    max_workers=workers,
                )
        except SourcesError as exc:
            fail(str(exc))
        except WarehouseBusy as exc:
            fail(str(exc), 3)
        table = Table(title=f"Fetch run {summary.run_id} → {db}")
        for col in ("URL", "role", "fetch", "HTTP", "load", "error"):
            table.add_column(col, overflow="fold")
        order = {"failed": 0, "gone": 1, "blocked": 1, "unchanged": 3}
        worst_first = sorted(
            summary.sources, key=lambda s: (order.get("failed" if s.load == "failed" else s.fetch, 2), s.url)
        )
        shown = first_rows(worst_first, limit)
        for s in shown:
            style = {"failed": "red", "gone": "yellow", "blocked": "yellow", "unchanged": "dim"}.get(s.fetch, "green")
            table.add_row(
                escape(s.url),  # text from the web: shown as written, never read as Rich markup
                s.role,
                f"[{style}]{s.fetch}[/]" + (" (withdrawn)" if s.is_withdrawn else ""),
                str(s.http_status or ""),
                s.load or "",
                escape(s.error or ""),
            )
        console.print(table)
        say_hidden(len(shown), len(summary.sources), "URL(s)", "the v_sources view")
        c = summary.counts()
        console.print(
            f"fetched: {c['fetched']}  unchanged: {c['unchanged']}  new documents: {c['loaded']}  "
            f"new versions: {c['new_version']}  no plan found: {c['no_plan_found']}  "
            f"duplicates: {c['duplicate']}  failed: {c['failed']}  gone: {c['gone']}  "
            f"withdrawn: {c['withdrawn']}  blocked: {c['blocked']}  downloaded: {c['bytes_downloaded']} bytes"
            + (f"  links not followed (caps): {c['links_skipped']}" if c["links_skipped"] else ""),
            highlight=False,
        )
        if summary.stopped:
            fail(f"the run stopped: {summary.stopped}", 4)

    @app.command()
    def serve(
        cron: str = typer.Option("0 3 * * 1", "--cron", help="Schedule (cron, Europe/Brussels); default weekly."),
        name: str = typer.Option("weekly-fetch", "--name", help="Deployment name."),
        sources: Path = ExistingSourcesOption,
        db: Path = DbOption,
        store: Path = StoreOption,
        dask_address: str | None = typer.Option(None, "--dask-address", help="Run the tasks on this Dask scheduler."),
        workers: int | None = typer.Option(None, "--workers", help="Local worker processes."),
    ) -> None:
        """Serve the fetch-and-ingest deployment on a cron schedule (runs until interrupted).

        Without PREFECT_API_URL, the local Prefect server is started (once, then reused) so the schedule fires."""
        from flows.deploy import serve as serve_flow
        from flows.runtime import PrefectServerError

        def ready(api_url: str) -> None:
            ui = api_url.removesuffix("/api")
            console.print(f"Prefect API {api_url}: the runs of '{name}' ({cron}, Europe/Brussels) show at {ui}")

        try:
            serve_flow(
                name=name,
                cron=cron,
                sources=str(sources.resolve()),
                db=str(db.resolve()),
                store=str(store.resolve()),
                dask_address=dask_address,
                max_workers=workers,
                on_ready=ready,
            )
        except PrefectServerError as exc:
            fail(str(exc), 3)


__all__ = ["register"]
