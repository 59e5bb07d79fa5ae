"""The DuckDB warehouse: SQL schema files, loader and public views."""
