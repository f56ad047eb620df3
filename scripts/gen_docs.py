"""Generate docs/project-file.md (from the schema), docs/clauses.md (from the library) and docs/rules.md.

Run `python scripts/gen_docs.py` after changing the models, the clause library or the rules; a test checks
the committed files are current.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def project_file_reference() -> str:
    from pydantic import BaseModel

    from contractkit.model.models import Project

    lines = [
        "# The project file",
        "",
        "Generated from the pydantic models by `scripts/gen_docs.py`; `contractkit schema` prints the same as "
        'JSON Schema. Every value is written as text; amounts like `"720,000.00"`, percentages with their '
        "sign (`30%`), dates as `YYYY-MM-DD`. Unknown keys are errors.",
        "",
    ]
    seen: set[type] = set()

    def section(model: type[BaseModel], title: str) -> None:
        if model in seen:
            return
        seen.add(model)
        lines.extend([f"## {title}", ""])
        doc = (model.__doc__ or "").strip().splitlines()
        if doc and not doc[0].startswith("Strict about shape"):
            lines.extend([doc[0], ""])
        lines.extend(["| key | type | required | description |", "|---|---|---|---|"])
        nested: list[tuple[type[BaseModel], str]] = []
        for name, field in model.model_fields.items():
            key = field.alias or name
            annotation = field.annotation
            kind = _validator_name(field.metadata) or _type_name(annotation)
            required = "yes" if field.is_required() else ""
            lines.append(f"| `{key}` | {kind} | {required} | {field.description or ''} |")
            for inner in _models_in(annotation):
                nested.append((inner, f"{title} → {key}" if title != "top level" else key))
        lines.append("")
        for inner, label in nested:
            section(inner, label)

    section(Project, "top level")
    return "\n".join(lines) + "\n"


_VALIDATORS = {
    "parse_money": "amount",
    "parse_amount": "amount (not negative)",
    "parse_quantity": "quantity",
    "parse_percent": "percentage",
    "parse_share": "percentage (0% to 100%)",
    "parse_rate": "annual rate (0% to 100%)",
    "parse_decimal": "number",
    "parse_date": "date",
    "parse_days": "days",
    "parse_count": "whole number",
    "parse_bool": "true/false",
    "parse_text": "text",
    "parse_line": "text (one line)",
    "parse_id": "id",
    "parse_currency": "currency code",
}


def _validator_name(metadata: list[object]) -> str:
    for m in metadata:
        name = getattr(getattr(m, "func", None), "__name__", "")
        if name in _VALIDATORS:
            return _VALIDATORS[name]
    return ""


def _models_in(annotation: object) -> list[type]:
    from typing import get_args

    from pydantic import BaseModel

    out = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        out.append(annotation)
    for arg in get_args(annotation):
        out.extend(_models_in(arg))
    return out


def _type_name(annotation: object) -> str:
    import enum
    from typing import get_args, get_origin

    from pydantic import BaseModel

    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping of {_type_name(args[1])}"
    if args and type(None) in args:
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if origin is not None and str(origin).endswith("Literal"):
        return " | ".join(f"`{a}`" for a in args)
    if str(origin) == "typing.Annotated" or hasattr(annotation, "__metadata__"):
        base = args[0] if args else annotation
        return _validator_name(list(getattr(annotation, "__metadata__", ()))) or _type_name(base)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return " \\| ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"mapping ({annotation.__name__})"
    return getattr(annotation, "__name__", str(annotation))


def clause_catalogue() -> str:
    from contractkit.model.clauses import CATEGORIES, default_library, legal_references

    library = default_library()
    refs = legal_references()
    lines = [
        "# The clause catalogue",
        "",
        f"Generated from `clause_library/` by `scripts/gen_docs.py`: {len(library)} clauses. "
        "`contractkit clauses show ID --lang zh|en` renders one with its defaults.",
        "",
    ]
    for category in CATEGORIES:
        clauses = [c for c in library if c.category == category]
        if not clauses:
            continue
        lines.extend([f"## {category}", ""])
        for clause in clauses:
            data = clause.data
            lines.append(f"### `{clause.id}` — {data.title.en} / {data.title.zh}")
            lines.append("")
            lines.append(f"{data.use_when.en}  ")
            lines.append(f"{data.use_when.zh}")
            lines.append("")
            if data.parameters:
                lines.extend(["| parameter | type | default | allowed | meaning |", "|---|---|---|---|---|"])
                for name, p in data.parameters.items():
                    lines.append(f"| `{name}` | {p.type} | {p.default or ''} | {p.bounds()} | {p.description.en} |")
                lines.append("")
            if data.one_of:
                lines.extend([f"Give at most one of: {', '.join(f'`{n}`' for n in data.one_of)}.", ""])
            if data.references:
                cited = [f"{refs[k]['en']} (law/{refs[k]['module']}.py)" for k in data.references]
                lines.append("Relies on: " + "; ".join(cited) + ".")
                lines.append("")
    return "\n".join(lines) + "\n"


def citation_reference() -> str:
    """Every provision a clause or a letter may cite, with the law module that supports it and its source."""
    from contractkit.model.clauses import legal_references

    lines = [
        "# Citations",
        "",
        "Generated by `scripts/gen_docs.py` from `src/contractkit/law/data/references.yaml`: every provision a clause",
        "or a letter may cite, the law module that relies on it, and where its text was confirmed.",
        "",
        "| key | module | citation | gist | source |",
        "|---|---|---|---|---|",
    ]
    for key, ref in sorted(legal_references().items()):
        lines.append(f"| `{key}` | law/{ref['module']}.py | {ref['en']} | {ref['gist']} | {ref['source']} |")
    return "\n".join(lines) + "\n"


def rule_reference() -> str:
    from contractkit.rules import all_rules

    lines = ["# Validation rules", "", "Generated by `scripts/gen_docs.py`; `contractkit rules` prints the same.", ""]
    for rule in all_rules():
        lines.extend(
            [
                f"## {rule.code} ({rule.severity}): {rule.summary()}",
                "",
                rule.explanation(),
                "",
                f"Bad: `{rule.bad}`  ",
                f"Good: `{rule.good}`",
                "",
            ]
        )
    return "\n".join(lines) + "\n"


def generated() -> dict[Path, str]:
    return {
        DOCS / "project-file.md": project_file_reference(),
        DOCS / "clauses.md": clause_catalogue(),
        DOCS / "rules.md": rule_reference(),
        DOCS / "citations.md": citation_reference(),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    DOCS.mkdir(exist_ok=True)
    for path, text in generated().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
