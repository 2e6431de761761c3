"""The version of Highlights, in one place below everything that reports it (the CLI, the service)."""

__version__ = "0.1.0"
