"""smmdesk: a keyboard-driven terminal desk for community managers."""

__version__ = "0.1.0"
