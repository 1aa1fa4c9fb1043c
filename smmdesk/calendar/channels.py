"""A brand's channels (where its posts go out), as the screens and the CLI ask for them.

The store's functions, named in the domain so that screens and commands never import the
store's query modules; the domain adds nothing to them yet.
"""

from smmdesk.store.brands import add_channel
from smmdesk.store.posts import find_channel, get_channel, list_channels

__all__ = ["add_channel", "find_channel", "get_channel", "list_channels"]
