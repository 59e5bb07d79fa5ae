"""A gallery of plans of our own making, rendered by real office software, each with a gold tree (issue 10)."""
