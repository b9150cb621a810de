"""Draw perfcore's layers as Mermaid, from the layering contract and the imports in the code.

The layers and their order come from ``[tool.importlinter]`` in pyproject.toml
(the contract CI checks); each arrow is drawn only where some module of one
layer really imports a module of the layer it points to, read from the source
with ``ast`` (an arrow that a longer path of arrows already implies is left
out). docs/architecture.md holds the output between the markers
``<!-- layers -->`` and ``<!-- /layers -->``; tests/test_layers.py fails when
it is stale. To redraw it::

    python tests/layer_diagram.py --write
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "perfcore"
DOC = ROOT / "docs" / "architecture.md"
START, END = "<!-- layers -->", "<!-- /layers -->"


def layers() -> list[list[str]]:
    """The contract's layers, bottom first, each the top-level module names it holds."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = (c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers")
    found = []
    for layer in reversed(contract["layers"]):
        separator = "|" if "|" in layer else ":"
        found.append([name.strip() for name in layer.split(separator)])
    return found


def _top(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "perfcore" else None


def _imported(path: Path, module: str) -> set[str]:
    """The top-level perfcore modules ``path`` (module ``module``) imports, anywhere in it."""
    found: set[str] = set()
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            targets = [target]
            if target == "perfcore":
                targets = [f"perfcore.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(t for t in map(_top, targets) if t is not None)
    return found


def imports() -> set[tuple[str, str]]:
    """(importer, imported) pairs of top-level perfcore modules, read from the source."""
    pairs: set[tuple[str, str]] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        me = _top(module)
        if me is None:
            continue
        pairs.update((me, other) for other in _imported(path, module) if other != me)
    return pairs


def mermaid() -> str:
    """The diagram: one box per layer (bottom last), an arrow where a layer imports another."""
    stack = layers()
    index = {name: i for i, layer in enumerate(stack) for name in layer}
    lines = ["```mermaid", "flowchart TD"]
    for i in reversed(range(len(stack))):
        names = ", ".join(stack[i])
        lines.append(f'    L{i}["{names}"]')
    edges = {(index[a], index[b]) for a, b in imports() if index[a] != index[b]}
    lines.extend(f"    L{a} --> L{b}" for a, b in sorted(_reduced(edges), reverse=True))
    lines.append("```")
    return "\n".join(lines)


def _reduced(edges: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The edges no longer path already implies (the transitive reduction of the layer graph)."""

    def reaches(start: int, goal: int, skip: tuple[int, int]) -> bool:
        seen: set[int] = set()
        todo = [start]
        while todo:
            node = todo.pop()
            for a, b in edges:
                if a == node and (a, b) != skip and b not in seen:
                    if b == goal:
                        return True
                    seen.add(b)
                    todo.append(b)
        return False

    return {edge for edge in edges if not reaches(edge[0], edge[1], edge)}


def current() -> str:
    """The diagram as docs/architecture.md holds it now."""
    text = DOC.read_text()
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def write() -> None:
    """Put the freshly drawn diagram into docs/architecture.md."""
    text = DOC.read_text()
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    DOC.write_text(f"{before}{START}\n{mermaid()}\n{END}{after}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
    else:
        sys.stdout.write(mermaid() + "\n")
