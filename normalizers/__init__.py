"""The parse stage, blocks → tree and facts: the tree builder (``tree``), numbering labels and statuses,
document facts (``facts``), and ``parse``, which composes them with the extractors."""
