"""The registry of web sources: loading, validation with entry and line, `add`, the shipped file."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from pipeline.acquire.sources import (
    SourceKind,
    SourcesError,
    SourceStatus,
    add_source,
    kind_from_url,
    load_sources,
    parse_sources,
)
from tests.conftest import ROOT


def test_shipped_registry_is_valid_and_every_entry_says_where_and_when_it_was_seen():
    path = ROOT / "data" / "sources.yaml"
    registry = load_sources(path)
    assert len(registry.sources) >= 3
    assert "www.sprimont.be" in registry.hosts()
    raw = yaml.safe_load(path.read_text("utf-8"))["sources"]
    for entry, source in zip(raw, registry.sources, strict=True):
        # Written in the file, not filled in by defaults: where, when, and the fetch status.
        assert {"seen_in", "seen_on", "status"} <= set(entry), entry["url"]
        assert source.seen_in.strip() and source.seen_on <= dt.date.today().isoformat()
        assert source.status is SourceStatus.NOT_YET_FETCHED  # no operator of this project fetched them yet


def test_provenance_fields_are_checked():
    base = 'sources:\n  - nis_code: "62100"\n    url: https://www.sprimont.be/pst\n'
    reg = parse_sources(base + "    seen_in: a page\n    seen_on: 2026-11-30\n    status: fetched\n")
    (src,) = reg.sources
    assert (src.seen_in, src.seen_on, src.status) == ("a page", "2026-11-30", SourceStatus.FETCHED)
    assert parse_sources(base).sources[0].status is SourceStatus.NOT_YET_FETCHED  # older files still load
    with pytest.raises(SourcesError, match="seen_on .* must be a month"):
        parse_sources(base + "    seen_on: last week\n")
    with pytest.raises(SourcesError, match="status must be one of 'not yet fetched', 'fetched'"):
        parse_sources(base + "    status: ok\n")


def test_valid_entries_and_defaults():
    reg = parse_sources(
        'sources:\n  - nis_code: "62100"\n    url: https://www.sprimont.be/pst\n'
        '  - nis_code: "85024"\n    url: https://meix.be/pst.pdf\n    kind: pdf\n    notes: x\n'
    )
    assert [s.kind for s in reg.sources] == [SourceKind.PAGE, SourceKind.PDF]
    assert reg.hosts() == {"www.sprimont.be", "meix.be"}
    assert reg.for_nis("85024")[0].notes == "x"


def test_errors_name_the_entry_and_its_line():
    text = """sources:
  - nis_code: "62100"
    url: https://www.sprimont.be/pst

  - nis_code: 62100
    url: https://b.be/x

  - nis_code: "99999"
    url: ftp://c.be/x
    kind: xls
    colour: red

  - nis_code: "63023"
    url: https://www.eupen.be/pst

  - nis_code: "62100"
    url: https://www.sprimont.be/pst
"""
    with pytest.raises(SourcesError) as info:
        parse_sources(text, "sources.yaml")
    problems = info.value.problems
    assert problems[0].startswith("entry 2 (line 5): nis_code: NIS code 62100 must be a quoted string")
    assert any(
        p.startswith("entry 3 (line 8): nis_code: NIS code 99999 is not a Walloon municipality") for p in problems
    )
    assert any(p.startswith("entry 3 (line 8): url:") and "http" in p for p in problems)
    assert any(p.startswith("entry 3 (line 8): kind: kind must be one of page, pdf") for p in problems)
    assert any(p.startswith("entry 3 (line 8): colour: unknown field") for p in problems)
    assert any(p.startswith("entry 4 (line 13)") and "German-speaking" in p for p in problems)
    assert any(p.startswith("entry 5 (line 16)") and "already registered as entry 1" in p for p in problems)
    assert "sources.yaml: 7 problem(s)" in str(info.value)


@pytest.mark.parametrize(
    "text, message",
    [
        ("sources: [\n", "line"),
        ("- a\n- b\n", "single key `sources:`"),
        ("sources: 3\n", "must be a list"),
        ('sources:\n  - nis_code: "621"\n    url: https://a.be\n', "must be 5 digits"),
    ],
)
def test_shape_errors(text, message):
    with pytest.raises(SourcesError, match=message):
        parse_sources(text)


def test_pre_merger_codes_are_accepted():
    reg = parse_sources('sources:\n  - nis_code: "82005"\n    url: https://www.bertogne.be/pst.pdf\n')
    assert reg.sources[0].nis_code == "82005"


def test_add_keeps_comments_and_validates(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text('# analysts\' notes\nsources:\n  - nis_code: "62100"\n    url: https://www.sprimont.be/pst\n')
    src = add_source(path, "85024", "https://www.meix.be/files/pst.pdf", notes='quoted "notes": yes')
    assert src.kind is SourceKind.PDF
    text = path.read_text()
    assert text.startswith("# analysts' notes")
    reg = load_sources(path)
    assert [s.url for s in reg.sources] == ["https://www.sprimont.be/pst", "https://www.meix.be/files/pst.pdf"]
    assert reg.sources[1].notes == 'quoted "notes": yes'
    assert reg.sources[1].seen_in == "added with pst sources add"
    assert reg.sources[1].seen_on == dt.date.today().isoformat()
    assert reg.sources[1].status is SourceStatus.NOT_YET_FETCHED
    with pytest.raises(SourcesError, match="already registered"):
        add_source(path, "85024", "https://www.meix.be/files/pst.pdf")
    with pytest.raises(ValueError, match="not a Walloon municipality"):
        add_source(path, "21004", "https://www.bruxelles.be/pst")
    assert load_sources(path) == reg


def test_add_to_a_new_file(tmp_path):
    path = tmp_path / "new.yaml"
    add_source(path, "62100", "https://www.sprimont.be/pst")
    assert load_sources(path).sources[0].kind is SourceKind.PAGE
    assert load_sources(tmp_path / "missing.yaml").sources == ()


def test_kind_from_url():
    assert kind_from_url("https://a.be/x/PST.PDF") is SourceKind.PDF
    assert kind_from_url("https://a.be/x/pst.odt") is SourceKind.ODT
    assert kind_from_url("https://a.be/x/pst") is SourceKind.PAGE


def test_cli_sources_add_and_list(tmp_path, monkeypatch):
    import typer
    from typer.testing import CliRunner

    from flows.cli.common import console
    from flows.cli.web import register

    monkeypatch.setattr(console, "width", 250)

    app = typer.Typer()
    register(app)
    path = tmp_path / "s.yaml"
    runner = CliRunner()
    ok = runner.invoke(app, ["sources", "add", "62100", "https://www.sprimont.be/pst", "--sources", str(path)])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["sources", "add", "12345", "https://x.be/pst", "--sources", str(path)])
    assert bad.exit_code == 1 and "not a Walloon municipality" in bad.output
    listing = runner.invoke(app, ["sources", "list", "--sources", str(path), "--db", str(tmp_path / "none.duckdb")])
    assert listing.exit_code == 0 and "Sprimont" in listing.output and "not yet fetched" in listing.output
