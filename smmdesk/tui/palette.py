"""The command palette: one provider per section, made from the section's bindings.

Every action of a section is a command (searchable by its name and its tooltip);
choosing it goes to that section and runs the action there. Its key, as bound now
(``config.toml`` ``[keymap]`` applied), is in the command's help line.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from smmdesk.tui import keys
from smmdesk.tui.section import Section


def section_provider(section: Section) -> type[Provider]:
    class SectionCommands(Provider):
        def commands(self) -> Iterator[tuple[str, str, object]]:
            app = self.app
            keymap = dict(getattr(app, "keymap", {}) or {})
            go = keys.find(app, section.binding_id)
            yield (
                section.title,
                f"{section.tooltip} (key: {keys.shown(keymap, go)})",
                partial(app.run_action, f"section('{section.name}')"),
            )
            seen = set()
            for cls in section.view_class().__mro__:
                for binding in keys.bindings_of(cls):
                    if not binding.description or binding.id in seen:
                        continue
                    seen.add(binding.id)
                    yield (
                        binding.description,
                        f"{section.title} · {binding.tooltip or binding.description} "
                        f"(key: {keys.shown(keymap, binding)})",
                        partial(app.run_in_section, section.name, binding.action),  # type: ignore[attr-defined]
                    )

        async def discover(self) -> Hits:
            for title, help_text, command in self.commands():
                yield DiscoveryHit(title, command, help=help_text)  # type: ignore[arg-type]

        async def search(self, query: str) -> Hits:
            matcher = self.matcher(query)
            for title, help_text, command in self.commands():
                score = max(matcher.match(title), matcher.match(help_text) * 0.5)
                if score > 0:
                    yield Hit(score, matcher.highlight(title), command, help=help_text)  # type: ignore[arg-type]

    SectionCommands.__name__ = SectionCommands.__qualname__ = f"{section.title}Commands"
    return SectionCommands
