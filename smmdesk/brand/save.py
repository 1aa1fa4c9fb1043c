"""Saving a brand's brief re-ranks its open comments: one rule for the CLI and the TUI.

A brief carries the brand's response targets and handles, which decide each open
comment's deadline and whether it is ours; saving one without re-ranking would
leave the stored queue order and the explanation disagreeing.
"""

from __future__ import annotations

from smmdesk.brand.brief import validate
from smmdesk.inbox.lexicon import rescore_open
from smmdesk.inbox.ours import remark
from smmdesk.inbox.rules import check_templates
from smmdesk.store import Store
from smmdesk.store.brands import Brand
from smmdesk.store.brief import Brief, save_brief_rows


def write_brief(store: Store, brand: Brand, brief: Brief) -> Brief:
    """Validate and write the whole brief in one transaction, without re-ranking."""
    brief = validate(brief)
    if brief.rules is not None:
        check_templates(store, brand, brief.rules)  # the saved replies its rules name
    return save_brief_rows(store, brand, brief)


def save_brief(store: Store, brand: Brand, brief: Brief) -> Brief:
    """Validate and write the brief, then re-mark our comments and re-rank the open ones."""
    saved = write_brief(store, brand, brief)
    remark(store, brand)
    rescore_open(store, brand)
    return saved
