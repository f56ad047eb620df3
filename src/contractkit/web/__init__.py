"""``contractkit serve``: a local web app over a folder of projects, on top of the same API as the CLI.

The project file stays the source of truth: every page reads it, and every form edits it the way
``demand --record`` does (as text, under the same lock and journal), so that the CLI reads what the
browser leaves behind exactly as it reads a file written by hand. Nothing else imports this package
except the ``serve`` command.
"""
