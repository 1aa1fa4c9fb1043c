"""Fakes of the platforms' APIs: real HTTP servers on 127.0.0.1, started by the tests,
serving the documented shapes and errors (``server.FakeServer``; one module a platform)."""
