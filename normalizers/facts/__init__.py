"""Document facts read from the text: CPAS, legislature, kind, declared counts, dated events."""
