"""Load test of the HTTP service on loopback: ``highlights_testing.loadtest`` (see its --help).

    .venv/bin/python bench/load.py                      # 2,000 requests, 8 at a time, lead, 1 worker
"""
import sys

from highlights_testing.loadtest import main

if __name__ == "__main__":
    sys.exit(main())
