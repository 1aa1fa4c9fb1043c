"""The walk that replaces half emoji runs exactly when the JSON text escapes one alone."""

import json

from hypothesis import given
from hypothesis import strategies as st

from smmdesk.inbox.formats.jsondoc import has_lone_surrogate

SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
TEXT = st.lists(st.one_of(st.characters(), SURROGATES, st.just("😀")), max_size=30).map("".join)


def lone(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@given(TEXT)
def test_ascii_json_of_any_text_is_flagged_exactly_when_it_holds_a_lone_half(text):
    # json.dumps writes every character above U+FFFF as a pair of escapes, and a lone
    # surrogate as its own escape; decoding rejoins adjacent halves.
    decoded = json.loads(json.dumps(text))
    assert has_lone_surrogate(json.dumps(text)) == lone(decoded)
