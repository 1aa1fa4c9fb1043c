"""The one optional brand condition of the store's queries."""

from __future__ import annotations


def and_brand(brand_id: int | None, column: str = "brand_id") -> tuple[str, list[object]]:
    """``" AND <column> = ?"`` and its parameter when ``brand_id`` is given, else nothing.

    ``column`` is the query's own column name (``"c.brand_id"``), never user text.
    """
    if brand_id is None:
        return "", []
    return f" AND {column} = ?", [brand_id]
