"""Content domain: posts, goals, scheduling, recurrence, exports. Never imports Textual."""
