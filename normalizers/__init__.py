"""Pure normalizers: numbering labels, statuses, dates, CPAS names."""
