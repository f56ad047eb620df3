"""The package layout is the flow of data: each layer imports only the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "contractkit"

#: Lowest first. The account applies the law (limitation, statutory interest, time computation), so law
#: sits below it; the rules check the account's terms and amounts, so they sit above it.
LAYERS = ("errors", "model", "law", "account", "rules", "documents", "render", "cli", "web")
#: The one way into the web app from below it: the ``serve`` command starts it.
ENTRY_POINTS = {("cli/main.py", "contractkit.web.server")}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "contractkit":
        return None
    if len(parts) == 1:
        return 0  # the package itself: __version__ and the error classes
    name = parts[1]
    if name in LAYERS:
        return LAYERS.index(name)
    if name == "__main__":
        return len(LAYERS)
    raise AssertionError(f"{module}: not in any layer")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_the_layers_below_it(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    dotted = ".".join(("contractkit", *relative.with_suffix("").parts)).removesuffix(".__init__")
    own = _layer(dotted) if dotted != "contractkit" else 0
    assert own is not None
    for line, module in _imports(path):
        layer = _layer(module)
        if layer is None or (relative.as_posix(), module) in ENTRY_POINTS:
            continue
        assert layer <= own, f"{relative}:{line} imports {module}, a layer above {LAYERS[min(own, len(LAYERS) - 1)]}"


def test_every_folder_is_a_layer() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert folders <= set(LAYERS)
