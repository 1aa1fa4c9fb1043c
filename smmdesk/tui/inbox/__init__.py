"""The Inbox section: the queue view, filters, reply editor, import dialog, word list."""
