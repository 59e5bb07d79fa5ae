"""A Frictionless data package (``datapackage.json``) describing the files of an export.

One resource per view, its fields typed and described from the schema's comments
(``warehouse.dictionary``), so the meaning of each column travels with the files. Written to the
Data Package v1 spec (tabular profile) with v2's ``sheetName`` dialect for the Excel sheets. Checked
once with ``frictionless validate`` (5.21): the CSV, csv-fr and Excel packages pass, data included
(on Parquet it flags NULL integers, which its reader turns into NaN).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from warehouse.export.writers import ExportColumn, describe

DATAPACKAGE = "datapackage.json"
_MEDIA_TYPES = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")


@dataclass(frozen=True)
class Resource:
    """One exported table: its view, the file (and sheet) holding it, its columns there, its meaning."""

    view: str
    path: Path
    fmt: str
    columns: Sequence[ExportColumn]
    description: str = ""


def field_type(duck_type: str, fmt: str) -> str:
    """Table Schema type of a DuckDB column as written in ``fmt`` (lists and structs are text in CSV and Excel)."""
    t = duck_type.upper()
    if t.endswith("]") or t.startswith(("STRUCT", "MAP")):
        return ("array" if t.endswith("]") else "object") if fmt == "parquet" else "string"
    if t == "VARCHAR":
        return "string"
    if t == "BOOLEAN":
        return "boolean"
    if t in _INTEGERS:
        return "integer"
    if t.startswith(("DOUBLE", "FLOAT", "REAL", "DECIMAL")):
        return "number"
    if t == "DATE":
        return "date"
    if t.startswith("TIMESTAMP"):
        return "datetime"
    if t.startswith("TIME"):
        return "time"
    return "any"


def _field(column: ExportColumn, meaning: str, fmt: str) -> dict:
    field = {"name": column.name, "type": field_type(column.duck_type, fmt), "description": describe(column, meaning)}
    if field["type"] == "number" and fmt == "csv-fr":
        field["decimalChar"] = ","
    if field["type"] == "datetime" and fmt.startswith("csv"):
        field["format"] = "any"  # DuckDB writes "2026-11-23 12:00:00", not the default ISO 8601 "T…Z"
    return field


def _resource(res: Resource, meanings: Mapping[tuple[str, str], str]) -> dict:
    base = "csv" if res.fmt.startswith("csv") else res.fmt
    out: dict = {
        "name": res.view.lower(),
        "path": res.path.name,
        "profile": "tabular-data-resource",
        "format": base,
        "mediatype": _MEDIA_TYPES[base],
    }
    if res.description:
        out["description"] = res.description
    if base == "csv":
        out["encoding"] = "utf-8-sig" if res.fmt == "csv-fr" else "utf-8"
        out["dialect"] = {"delimiter": ";" if res.fmt == "csv-fr" else ",", "header": True}
    if base == "xlsx":
        # sheetName: Table Dialect of Data Package v2; excel.sheet: what frictionless-py 5 reads.
        out["dialect"] = {"sheetName": res.view[:31], "excel": {"sheet": res.view[:31]}}
    out["schema"] = {"fields": [_field(c, meanings.get((res.view, c.source), ""), res.fmt) for c in res.columns]}
    return out


def datapackage(resources: Sequence[Resource], meanings: Mapping[tuple[str, str], str]) -> dict:
    """The ``datapackage.json`` descriptor of an export."""
    return {
        "profile": "tabular-data-package",
        "name": "cpas-pst-warehouse",
        "title": "Programmes stratégiques transversaux (PST) des CPAS wallons : vues publiques",
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "resources": [_resource(r, meanings) for r in resources],
    }


def write_datapackage(
    out_dir: str | Path, resources: Sequence[Resource], meanings: Mapping[tuple[str, str], str]
) -> Path:
    """Write ``datapackage.json`` beside the exported files; return its path."""
    path = Path(out_dir) / DATAPACKAGE
    text = json.dumps(datapackage(resources, meanings), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
    return path


__all__ = ["DATAPACKAGE", "Resource", "datapackage", "field_type", "write_datapackage"]
