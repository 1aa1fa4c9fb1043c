"""textsafe.visible: its ASCII fast path says what the character rule says."""

import string

from hypothesis import given
from hypothesis import strategies as st

from smmdesk.textsafe import visible


@given(st.text(alphabet=string.printable + "\x00\x1b\x7f\u202e\u0301é😀", max_size=60))
def test_fast_path_agrees_with_the_rule(text: str) -> None:
    # A NUL at the end takes every text down the per-character rule.
    assert visible(text + "\x00") == visible(text) + "\\x00"
    assert visible(text + "\x00", keep_newlines=True) == visible(text, keep_newlines=True) + "\\x00"
