"""config.toml: one line per mistake, the defaults otherwise; the theme line written back."""

import pytest

from smmdesk.cli import main
from smmdesk.config import Config, load, load_or_defaults, parse, save_theme, with_theme
from smmdesk.errors import UserError
from smmdesk.inbox.priority import targets_for as targets_from_settings

IDS = {"inbox.resolve", "app.section.inbox"}


def mistake(tmp_path, text: str, **kwargs) -> str:
    with pytest.raises(UserError) as caught:
        parse(text, tmp_path / "config.toml", **kwargs)
    return str(caught.value)


def test_a_full_file(tmp_path):
    config = parse(
        'theme = "nord"\n[keymap]\ninbox.resolve = "z, e"\n"app.section.inbox" = "f1,ctrl+1"\n'
        "[targets]\nnegative = 30\nquestion = 120\n[calendar]\nmin_gap_minutes = 45\n",
        tmp_path / "config.toml",
        binding_ids=IDS,
    )
    assert config.theme == "nord"
    assert dict(config.keymap) == {"inbox.resolve": "z,e", "app.section.inbox": "f1,ctrl+1"}
    assert config.settings() == {
        "target.negative": "30",
        "target.question": "120",
        "calendar.min_gap_minutes": "45",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('theme = "nord\n', "config.toml:line 1: "),
        (
            '# a\n[keymap]\n"inbox.nope" = "z"\n',
            "config.toml:line 3: unknown binding id 'inbox.nope'",
        ),
        ('[keymap]\n\ninbox.resolve = "ctrl+"\n', "config.toml:line 3: not a key: 'ctrl+'"),
        ('[keymap]\ninbox.resolve = "hyperdrive"\n', "config.toml:line 2: not a key"),
        ("[keymap]\ninbox.resolve = 3\n", "config.toml:line 2: inbox.resolve needs keys as text"),
        ("[targets]\nnegative = -5\n", "config.toml:line 2: negative must be whole minutes"),
        ("[targets]\nsoon = 5\n", "config.toml:line 2: unknown band 'soon'"),
        ("\n\n[calendar]\nmin_gap_minutes = 'x'\n", "config.toml:line 4: min_gap_minutes must be"),
        ("colour = 1\n", "config.toml:line 1: unknown setting 'colour'"),
        ("theme = 3\n", "config.toml:line 1: theme must be a theme name"),
        ("[sync]\nevery_minutes = 0\n", "config.toml:line 2: every_minutes must be whole minutes"),
        ("[sync]\n\nevery_minutes = true\n", "config.toml:line 3: every_minutes must be"),
        ("[sync]\nhide_spam = 'yes'\n", "config.toml:line 2: hide_spam must be true or false"),
        ("# s\n[sync]\nevery = 5\n", "config.toml:line 3: unknown setting 'every'"),
        ("sync = 5\n", "config.toml:line 1: sync must be a table"),
        ("[publish]\ngrace_minutes = -1\n", "config.toml:line 2: grace_minutes must be whole"),
        ("[publish]\n\ngrace_minutes = 1.5\n", "config.toml:line 3: grace_minutes must be"),
        ("[publish]\ngrace_minutes = false\n", "config.toml:line 2: grace_minutes must be"),
        ("[publish]\ngrace = 5\n", "config.toml:line 2: unknown setting 'grace'"),
    ],
)
def test_every_mistake_is_one_line_naming_its_line(tmp_path, text, expected):
    message = mistake(tmp_path, text, binding_ids=IDS)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_sync_is_off_by_default_and_set_by_its_table(tmp_path):
    assert Config().sync_every_minutes is None and Config().hide_spam is False
    config = parse("[sync]\nevery_minutes = 15\nhide_spam = true\n", tmp_path / "config.toml")
    assert (config.sync_every_minutes, config.hide_spam) == (15, True)
    assert config.settings() == {}  # the app's, not the store's


def test_the_template_is_a_valid_file_with_every_table(tmp_path):
    from smmdesk.config import TABLES, TEMPLATE, ensure_template

    path = tmp_path / "config.toml"
    assert ensure_template(path)
    assert load(path) == Config(path=path)
    assert all(f"[{table}]" in TEMPLATE for table in TABLES)
    assert "# every_minutes = 15" in TEMPLATE and "# hide_spam = false" in TEMPLATE


def test_a_mistake_gives_the_defaults_and_its_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[targets]\nnegative = 'soon'\n")
    config, error = load_or_defaults(path)
    assert config == Config(path=path)
    assert error.startswith("config.toml:line 2:")


def test_the_file_is_read_bounded(tmp_path):
    path = tmp_path / "config.toml"
    path.mkdir()
    with pytest.raises(UserError, match="directory"):
        load(path)
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * (300 * 1024) + "\n")
    with pytest.raises(UserError, match="too large"):
        load(big)


def test_no_file_is_the_defaults(tmp_path):
    assert load(tmp_path / "none.toml") == Config(path=tmp_path / "none.toml")


def test_saving_the_theme_replaces_only_its_line(tmp_path):
    assert with_theme('# mine\ntheme = "a"  # old\n[keymap]\n', "nord") == (
        '# mine\ntheme = "nord"\n[keymap]\n'
    )
    assert with_theme('# mine\n[keymap]\n"x.y" = "z"\n', "nord") == (
        '# mine\ntheme = "nord"\n[keymap]\n"x.y" = "z"\n'
    )
    assert with_theme("", "nord") == 'theme = "nord"\n'
    path = tmp_path / "sub" / "config.toml"
    save_theme(path, "gruvbox")
    assert load(path).theme == "gruvbox"
    with pytest.raises(UserError):
        save_theme(path, 'x"\n[evil]')


def test_config_targets_feed_the_settings(store):
    before = targets_from_settings(store)
    store.overrides.update({"target.negative": "7", "target.neutral": "99"})
    assert targets_from_settings(store)["negative"] == 7
    with store.reader() as reader:
        assert targets_from_settings(reader)["neutral"] == 99
    assert before.get("negative") != 7


def test_cli_config_path_show_edit(tmp_path, monkeypatch, capsys):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("SMMDESK_CONFIG", str(path))
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(path)
    monkeypatch.setenv("EDITOR", "true")
    assert main(["config", "edit"]) == 0
    assert "[keymap]" in path.read_text()
    assert load(path) == Config(path=path)  # the template is all comments
    path.write_text('[keymap]\n"inbox.resolve" = "z"\n"inbox.bogus" = "q"\n')
    assert main(["config", "show"]) == 2
    err = capsys.readouterr().err
    assert (
        err.strip()
        == "smmdesk: error: config.toml:line 3: unknown binding id 'inbox.bogus' (see README.md, Keys)"
    )
    path.write_text('[keymap]\n"inbox.resolve" = "z"\n[sync]\nevery_minutes = 10\n')
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert "inbox.resolve = 'z'" in out
    assert "[sync]\nevery_minutes = 10\nhide_spam = false\n" in out


def test_the_calendar_gap_comes_from_the_config(store):
    from datetime import timedelta

    from smmdesk.calendar import checks

    assert checks.min_gap(store) == checks.DEFAULT_MIN_GAP
    store.overrides.update(Config(min_gap_minutes=45).settings())
    assert checks.min_gap(store) == timedelta(minutes=45)


def test_the_publishing_grace_comes_from_the_config(store, tmp_path):
    from datetime import timedelta

    from smmdesk.config import TEMPLATE
    from smmdesk.sync import publish

    assert publish.grace_of(store) == publish.GRACE == timedelta(hours=2)
    config = parse("[publish]\ngrace_minutes = 45\n", tmp_path / "config.toml")
    assert config.publish_grace_minutes == 45
    assert config.settings() == {"publish.grace_minutes": "45"}
    store.overrides.update(config.settings())
    assert publish.grace_of(store) == timedelta(minutes=45)
    assert "# grace_minutes = 120" in TEMPLATE
