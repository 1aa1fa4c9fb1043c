"""Benchmarks of smmdesk: ``python -m bench`` (see ``bench/__main__.py``). Not tests."""
