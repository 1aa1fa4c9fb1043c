"""Comments in, replies out: connected accounts, one client a platform, the sync engine and
the outbox. No Textual; the CLI and the TUI call it."""
