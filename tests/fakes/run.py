"""Run a platform fake on 127.0.0.1 by hand (for tmux walks and benchmarks):

    python -m tests.fakes.run telegram [--comments N] [--port P]

It prints its URL, then serves until killed. The chat is seeded: a post and N comments.
"""

from __future__ import annotations

import argparse
import time

from tests.fakes import telegram
from tests.fakes.server import FakeServer

SAMPLES = (
    "Where can I buy them?",
    "Terrible quality, broke in a week",
    "Love it, thank you!",
    "When is the next drop?",
    "Delivery took a month, awful",
)


def seeded_telegram(comments: int) -> telegram.FakeTelegram:
    app = telegram.FakeTelegram()
    app.clock = int(time.time()) - 60 * (comments + 2)  # the comments are of the last minutes
    post = app.post("New shoes are out")
    for number in range(comments):
        app.comment(f"{SAMPLES[number % len(SAMPLES)]} #{number}", post, user=1000 + number % 50)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("platform", choices=["telegram"])
    parser.add_argument("--comments", type=int, default=5)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = FakeServer(seeded_telegram(args.comments), port=args.port)
    with server:
        print(server.url, flush=True)
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    main()
