"""The one exception type for mistakes a user can fix (bad input, bad path)."""


class UserError(Exception):
    """A problem with the user's input, shown as one line, never a traceback.

    The message says what is wrong and where: ``"<what>, <where>"``.
    """
