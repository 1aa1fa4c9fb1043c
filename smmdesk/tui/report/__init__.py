"""The Report section."""
