"""The store's typed models and the names they are keyed by, for the screens and the CLI.

The screens and the CLI never import the store's query modules (an import-linter contract in
``pyproject.toml``): they call the domain, and take the types of what it returns from here.
"""

from smmdesk.store.brands import Brand, BrandCounts
from smmdesk.store.brief import (
    TARGET_BANDS,
    Audience,
    Brief,
    BriefError,
    ChannelSpec,
    Competitor,
    GoalSpec,
)
from smmdesk.store.comment_models import (
    STATUSES,
    Action,
    Comment,
    QueueRow,
    Reply,
    Template,
)
from smmdesk.store.comments import SORTS, QueueFilter
from smmdesk.store.outcomes import FIGURES
from smmdesk.store.posts import Channel, Goal

__all__ = [
    "FIGURES",
    "SORTS",
    "STATUSES",
    "Action",
    "Comment",
    "QueueRow",
    "Reply",
    "Template",
    "TARGET_BANDS",
    "Audience",
    "Brand",
    "BrandCounts",
    "Brief",
    "BriefError",
    "Channel",
    "ChannelSpec",
    "Competitor",
    "Goal",
    "GoalSpec",
    "QueueFilter",
]
