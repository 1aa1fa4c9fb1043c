"""The one exception type for mistakes a user can fix (bad input, bad path)."""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input, shown as one line, never a traceback.

    The message says what is wrong and where: ``"<what>, <where>"``. ``UserError(what,
    where="title")`` keeps the two apart (``.what``, ``.where``: the field or place a form
    can focus); a message given whole has ``where`` None.
    """

    def __init__(self, what: str, where: str | None = None):
        super().__init__(f"{what}, {where}" if where else what)
        self.what = what
        self.where = where

    def __reduce__(self):  # pickles (a scoring worker's error) with both parts
        return type(self), (self.what, self.where)
