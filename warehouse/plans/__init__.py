"""Plans: one plan counted once, how far to trust each parse, and the analysts' corrections.

- ``corrections_file``: read ``data/corrections/*.yaml`` (errors name the file and line);
- ``corrections``: apply them to the parse (``core_parsed_*`` → ``core_plan_items``), every time;
- ``quality``: a confidence and its reasons for every document (``core_parse_quality``);
- ``identity``: plan = CPAS × legislature × kind; link its renditions, choose the current one;
- ``checks``: dbt-style data tests (``core_data_tests``, ``pst check``);
- ``review``: the review queue (``pst review``);
- ``refresh``: the step every load ends with, in that order.
"""
