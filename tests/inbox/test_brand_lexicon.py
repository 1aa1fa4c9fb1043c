import pytest

from smmdesk.errors import UserError
from smmdesk.inbox import lexicon, triage
from smmdesk.inbox.scoring import score_text
from smmdesk.store.brands import create_brand
from tests.inbox.helpers import load, raw


def rows(store):
    return {r["external_id"]: r for r in store.conn.execute("SELECT * FROM comments")}


def test_add_list_remove(store, brand):
    lexicon.add_word(store, brand, "Refund", -2)
    lexicon.add_word(store, brand, "не   працює", "-3")
    lexicon.add_word(store, brand, "розетк*", -1.5)
    lexicon.add_word(store, brand, "refund", -2.5)  # changes, not duplicates
    assert lexicon.list_words(store, brand) == [
        lexicon.Entry("refund", -2.5),
        lexicon.Entry("не працює", -3.0),
        lexicon.Entry("розетк*", -1.5),
    ]
    lexicon.remove_word(store, brand, "REFUND")
    assert [e.phrase for e in lexicon.list_words(store, brand)] == ["не працює", "розетк*"]


def test_lists_are_per_brand(store, brand):
    other = create_brand(store, "Other", slug="other")
    lexicon.add_word(store, brand, "refund", -2)
    assert lexicon.list_words(store, other) == []
    assert lexicon.brand_lexicon_of(store, brand.id) == (("refund", -2.0),)


@pytest.mark.parametrize(
    ("phrase", "valence"),
    [
        ("refund", 5),
        ("refund", -4.5),
        ("refund", "lots"),
        ("refund", "nan"),
        ("", 1),
        ("   ", 1),
        ("*", 1),
        ("a\tb", 1),
        ("ab*", 1),
        ("ref*und", 1),
        ("розетк* гірше", 1),
        ("x" * 101, 1),
    ],
)
def test_bad_entries_change_nothing(store, brand, phrase, valence):
    load(store, brand, [raw("Where is my refund", id="1")])
    before = [tuple(r) for r in store.conn.execute("SELECT * FROM comments")]
    with pytest.raises(UserError):
        lexicon.add_word(store, brand, phrase, valence)
    assert lexicon.list_words(store, brand) == []
    assert [tuple(r) for r in store.conn.execute("SELECT * FROM comments")] == before


def test_removing_a_word_that_is_not_there(store, brand):
    with pytest.raises(UserError):
        lexicon.remove_word(store, brand, "refund")


def test_brand_words_score_words_stems_and_phrases():
    words = {"refund": -2.0, "розетк*": -1.5, "money back": -2.5}
    assert score_text("Where is my refund").band == "neutral"
    assert score_text("Where is my refund", brand_lexicon=words).band == "negative"
    assert score_text("У Розетки дешевше", brand_lexicon=words).band == "negative"
    assert score_text("I want my money back", brand_lexicon=words).band == "negative"
    assert score_text("Дякую", brand_lexicon={"дякую": -1}).band == "negative"  # brand words win


def test_import_uses_the_brand_words(store, brand):
    other = create_brand(store, "Other", slug="other")
    lexicon.add_word(store, brand, "refund", -2)
    load(store, brand, [raw("Where is my refund", id="1")])
    load(store, other, [raw("Where is my refund", id="2")])
    assert rows(store)["1"]["band"] == "negative"
    assert rows(store)["2"]["band"] == "neutral"


def test_changing_words_rescores_open_comments_only(store, brand):
    load(
        store,
        brand,
        [
            raw("Where is my refund", id="1"),
            raw("Thanks, all good", id="2"),
            raw("Is the refund ready", id="3"),
        ],
    )
    done = rows(store)["3"]
    triage.resolve(store, [done["id"]])
    before = rows(store)
    assert before["1"]["band"] == "neutral" and before["1"]["tier"] == 1  # a question

    change = lexicon.add_word(store, brand, "refund", -3)
    after = rows(store)
    assert change.rescored == 2 and change.changed_band == 1
    assert after["1"]["band"] == "negative" and after["1"]["tier"] == 0
    assert after["1"]["compound"] < 0 and after["1"]["urgent_at"] < before["1"]["urgent_at"]
    assert dict(after["2"]) == dict(before["2"])  # no brand word in it
    assert dict(after["3"]) == dict(before["3"])  # triaged: untouched

    lexicon.remove_word(store, brand, "refund")
    again = rows(store)
    for key in ("band", "compound", "tier", "urgent_at"):
        assert again["1"][key] == before["1"][key]
    assert dict(again["3"]) == dict(before["3"])


def test_rescoring_keeps_flag_and_answered_adjustments(store, brand):
    load(store, brand, [raw("Where is my refund", id="1")])
    comment = rows(store)["1"]
    triage.toggle_flag(store, [comment["id"]])
    flagged = rows(store)["1"]
    lexicon.add_word(store, brand, "refund", -3)
    lexicon.remove_word(store, brand, "refund")
    assert rows(store)["1"]["urgent_at"] == flagged["urgent_at"]
    assert rows(store)["1"]["tier"] == flagged["tier"] == 0


def test_pool_workers_get_the_brand_words(brand):
    from smmdesk.inbox.importer import RowContext, built_chunks
    from smmdesk.inbox.scoring import freeze_lexicon
    from smmdesk.store.comments import COLUMN

    records = [raw("Where is my refund", id=str(n)) for n in range(3)]
    words = freeze_lexicon({"refund": -2})
    context = RowContext(brand, "2026-11-28T09:00:00+00:00", "t.json", {}, brand_lexicon=words)
    with built_chunks(iter(records), context, parallel=True) as chunks:
        rows = [row for chunk_rows, _ in chunks for row in chunk_rows]
    assert [r[COLUMN["band"]] for r in rows] == ["negative"] * 3


def test_pool_rows_are_the_serial_rows(store, brand):
    """The workers build exactly the rows this process would: ours, stars, empty, repeats."""
    from smmdesk.inbox.importer import CHUNK, RowContext, built_chunks
    from smmdesk.inbox.priority import targets_for

    texts = ["Where is my refund", "", "love it", "Дякую, все супер!", "Call +1 555 0100 now"]
    records = [raw(texts[n % len(texts)], id=str(n)) for n in range(CHUNK + 7)]
    records[1].rating = 1  # stars and no words: kept, negative
    records[2].ours = True
    context = RowContext(brand, "2026-11-28T09:00:00+00:00", "t.json", targets_for(store, brand.id))
    built = {}
    for parallel in (False, True):
        with built_chunks(iter(records), context, parallel=parallel) as chunks:
            built[parallel] = list(chunks)
    assert built[True] == built[False]
    assert sum(read for _, read in built[True]) == len(records)
