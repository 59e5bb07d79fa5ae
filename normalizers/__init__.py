"""The parse stage, blocks → tree and facts: the tree builder (``tree``), numbering labels and statuses,
document facts (``facts``), and ``parse``, which composes them with the extractors."""


def preload() -> None:
    """Read the vocabularies and reference lists the parse caches (statuses, CPAS names, postal codes), once: a
    process that forks one child per document (``flows.workers``) then hands them to every child, instead of
    each child reading them again (40 ms a document)."""
    from normalizers.facts.cpas import preload_names
    from normalizers.status import preload_statuses

    preload_names()
    preload_statuses()


__all__ = ["preload"]
