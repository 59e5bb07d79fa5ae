"""Core of the PST pipeline: the typed document model and the tree builder."""

PARSER_VERSION = "0.1.0"
