"""SVG snapshots of the main screens on the demo data with a frozen clock.

Update after an intended change: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from smmdesk.tui.app import SmmdeskApp

SIZE = (120, 36)


def test_inbox(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(demo_store), terminal_size=SIZE)


def test_inbox_detail_of_a_thread(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(demo_store), terminal_size=SIZE, press=["j", "j", "j", "enter"])


def test_report(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(demo_store), terminal_size=SIZE, press=["f3"])


def test_calendar_month(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(demo_store), terminal_size=SIZE, press=["f2"])


def test_calendar_week(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(demo_store), terminal_size=SIZE, press=["f2", "2"])


def test_report_one_brand_previous_week(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(demo_store), terminal_size=SIZE,
                        press=["f3", "b", "left_square_bracket"])
