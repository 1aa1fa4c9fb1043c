"""The brands and their briefs, as the screens and the CLI ask for them.

The store's functions, named in the domain so that screens and commands never import the
store's query modules; the domain adds nothing to them yet. Saving a brief is
``brand.save.save_brief`` (validate, write, re-mark and re-rank).
"""

from smmdesk.store.brands import (
    brand_by_id,
    brands_with_counts,
    clean_handles,
    create_brand,
    ensure_brand,
    find_brand,
    get_brand,
    handle_key,
    list_brands,
    remove_brand,
    rename_brand,
    split_handles,
)
from smmdesk.store.brief import load_brief

__all__ = [
    "brand_by_id",
    "brands_with_counts",
    "clean_handles",
    "create_brand",
    "ensure_brand",
    "find_brand",
    "get_brand",
    "handle_key",
    "list_brands",
    "load_brief",
    "remove_brand",
    "rename_brand",
    "split_handles",
]
