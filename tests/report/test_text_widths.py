"""Report text tables line up on a terminal when a cell holds emoji or CJK (two cells each)."""

from rich.cells import cell_len

from smmdesk.report.render import _aligned


def test_columns_line_up_by_display_width():
    lines = _aligned(
        ["goal", "posts", "leads"],
        [["sales 🛒🛒", "3", "12"], ["認知度", "10", "4"], ["questions", "1", "0"]],
    )
    header, rule, *rows = lines
    # Every row ends at the same column on screen, however many characters it holds.
    assert {cell_len(line) for line in [header, rule, *rows]} == {cell_len(rule)}
    assert rows[0].startswith("sales 🛒🛒  ") and rows[1].startswith("認知度     ")
