"""The demo desk: realistic, deterministic (seeded) data around a given moment."""
