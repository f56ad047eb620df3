"""Peers of `validate` and `--help`, whole process: the import floor of their own dependencies.

    python benchmarks/peers/imports.py validate PROJECT.yaml
    python benchmarks/peers/imports.py help

validate: start Python, import PyYAML, pydantic's BaseModel and click (what validate itself stands on)
and compose the project file's YAML with libyaml, as contractkit's loader does. It does not type the
values, check the clause library (nor import Jinja2 for it), compute the schedule or run any rule: the
ratio says what all of that, and contractkit's own imports, cost above the floor. (`import pydantic`
alone imports almost nothing since pydantic 2: its names load on first use. Until the runs of issue 15's
third round the floor stopped there, 30 ms below what any program that declares one model pays.)

help: start Python, import click and print the help of a group with the same twelve command names.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1] == "validate":
        import click
        import yaml
        from pydantic import BaseModel

        with open(sys.argv[2], encoding="utf-8") as source:
            root = yaml.compose(source.read(), Loader=yaml.CSafeLoader)
        assert root is not None and click and BaseModel
        print(f"{sys.argv[2]}: parsed")
        return
    import click

    @click.group(help="Draft contracts, payment applications and demand letters that get project work paid.")
    def cli() -> None:
        pass

    for name in [
        "apply",
        "clauses",
        "demand",
        "demo",
        "draft",
        "init",
        "report",
        "rules",
        "schema",
        "status",
        "templates",
        "validate",
    ]:
        cli.add_command(click.Command(name, help=f"The {name} command.", callback=lambda: None))
    cli(["--help"])


if __name__ == "__main__":
    main()
