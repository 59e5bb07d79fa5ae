"""Ground floor of the PST pipeline: ``core`` (model, errors, formats, text, settings),
``reference`` (municipalities and bound CPAS) and ``acquire`` (local files and the web)."""
