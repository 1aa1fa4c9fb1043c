"""Drive the real app headless, triaging forever, until the test kills it (SIGKILL)."""

import asyncio
import sys

from smmdesk.store import open_store
from smmdesk.tui.app import SmmdeskApp

KEYS = ["e", "x", "F", "u", "j", "s", "ctrl+a", "ctrl+k", "2", "h", "enter", "u", "e", "u", "u"]


async def main(path: str) -> None:
    app = SmmdeskApp(open_store(path))
    async with app.run_test(size=(120, 36)) as pilot:
        print("ready", flush=True)
        while True:
            for key in KEYS:
                await pilot.press(key)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
