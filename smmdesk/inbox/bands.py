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
