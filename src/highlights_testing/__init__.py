"""Helpers for the tests and the benchmarks, kept out of the runtime package ``highlights``.

``pgserver``: a throwaway PostgreSQL server on loopback; ``loadtest``: a bounded load test of
``highlights serve`` (``python -m highlights_testing.loadtest --help``).
"""
