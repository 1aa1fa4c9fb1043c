"""khal and calcurse themselves read what we export: the same occurrences as
``smmdesk calendar --agenda``, a deleted post cancelled (khal) or absent (calcurse), and a
feed imported again after an edit replaces its events. Each test runs only where its
program is installed (Debian packages; `.ci/run` installs them in CI)."""

import os
import re
import shutil
import subprocess

import pytest

from smmdesk.cli import main
from smmdesk.store import open_store
from smmdesk.store.brands import add_channel, create_brand

ZONE = "Europe/Kyiv"  # the series spans the clocks going forward (2026-03-29)
FIRST_DAY, DAYS = "2026-03-20", 60
LISTED = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d) (.*)$")  # what both programs print
needs_khal = pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed")
needs_calcurse = pytest.mark.skipif(
    shutil.which("calcurse") is None, reason="calcurse is not installed"
)


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A weekly series (Mon and Wed, 6 times) with two skipped dates and one edited
    occurrence, and a single post."""
    monkeypatch.setenv("SMMDESK_NOW", "2026-03-20T10:00:00+00:00")
    monkeypatch.setenv("SMMDESK_TZ", ZONE)
    monkeypatch.setenv("SMMDESK_CONFIG", str(tmp_path / "config.toml"))
    db = tmp_path / "desk.db"
    with open_store(db) as store:
        add_channel(store, create_brand(store, "Acme"), "Website")
    post = ("--goal", "sales", "--channel", "Website")
    cli(db, "post", "add", "Tips", "--when", "2026-03-23 10:00", "--repeat", "weekly",
        "--on", "mon,wed", "--count", "6", *post)  # fmt: skip
    cli(db, "post", "rm", "1", "--occurrence", "2026-03-25 10:00")
    cli(db, "post", "rm", "1", "--occurrence", "2026-04-06 10:00")
    cli(db, "post", "add", "Sale", "--when", "2026-03-26 18:00", *post)  # #2
    cli(db, "post", "edit", "1", "--occurrence", "2026-03-30 10:00", "--title", "Q&A live")
    return db


def cli(db, *argv):
    assert main(["--db", str(db), *argv]) == 0


def agenda(db, capsys):
    """(local time, title) of every occurrence ``calendar --agenda`` prints."""
    capsys.readouterr()
    cli(db, "calendar", "--agenda", "--date", FIRST_DAY, "--days", str(DAYS))
    shown, day = [], None
    for line in capsys.readouterr().out.splitlines():
        if re.match(r"^\w{3} \d{4}-\d\d-\d\d", line):
            day = line[4:14]
        elif found := re.match(r"^  (\d\d:\d\d)  #\d+ (.+?)(?: ⟳)?(?: \[ad\])? · ", line):
            shown.append((f"{day} {found[1]}", found[2]))
    return shown


def run(argv, tmp_path):
    """A program in the desk's zone, its home in tmp_path; bounded in time."""
    env = {**os.environ, "TZ": ZONE, "HOME": str(tmp_path), "LC_ALL": "C.UTF-8"}
    env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    done = subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 0, (argv, done.stdout, done.stderr)
    return done.stdout


def listed(output, prefix=""):
    """(time, rest of the line) of each event line, the feed's ``Acme: `` taken off."""
    lines = [LISTED.match(line) for line in output.splitlines()]
    return [(m[1], m[2].removeprefix(prefix)) for m in lines if m]


# --- khal ---


class Khal:
    """khal with a config of its own: one calendar, a vdir in tmp_path."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        vdir = tmp_path / "khal" / "vdir"
        vdir.mkdir(parents=True)
        self.vdir = vdir
        self.config = tmp_path / "khal" / "config"
        self.config.write_text(
            f"[calendars]\n[[smmdesk]]\npath = {vdir}\ntype = calendar\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
            "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
            f"longdatetimeformat = %Y-%m-%d %H:%M\nlocal_timezone = {ZONE}\n"
            f"default_timezone = {ZONE}\n"
            f"[sqlite]\npath = {tmp_path / 'khal' / 'khal.db'}\n",
            encoding="utf-8",
        )

    def khal(self, *argv):
        return run(["khal", "-c", str(self.config), *argv], self.tmp)

    def import_(self, path):
        self.khal("import", "--batch", str(path))

    def events(self):
        """(time, "title STATUS") of every occurrence in the agenda's days."""
        out = self.khal("list", "--format", "{start} {title} {status}", FIRST_DAY, f"{DAYS}d")
        return [(when, rest.strip()) for when, rest in listed(out, "Acme: ")]


@needs_khal
def test_khal_shows_the_agendas_occurrences_and_follows_the_feed(desk, tmp_path, capsys):
    feed = tmp_path / "feed.ics"
    cli(desk, "export", "ics", "--feed", str(feed))
    khal = Khal(tmp_path)
    khal.import_(feed)
    shown = agenda(desk, capsys)
    assert len(shown) == 5  # 6 times, 2 skipped, 1 of them edited into its own event
    assert khal.events() == [(when, f"{title} TENTATIVE") for when, title in shown]

    cli(desk, "post", "edit", "2", "--title", "Big sale", "--when", "2026-03-27 18:00")
    khal.import_(feed)  # the feed again: its events replace, by UID, never add
    assert khal.events() == [(when, f"{title} TENTATIVE") for when, title in agenda(desk, capsys)]
    assert len(list(khal.vdir.iterdir())) == 3

    cli(desk, "post", "rm", "2")
    khal.import_(feed)
    cancelled = [event for event in khal.events() if event[1].endswith("CANCELLED")]
    assert cancelled == [("2026-03-27 18:00", "Big sale CANCELLED")]  # "Acme: Big sale"
    kept = [event for event in khal.events() if event not in cancelled]
    assert kept == [(when, f"{title} TENTATIVE") for when, title in agenda(desk, capsys)]


# --- calcurse ---


def calcurse_events(path, tmp_path):
    """(time, title) of every occurrence calcurse shows after importing ``path`` into an
    empty data directory (calcurse keeps no UID: each import adds)."""
    data, conf = tmp_path / "calcurse" / "data", tmp_path / "calcurse" / "conf"
    shutil.rmtree(tmp_path / "calcurse", ignore_errors=True)
    data.mkdir(parents=True)
    conf.mkdir()
    where = ["calcurse", "-D", str(data), "-C", str(conf)]
    run([*where, "-i", str(path)], tmp_path)
    line = "%(start:%Y-%m-%d %H:%M) %m\\n"
    out = run(
        [*where, "--input-datefmt", "4", "-Q", "--from", FIRST_DAY, "--days", str(DAYS),
         "--format-apt", line, "--format-recur-apt", line],
        tmp_path,
    )  # fmt: skip
    return listed(out)


@needs_calcurse
@pytest.mark.parametrize("floating", [False, True])
def test_calcurse_shows_the_agendas_occurrences_and_no_deleted_post(
    desk, tmp_path, capsys, floating
):
    """calcurse 4.7 turns COUNT into an end date that ignores EXDATE: we write UNTIL."""
    exported = tmp_path / "posts.ics"
    flags = ["--floating"] if floating else []
    cli(desk, "export", "ics", "-o", str(exported), *flags)
    shown = agenda(desk, capsys)
    assert len(shown) == 5
    assert calcurse_events(exported, tmp_path) == shown

    cli(desk, "post", "rm", "2")
    cli(desk, "export", "ics", "-o", str(exported), *flags)
    assert calcurse_events(exported, tmp_path) == agenda(desk, capsys)
    assert "Sale" not in {title for _, title in calcurse_events(exported, tmp_path)}
