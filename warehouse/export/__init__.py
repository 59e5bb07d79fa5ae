"""Out of the warehouse: the one file writer (CSV, Excel, Parquet, iCalendar), view exports, the HTML report."""
