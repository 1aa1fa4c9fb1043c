"""What the inbox's filters offer (labels, languages, platforms) and the search check.

The store's functions, named in the domain so that screens and commands never import the
store's query modules; the domain adds nothing to them yet.
"""

from smmdesk.store.comments import all_labels, check_search, languages, platforms

__all__ = ["all_labels", "check_search", "languages", "platforms"]
