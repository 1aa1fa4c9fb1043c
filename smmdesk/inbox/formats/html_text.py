"""YouTube's ``textDisplay`` as plain text: entities unescaped, ``<br>`` a newline, a link
"text (url)", every other tag dropped. A parser, never a regex over the markup."""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["html_to_text"]


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str | None, int]] = []  # open <a>: href, where its text starts

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            href = next((value for name, value in attrs if name == "href"), None)
            self.links.append((href, len(self.parts)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:])
            if href and href != text:
                self.parts[start:] = [f"{text} ({href})" if text else href]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of a comment's HTML; text without tags or entities comes back as it is."""
    if "<" not in markup and "&" not in markup:
        return markup
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)
