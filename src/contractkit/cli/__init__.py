"""The ``contractkit`` command line: thin commands over the library, errors mapped to exit codes."""

from contractkit.cli.main import main

__all__ = ["main"]
