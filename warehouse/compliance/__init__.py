"""Article 27ter compliance: the rules and clocks, the evidence in the warehouse, the statuses."""
