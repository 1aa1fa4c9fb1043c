"""Saved replies (templates) and the replies we recorded, with where to post them.

The store's functions, named in the domain so that screens and commands never import the
store's query modules; the domain adds nothing to them yet.
"""

from smmdesk.store.comments import add_template, delete_template, list_templates, replies_to_post

__all__ = ["add_template", "delete_template", "list_templates", "replies_to_post"]
