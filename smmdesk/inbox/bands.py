"""The sentiment bands, and how every screen and the CLI shows them: one place."""

from __future__ import annotations

# In the order the filters and the report list them (the schema's CHECK on comments.band).
BANDS = ("negative", "unscored", "neutral", "positive")

# The short badge of a band (queue list, detail pane, CLI lines) and its style (a Rich style).
BAND_SYMBOL = {"negative": "▼ neg", "neutral": "● neu", "positive": "▲ pos", "unscored": "? uns"}
BAND_STYLE = {
    "negative": "bold red",
    "neutral": "grey70",
    "positive": "green",
    "unscored": "bold yellow",
}

# A suspected spam comment (inbox.spam) shows this badge instead of its band's: it ranks last,
# whatever its tone.
SUSPECT_SYMBOL = "⊘ spam"
SUSPECT_STYLE = "dim magenta"


def badge(band: str, spam_suspect: bool = False) -> tuple[str, str]:
    """(symbol, style) of a comment in a list."""
    if spam_suspect:
        return SUSPECT_SYMBOL, SUSPECT_STYLE
    return BAND_SYMBOL[band], BAND_STYLE[band]
