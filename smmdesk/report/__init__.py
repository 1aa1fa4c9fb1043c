"""The report: the figures that matter, across inbox and calendar — no Textual, no SQL."""
