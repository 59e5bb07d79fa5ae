"""The DuckDB warehouse, rows: SQL schema files, the single-writer loader, fetch state, the after-load
step; compliance (art. 27ter), analysis (themes, similar actions, search) and export (files, report)."""
