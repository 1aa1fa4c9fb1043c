"""Feedback domain: import, scoring, priority, triage. Never imports Textual."""
