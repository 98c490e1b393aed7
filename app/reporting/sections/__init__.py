"""One module per section of the report; each turns ``ReportData`` into flowables."""
