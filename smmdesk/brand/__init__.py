"""The brand and its brief: validation, TOML and Markdown, save and re-rank.

Above the inbox and the calendar (saving a brief re-ranks open comments); the
brief's dataclasses and rows stay in ``smmdesk.store.brief``.
"""
