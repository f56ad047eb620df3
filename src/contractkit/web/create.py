"""A new project from the browser: ``init``'s commented starter file with this contract's facts written in.

The starter's parties are examples; their address, representative, email and bank are removed unless the
form gives this contract's, so that no letter is ever sent to an example address. The schedule, acceptance
criteria and clauses stay as a typical starting point that the schedule page then edits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from contractkit.cli.init import create_project
from contractkit.model.models import ProjectKind
from contractkit.model.project import parse_project
from contractkit.model.starter import template_text
from contractkit.model.types import MINOR_UNITS
from contractkit.render.edits import Change, Set, edit_text
from contractkit.web.forms import Field, _choices
from contractkit.web.i18n import N_, Translator
from contractkit.web.uploads import _RESERVED
from contractkit.web.workspace import OUTPUTS

LANGUAGES = (("zh", N_("Chinese")), ("en", N_("English")), ("bilingual", N_("Chinese and English side by side")))
KINDS = (("construction", N_("construction works")), ("software", N_("software development")))
#: A folder's name: Windows drops a final '.' (``abc.`` would be ``abc``), so none ends with one.
_FOLDER = re.compile(r"[^\W_][\w.\-]{0,63}(?<!\.)")
#: Names a project folder may not take: Windows' devices (``con``, ``nul``; with any extension), and ``outputs``,
#: where project files side by side in the folder have their documents written.
_KEPT = frozenset({*_RESERVED, OUTPUTS})


def create_fields() -> tuple[Field, ...]:
    return (
        Field("folder", "Folder name", required=True, hint="a new folder for this project: letters, digits, - and _"),
        Field("language", "Document language", "select", LANGUAGES, required=True),
        Field("kind", "Kind of contract", "select", KINDS, required=True),
        Field("project.code", "Project code", required=True, example="FIT-2026-017"),
        Field("project.name", "Project name", required=True),
        Field("project.location", "Location"),
        Field("project.start", "Planned start", "date"),
        Field("project.finish", "Planned finish", "date"),
        Field("parties.client.name", "Client (who pays)", required=True),
        Field("parties.client.address", "Client's address for service", "area"),
        Field("parties.contractor.name", "Contractor (you)", required=True),
        Field("parties.contractor.address", "Your address", "area"),
        Field("parties.contractor.bank.name", "Your bank and branch"),
        Field("parties.contractor.bank.account", "Your account number"),
        Field("contract.number", "Contract number", required=True),
        Field("contract.signed_on", "Signed on", "date", required=True),
        Field("contract.currency", "Currency", "select", _choices(MINOR_UNITS), required=True),
        Field("contract.price", "Contract price", "money", required=True, example="2,400,000.00"),
    )


#: Example facts of the starter files, removed unless the form gives this contract's.
_EXAMPLES = ("address", "representative", "email")


def folder_problem(root: Path, name: str, tr: Translator | None = None) -> str | None:
    """Why ``name`` cannot be the new project's folder under ``root``; None when it can."""
    tr = tr or Translator("en")
    name = unicodedata.normalize("NFC", name)
    if not _FOLDER.fullmatch(name) or ".." in name:
        return tr(
            "use letters, digits, '-', '_' and '.', starting with a letter or digit and not ending with '.' "
            "(at most 64)"
        )
    if name.split(".", 1)[0].lower() in _KEPT:
        return tr("%(name)s is kept for the documents' folder or by Windows; choose another name", name=name)
    if (root / name).exists():
        return tr("%(name)s already exists in %(root)s; choose another name", name=name, root=str(root))
    return None


def starter_changes(values: Mapping[str, str]) -> list[Change]:
    """The edits that turn the starter file into this contract's."""
    changes: list[Change] = []
    if values.get("language") == "bilingual":
        changes.append(Set(("language",), "bilingual"))
    for path in ("project.code", "project.name", "contract.number", "contract.signed_on", "contract.currency"):
        changes.append(Set(tuple(path.split(".")), values[path]))
    changes.append(Set(("contract", "price"), values["contract.price"]))
    for path in ("project.location", "project.start", "project.finish"):
        changes.append(Set(tuple(path.split(".")), values.get(path) or None))
    for party in ("client", "contractor"):
        changes.append(Set(("parties", party, "name"), values[f"parties.{party}.name"]))
        address = values.get(f"parties.{party}.address")
        for key in _EXAMPLES:
            given = address if key == "address" else None
            changes.append(Set(("parties", party, key), given or None))
    bank_name, account = values.get("parties.contractor.bank.name"), values.get("parties.contractor.bank.account")
    if bank_name and account:
        changes.append(Set(("parties", "contractor", "bank", "name"), bank_name))
        changes.append(Set(("parties", "contractor", "bank", "account"), account))
    else:
        changes.append(Set(("parties", "contractor", "bank"), None))
    return changes


def starter_text(values: Mapping[str, str]) -> str:
    """The new project file's text; the loader's InputErrors where a value cannot be used."""
    base = "en" if values["language"] == "en" else "zh"
    text = template_text(base, values["kind"])
    edited = edit_text(text, "project.yaml", starter_changes(values))
    parse_project(edited, "project.yaml")  # refuses, located, what the loader would refuse
    return edited


def create(root: Path, values: Mapping[str, Any]) -> Path:
    """Write the new project's folder, project.yaml and evidence/; the project file's path."""
    text = starter_text(values)
    kind = str(values["kind"])
    assert kind in {k.value for k in ProjectKind}
    folder = unicodedata.normalize("NFC", str(values["folder"]))  # the name folder_problem checked
    return create_project(root / folder, lang=str(values["language"]), kind=kind, force=False, text=text)
