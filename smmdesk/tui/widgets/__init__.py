"""Pieces every section shares: modals, safe inputs."""
