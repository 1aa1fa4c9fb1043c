"""The detector's figures on the public YouTube Spam Collection (docs/spam.md), when its five
CSVs are on this machine: ``SMMDESK_SPAM_DATA=DIR`` (the suite never downloads them, and
they are not in the repository). Tuned on Psy, KatyPerry and LMFAO; held out: Eminem and
Shakira. Skipped without the files."""

import os
from pathlib import Path

import pytest

from bench.spam_figures import measure

FILES = {
    "tune": ("Youtube01-Psy.csv", "Youtube02-KatyPerry.csv", "Youtube03-LMFAO.csv"),
    "held_out": ("Youtube04-Eminem.csv", "Youtube05-Shakira.csv"),
}
FOLDER = Path(os.environ.get("SMMDESK_SPAM_DATA", "/nonexistent"))


@pytest.mark.slow
@pytest.mark.skipif(
    not all((FOLDER / name).is_file() for names in FILES.values() for name in names),
    reason="the YouTube Spam Collection is not here (set SMMDESK_SPAM_DATA)",
)
def test_figures_on_the_public_set(tmp_path):
    runs = measure(
        tmp_path,
        [FOLDER / name for name in FILES["tune"]],
        [FOLDER / name for name in FILES["held_out"]],
    )
    for name in ("built-in, held out", "learnt, held out"):
        assert runs[name].precision >= 0.9 and runs[name].recall >= 0.6, (name, runs[name])
        assert runs[name].top_share < runs[name].top_share_without, name
