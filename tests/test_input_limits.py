"""Only regular files are read, never beyond a limit: every bad input is one line, at once,
in bounded memory."""

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Every command that reads a file the user names.
READERS = {
    "comments": ["import", "--brand", "acme"],
    "posts": ["post", "import"],
    "outcomes": ["outcomes", "import"],
    "brief": ["brief", "import", "--brand", "acme"],
}


def smmdesk(tmp_path, *args, timeout=60):
    env = {
        **os.environ,
        "SMMDESK_TZ": "UTC",
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    return subprocess.run(
        [sys.executable, "-m", "smmdesk", "--db", str(tmp_path / "desk.db"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


def special_file(tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "pipe.csv"
        os.mkfifo(path)
        return path, "a named pipe, not a regular file"
    if kind == "device":
        return Path("/dev/zero"), "a device, not a regular file"
    if kind == "directory":
        return tmp_path, "is a directory"
    path = tmp_path / "sock.csv"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return path, "not a regular file"


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("kind", ["fifo", "device", "directory", "socket"])
def test_only_regular_files_are_read(tmp_path, reader, kind):
    path, words = special_file(tmp_path, kind)
    try:
        done = smmdesk(tmp_path, *READERS[reader], str(path), timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{reader} import of a {kind} did not return")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("smmdesk: error: ") and done.stderr.count("\n") == 1
    assert words in done.stderr


@pytest.mark.parametrize("reader", ["posts", "outcomes", "brief"])
def test_a_file_beyond_its_kinds_limit_is_refused_unread(tmp_path, reader):
    from smmdesk.files import LIMITS

    kind = reader
    path = tmp_path / "big.csv"
    with open(path, "wb") as handle:
        handle.truncate(LIMITS[kind] + 1)  # sparse: costs no disk
    done = smmdesk(tmp_path, *READERS[reader], str(path))
    assert done.returncode == 2
    assert "file too large" in done.stderr and done.stderr.count("\n") == 1


# Memory: the worst inputs, each in a child process whose peak RSS is measured --------------

MB = 1 << 20
LIMIT_RSS_MB = 500


def write_worst(tmp_path, name) -> tuple[Path, list[str]]:
    path = tmp_path / name
    if name == "one-50mb-comment.csv":
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("id,text,author,created_at\n1,")
            for _ in range(50):
                handle.write("ж" * (MB // 2))
            handle.write(",Ann,2026-11-27T10:00:00Z\n")
        return path, ["line 2", "longer than"]
    if name == "one-50mb-comment.json":
        with open(path, "w", encoding="utf-8") as handle:
            handle.write('[{"id": "1", "created_at": "2026-11-27T10:00:00Z", "text": "')
            for _ in range(25):
                handle.write("x" * MB)
            handle.write('"}]')
        return path, ["longer than", "record 1: text"]
    if name == "30mb-of-empty-objects.json":
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("[")
            handle.write("{}," * (10 * MB))
            handle.write("{}]")
        return path, ["JSON too large to read whole"]
    if name == "100mb-no-newline.jsonl":
        with open(path, "w", encoding="utf-8") as handle:
            handle.write('{"text": "hi", "created_at": "2026-11-27T10:00:00Z"}\n{"text": "')
            for _ in range(100):
                handle.write("y" * MB)
        return path, ["line 2", "longer than"]
    if name == "nested.json":
        path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
        return path, ["nested too deeply"]
    if name == "nested.toml":
        path.write_text("v = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
        return path, ["nested too deeply"]
    if name == "dotted.toml":
        path.write_text("a." * 100_000 + "b = 1\n", encoding="utf-8")
        return path, ["dotted parts"]
    raise AssertionError(name)


PEAK = textwrap.dedent("""
    import resource, subprocess, sys
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(done.returncode, peak, done.stderr.replace("\\n", "|"), sep="\\t")
""")


@pytest.mark.parametrize(
    "name",
    [
        "one-50mb-comment.csv",
        "one-50mb-comment.json",
        "30mb-of-empty-objects.json",
        "100mb-no-newline.jsonl",
        "nested.json",
        "nested.toml",
        "dotted.toml",
    ],
)
def test_bad_inputs_are_one_line_in_bounded_memory(tmp_path, name):
    path, words = write_worst(tmp_path, name)
    command = READERS["brief"] if name.endswith(".toml") else READERS["comments"]
    child = [
        sys.executable,
        "-m",
        "smmdesk",
        "--db",
        str(tmp_path / "desk.db"),
        *command,
        str(path),
    ]
    result = subprocess.run(
        [sys.executable, "-c", PEAK, *child],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "SMMDESK_TZ": "UTC"},
    )
    code, peak_mb, stderr = result.stdout.rstrip("\n").split("\t")
    assert code == "2", stderr
    assert stderr.startswith("smmdesk: error: ") and stderr.count("|") == 1, stderr
    for word in words:
        assert word in stderr
    assert int(peak_mb) < LIMIT_RSS_MB, f"{name}: peak RSS {peak_mb} MB"


# Values out of range: one line naming the file, record and field ----------------------------


@pytest.mark.parametrize(
    ("cell", "field", "words"),
    [
        ("likes=100000000000000000000", "likes", "too large"),
        ("created_at=9999-12-31T23:00:00-05:00", "created_at", "out of range"),
        ("created_at=0001-01-01T00:30:00+01:00", "created_at", "out of range"),
        ("created_at=99999999999999999999", "created_at", "bad date"),
    ],
)
def test_out_of_range_values_are_one_line(tmp_path, capsys, cell, field, words):
    from smmdesk.cli import main

    values = {"id": "1", "text": "hello", "created_at": "2026-11-27T10:00:00Z", "likes": "3"}
    name, value = cell.split("=", 1)
    values[name] = value
    path = tmp_path / "c.csv"
    path.write_text(",".join(values) + "\n" + ",".join(values.values()) + "\n", encoding="utf-8")
    assert main(["--db", str(tmp_path / "desk.db"), "import", "--brand", "acme", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err
    assert err.rstrip("\n").endswith(f"{path}:line 2: {field}")
    json_path = tmp_path / "c.json"
    number = value if name == "likes" and "e" not in value else f'"{value}"'
    json_path.write_text(
        f'[{{"id": "1", "text": "hi", "created_at": "2026-11-27T10:00:00Z", '
        f'"{name}": {number}}}]'.replace(
            '"created_at": "2026-11-27T10:00:00Z", "created_at"', '"created_at"'
        ),
        encoding="utf-8",
    )
    assert (
        main(["--db", str(tmp_path / "desk.db"), "import", "--brand", "acme", str(json_path)]) == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and f"{json_path}:record 1: {field}" in err


def test_a_count_beyond_range_in_json_is_one_line(tmp_path, capsys):
    from smmdesk.cli import main

    path = tmp_path / "c.json"
    path.write_text(
        '[{"id": "1", "text": "hi", "created_at": "2026-11-27T10:00:00Z", "likes": 1e20}]',
        encoding="utf-8",
    )
    assert main(["--db", str(tmp_path / "desk.db"), "import", "--brand", "acme", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "too large" in err and f"{path}:record 1: likes" in err
