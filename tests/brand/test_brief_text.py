"""brand/brief_text: the user's TOML kept, and merged after a save of values."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from smmdesk.brand.brief_text import merge_comments
from smmdesk.brand.brief_toml import from_toml, to_toml
from smmdesk.store.brief import Audience, Brief, GoalSpec
from smmdesk.store.rules import RuleSpec

BRIEF = Brief(
    value_proposition="Fresh coffee",
    tone="formal",
    never_words=["cheap"],
    sign_off="Kava",
    response_targets={"negative": 20},
    audiences=[Audience("Offices", needs="supply"), Audience("Cafes")],
    goals=[
        GoalSpec("sales", "Sales", target_share=0.5),
        GoalSpec("questions", "Q", target_share=0.5),
    ],
    handles=["kavalab"],
    rules=[RuleSpec("refunds", ["keywords: refund, поверн*"], ["label: refund", "continue"])],
)
COMMENT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20).map(
    lambda text: "# " + text.replace("\u2028", " ").replace("\u2029", " ")
)


def commented(text, comments):
    """``text`` with a comment line above each line whose index is in ``comments``."""
    out = []
    for index, line in enumerate(text.splitlines()):
        if index in comments:
            out.append(comments[index])
        out.append(line)
    return "\n".join(out) + "\n"


# A save from the Brand section, one field changed, and the section of the text it touches.
CHANGES = [
    (replace(BRIEF, tone="playful"), "[policy]"),
    (replace(BRIEF, sign_off=""), "[policy]"),
    (
        replace(BRIEF, response_targets={"negative": 20, "question": 60}),
        "[policy.response_targets]",
    ),
    (replace(BRIEF, audiences=BRIEF.audiences[1:]), "[[audiences]]"),
    (replace(BRIEF, rules=[replace(BRIEF.rules[0], then=["label: refund"])]), "[[rules]]"),
    (replace(BRIEF, audiences=[*BRIEF.audiences, Audience("Schools")]), "[[audiences]]"),
    (
        replace(BRIEF, goals=[replace(BRIEF.goals[0], target_share=0.3), BRIEF.goals[1]]),
        "[[goals]]",
    ),
]


def sections(text):
    """The table header each line of ``text`` is under ("" above the first)."""
    current, out = "", []
    for line in text.splitlines():
        current = line if line.startswith("[") else current
        out.append(current)
    return out


@settings(max_examples=60, deadline=None)
@given(
    where=st.sets(st.integers(0, 45), max_size=8),
    text=COMMENT,
    which=st.integers(0, len(CHANGES) - 1),
)
def test_a_merge_reads_as_the_new_brief_and_keeps_the_comments_of_other_sections(
    where, text, which
):
    fresh = to_toml(BRIEF)
    comments = {index: f"{text} {index}" for index in where}
    kept = commented(fresh, comments)
    new, touched = CHANGES[which]
    merged = merge_comments(kept, to_toml(new))
    assert merged is not None
    assert from_toml(merged) == new
    # A comment goes with the line below it: the next line that is not blank or a comment.
    lines, under = fresh.splitlines(), sections(fresh)
    for index, comment in comments.items():
        below = (j for j in range(index, len(lines)) if lines[j].strip() and lines[j][0] != "#")
        owner = next(below, None)
        if owner is not None and under[owner] != touched:
            assert comment in merged.splitlines(), (comment, under[owner])


def test_an_unchanged_brief_merges_to_the_kept_text_and_inline_comments_stay():
    kept = to_toml(BRIEF).replace('tone = "formal"', 'tone   = "formal"   # the board reads us')
    assert merge_comments(kept, to_toml(BRIEF)) == kept


def test_an_item_of_an_array_of_tables_is_known_by_its_first_value():
    kept = to_toml(BRIEF).replace(
        '[[audiences]]\nname = "Cafes"', '# walk-ins\n[[audiences]]\nname = "Cafes"'
    )
    merged = merge_comments(kept, to_toml(replace(BRIEF, audiences=BRIEF.audiences[1:])))
    assert '# walk-ins\n[[audiences]]\nname = "Cafes"' in merged  # it moved up, its note too


def test_lines_the_merge_cannot_place_give_none():
    fresh = to_toml(BRIEF)
    assert merge_comments(fresh.replace('["cheap"]', '[\n  "cheap",\n]'), fresh) is None
    assert merge_comments(fresh.replace("tone =", "policy.tone ="), fresh) is None
