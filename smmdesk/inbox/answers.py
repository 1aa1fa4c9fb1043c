"""Saved replies (templates) and the replies we recorded, with where to post them.

Named in the domain so that screens and commands never import the store's query modules;
a saved reply is checked here (``replies.check_template``, ``check_language``) before it is
stored.
"""

from __future__ import annotations

from smmdesk.inbox.replies import check_language, check_template
from smmdesk.store import Store
from smmdesk.store import comments as q
from smmdesk.store.comments import delete_template, list_templates, replies_to_post

__all__ = ["add_template", "delete_template", "list_templates", "replies_to_post"]


def add_template(
    store: Store, name: str, text: str, brand_id: int | None = None, language: str | None = None
) -> int:
    """Add a saved reply, or replace the one of that name (its text and language); a
    language of None (or "any") is any language."""
    name, text = check_template(name, text)
    code = check_language(language)
    with store.transaction():
        return q.add_template(store, name, text, brand_id, code)
