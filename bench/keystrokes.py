"""Figure 4, keystrokes: a triage key and a calendar key against a bare DataTable's cursor.

A child (``bench.probe keys``) drives the app with Pilot on a copy of the database
(resolving writes): ``e`` (resolve, move on) 40 times, then F2 and ``]`` (next
month) 24 times (fewer, 5 at least, when a kind of key has taken 25 s), each timed from the
press to the first frame displayed after the key's handler ran (what the user sees: the row
gone, the cursor on the next, the next month's grid); work the app defers past that frame
(the detail pane, the counts, the toast) is timed too, until the screen has settled, and
shown for information. The bare app presses ``down`` in a DataTable of one page, timed the
same way, before and after the app (the presses of both runs pooled). The floor of a triage key, in the app's own table (F12, bound by the probe only):
the row's one UPDATE committed and the row removed, nothing else (F11: the row removed
alone: ``e`` shows its change first and writes right after that frame). A key is pressed once the
previous key's frames are over (none for 50 ms): a frame shown in the 1/60 s before a key makes
the key's own frame wait for Textual's next 60 fps tick, and a triage key's deferred parts draw
for ~60 ms after it. The same 40 ``e`` again at 20 keys a second, not waiting, for information.
The same ``]`` keys again once no
worker runs (the inbox's counts of what the triage keys changed), for information; the floor of
``]``: a bare widget of the calendar grid's size whose 27 lines all change on each key (Textual
drawing them, nothing of ours).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bench import data
from bench.common import Row, at_most, p50, p95


def keys(kind: str, db: Path) -> dict[str, list[float]]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.probe", "keys", kind, str(db)],
        capture_output=True,
        text=True,
        env=data.child_env(),
    )
    if out.returncode:
        raise RuntimeError(f"keys {kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# (stat, its function, times the bare cursor allowed) for each key kind, after the issue.
TARGETS = {
    "triage": (("p50", p50, 1.5), ("p95", p95, 2.0)),
    "calendar": (("p50", p50, 2.0), ("p95", p95, 2.0)),
}


def run(sizes: list[str], log) -> list[Row]:
    rows = []
    for label in sizes:
        log(f"keystrokes at {label}")
        copy = data.DATA / "keys-bench.db"
        for suffix in ("-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(data.database(label), copy)
        # The limit before and after the app, its presses pooled: the machine's drift over the
        # app's ~20 s moves both halves alike.
        before = keys("bare", copy)["cursor"]
        app = keys("app", copy)
        after = keys("bare", copy)["cursor"]
        grid = keys("grid", copy)["grid"]
        cursor = {part: before[part] + after[part] for part in before}
        note = "presses; limit: cursor down in a bare DataTable of one page, to the frame"
        for name, what in (("triage", "triage key e"), ("calendar", "calendar key ]")):
            frame = app[name]["frame"]
            for stat, fn, times in TARGETS[name]:
                rows.append(
                    at_most(
                        f"{what} {stat} @{label}",
                        fn(frame),
                        fn(cursor["frame"]),
                        "ms",
                        times,
                        f"{len(frame)} {note} that shows it",
                    )
                )
            rows.append(
                Row(
                    f"{what} p50 @{label}, until settled",
                    p50(app[name]["settled"]),
                    p50(cursor["settled"]),
                    "ms",
                    "none (information)",
                    None,
                    "the last frame the key caused (detail, counts, toast), none for 50 ms "
                    "after it; limit: the bare cursor, settled",
                )
            )
        for stat, fn, _times in TARGETS["calendar"]:
            rows.append(
                Row(
                    f"calendar key ] {stat} @{label}, no worker running",
                    fn(app["calendar_idle"]["frame"]),
                    fn(cursor["frame"]),
                    "ms",
                    "none (information)",
                    None,
                    "the same months once the inbox's counts (after the triage keys) are done; "
                    "limit: the bare cursor",
                )
            )
        for stat, fn, _times in TARGETS["calendar"]:
            rows.append(
                Row(
                    f"floor of ]: a bare widget's 27 lines all drawn again, {stat} @{label}",
                    fn(grid["frame"]),
                    fn(cursor["frame"]),
                    "ms",
                    "none (information)",
                    None,
                    "Textual drawing a grid's worth of new lines, nothing of ours, to the "
                    "frame; limit: the bare cursor",
                )
            )
        rows.append(
            Row(
                f"triage key e p50 @{label}, 20 keys a second",
                p50(app["triage_fast"]["frame"]),
                p50(cursor["frame"]),
                "ms",
                "none (information)",
                None,
                "50 ms between keys, not waiting for the previous key's frames to end: the "
                "key's frame waits for Textual's next 60 fps tick; limit: the bare cursor",
            )
        )
        rows.append(
            Row(
                f"floor: a row's UPDATE and remove_row in the inbox's table, p50 @{label}",
                p50(app["floor"]["frame"]),
                p50(cursor["frame"]),
                "ms",
                "none (information)",
                None,
                "the least a triage key writing before its frame can cost; limit: the bare cursor",
            )
        )
        rows.append(
            Row(
                f"floor: remove_row alone in the inbox's table, p50 @{label}",
                p50(app["floor_remove"]["frame"]),
                p50(cursor["frame"]),
                "ms",
                "none (information)",
                None,
                "e writes after its frame: what its frame must show (the row gone, the next "
                "under the cursor), nothing else; limit: the bare cursor",
            )
        )
    return rows
