"""``contractkit clauses list|show``: browse the clause library."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def clauses() -> None:
    """Browse the clause library."""


@clauses.command("list")
@click.option("--category", help="Only this category (payment, acceptance, penalty, ...).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
@click.option("--library", type=click.Path(path_type=Path, file_okay=False), help="Another clause library folder.")
def list_clauses(category: str | None, lang: str, as_json: bool, library: Path | None) -> None:
    """List clauses with their parameters and when to use them."""
    from contractkit.errors import UsageError
    from contractkit.model.clauses import CATEGORIES, default_library, load_library

    lib = load_library(library) if library else default_library()
    if category is not None and category not in CATEGORIES:
        raise UsageError(f"contractkit: no category {category!r}; use one of {', '.join(CATEGORIES)}")
    chosen = [c for c in lib if category is None or c.category == category]
    if as_json:
        payload = [
            {
                "id": c.id,
                "version": c.data.version,
                "category": c.category,
                "title": c.data.title.model_dump(),
                "use_when": c.data.use_when.model_dump(),
                "parameters": {name: p.model_dump(exclude_none=True) for name, p in c.data.parameters.items()},
                "one_of": c.data.one_of,
                "references": c.data.references,
            }
            for c in chosen
        ]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for clause in chosen:
        params = ", ".join(
            f"{name}={p.default}" if p.default is not None else name for name, p in clause.data.parameters.items()
        )
        click.echo(f"{clause.id}  {clause.title(lang)}" + (f"  ({params})" if params else ""))
        click.echo(f"    {clause.data.use_when.get(lang)}")


@clauses.command("show")
@click.argument("clause_id")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.option("--library", type=click.Path(path_type=Path, file_okay=False), help="Another clause library folder.")
def show_clause(clause_id: str, lang: str, library: Path | None) -> None:
    """Show one clause rendered with its default parameters on an example project."""
    import difflib

    from contractkit.documents.contract import example_project, render_clause_text
    from contractkit.errors import UsageError
    from contractkit.model.clauses import default_library, legal_references, load_library

    lib = load_library(library) if library else default_library()
    clause = lib.get(clause_id)
    if clause is None:
        close = difflib.get_close_matches(clause_id, [c.id for c in lib], n=1)
        hint = f"; did you mean {close[0]}?" if close else "; `contractkit clauses list` shows them"
        raise UsageError(f"contractkit: no clause {clause_id!r}{hint}")
    project = example_project(lang)
    paragraphs = render_clause_text(clause, project, lang, {}, numbers={clause.id: "1"})
    click.echo(f"{clause.title(lang)}  [{clause.id} v{clause.data.version}]")
    click.echo("")
    for i, text in enumerate(paragraphs, start=1):
        prefix = f"1.{i}  " if len(paragraphs) > 1 else ""
        lines = text.splitlines()
        click.echo(prefix + lines[0])
        for line in lines[1:]:
            click.echo("      " + line)
    if clause.data.parameters:
        click.echo("")
        click.echo("参数" if lang == "zh" else "Parameters")
        for name, p in clause.data.parameters.items():
            bounds = p.bounds()
            default = f" = {p.default}" if p.default is not None else ""
            click.echo(f"  {name} ({p.type}{default}{'; ' + bounds if bounds else ''}): {p.description.get(lang)}")
    if clause.data.references:
        refs = legal_references()
        click.echo("")
        click.echo("法律依据" if lang == "zh" else "Legal references")
        for key in clause.data.references:
            click.echo(f"  {refs[key][lang]}: {refs[key]['gist']} [law/{refs[key]['module']}.py]")
