"""``python -m contractkit``."""

from contractkit.cli import main

main()
