"""The only package that speaks SQL: open the file, pragmas, schema, queries."""

from smmdesk.store.db import Store, default_db_path, open_store

__all__ = ["Store", "default_db_path", "open_store"]
