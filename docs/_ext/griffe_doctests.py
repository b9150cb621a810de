"""Griffe extensions for the API reference (mkdocs.yml loads them; they need the docs extra).

perfcore's docstrings are written for pytest's doctests and for reading in a terminal:
examples are ``>>>`` runs in the running text, and names are marked with reST roles
(``:class:`~perfcore.Cycle```). Markdown would run the examples together into one paragraph
(and read output such as ``['a', 'b']`` as link references), and print the roles as they
are. :class:`DoctestBlocks` fences every example as a ``pycon`` code block and turns every
role into inline code, linked to the role's target where the reference shows it, before
the docstrings are parsed. The docstrings themselves do not
change.

perfcore's records are attrs classes, whose ``__init__`` attrs writes at import time, so
reading the source finds no constructor to show. :class:`AttrsConstructors` imports each
attrs class and gives it the ``__init__`` that attrs made: the parameters in order, with
their kind, the annotations as written in the class body and the defaults as written.
"""

from __future__ import annotations

import html
import inspect
import re
from functools import partial
from typing import TYPE_CHECKING

import attrs
from griffe import (
    Class,
    Expr,
    ExprCall,
    ExprKeyword,
    Extension,
    Function,
    Parameter,
    ParameterKind,
    Parameters,
    dynamic_import,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from griffe import Attribute, GriffeLoader, Module, Object

_FENCE = "```"
_ROLE = re.compile(
    r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj|const|ref|term):`(?P<text>[^`]+)`"
)
_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: ParameterKind.positional_only,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: ParameterKind.positional_or_keyword,
    inspect.Parameter.VAR_POSITIONAL: ParameterKind.var_positional,
    inspect.Parameter.KEYWORD_ONLY: ParameterKind.keyword_only,
    inspect.Parameter.VAR_KEYWORD: ParameterKind.var_keyword,
}


def _cross_reference(obj: Object, match: re.Match[str]) -> str:
    """A role as inline code that links to its target when the reference shows it."""
    text = match["text"]
    if "<" in text and text.endswith(">"):  # :role:`shown text <target>`
        shown, target = text[:-1].split("<", 1)
        shown, target = shown.strip(), target.strip()
    else:
        target = text.lstrip("~")
        shown = target.rsplit(".", 1)[-1] if text.startswith("~") else target
    head, _, rest = target.partition(".")
    if head != "perfcore":
        try:
            target = obj.resolve(head) + (f".{rest}" if rest else "")
        except Exception:  # noqa: BLE001 - not a name in scope (a field, a stdlib name): no link
            return f"`{shown}`"
    # ``optional``: a target the reference does not show stays plain code, with no warning.
    return (
        f'<autoref identifier="{html.escape(target)}" optional>'
        f"<code>{html.escape(shown)}</code></autoref>"
    )


def fence_doctests(text: str, link: Callable[[re.Match[str]], str] | None = None) -> str:
    """Fence each ``>>>`` example (up to the next blank line) as a ``pycon`` block.

    Outside the examples, each reST role is replaced by ``link(match)`` when given, and a
    paragraph's closing ``::`` (reST's mark before a literal block) becomes ``:``.
    """
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    in_fence = False
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        if stripped.startswith(_FENCE):
            in_fence = not in_fence
        elif not in_fence and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            if out and out[-1].strip():
                out.append("")
            out.append(f"{indent}{_FENCE}pycon")
            while index < len(lines) and lines[index].strip():
                out.append(lines[index])
                index += 1
            out.append(f"{indent}{_FENCE}")
            continue
        elif not in_fence and line.endswith("::"):  # reST's mark before a literal block
            line = line[:-1].rstrip(" :") if line.endswith(" ::") else line[:-1]
        out.append(line if in_fence or link is None else _ROLE.sub(link, line))
        index += 1
    return "\n".join(out)


class DoctestBlocks(Extension):
    """Fence the doctest examples and link the reST roles of every docstring."""

    def on_package(self, *, pkg: Module, loader: GriffeLoader, **kwargs: object) -> None:
        """Rewrite every docstring once the package is loaded (so names resolve)."""
        del loader, kwargs
        for obj in _objects(pkg):
            if obj.docstring is not None:
                obj.docstring.value = fence_doctests(
                    obj.docstring.value, partial(_cross_reference, obj)
                )


def _objects(parent: Object) -> list[Object]:
    """``parent`` and every object defined in it, depth first (aliases left out)."""
    found: list[Object] = [parent]
    for member in parent.members.values():
        if not member.is_alias:
            found.extend(_objects(member))  # type: ignore[arg-type]
    return found


def _field_attribute(cls: Class, name: str) -> Attribute | None:
    """The class-body attribute of field ``name``, in ``cls`` or a base it inherits from."""
    try:
        member = cls.all_members.get(name)
    except Exception:  # noqa: BLE001 - a base that cannot be resolved: use what is here
        member = cls.members.get(name)
    if member is None or not member.is_attribute:
        return None
    return member  # type: ignore[return-value]


def _default(attribute: Attribute | None, field: attrs.Attribute[object]) -> str | Expr | None:
    """The default as the class body writes it: ``default=...``, ``factory()`` or ``= value``."""
    if field.default is attrs.NOTHING:
        return None
    value = attribute.value if attribute is not None else None
    if isinstance(value, ExprCall):
        for argument in value.arguments:
            if isinstance(argument, ExprKeyword) and argument.name == "default":
                return argument.value
            if isinstance(argument, ExprKeyword) and argument.name == "factory":
                return f"{argument.value}()"
    elif value is not None:
        return value
    factory = getattr(field.default, "factory", None)  # attrs.Factory(...)
    if factory is not None:
        return f"{getattr(factory, '__name__', 'factory')}()"
    return repr(field.default)


class AttrsConstructors(Extension):
    """Give every attrs class of the package the ``__init__`` that attrs wrote for it."""

    def on_package(self, *, pkg: Module, loader: GriffeLoader, **kwargs: object) -> None:
        """Add the constructors once the package is loaded."""
        del loader, kwargs
        for cls in _objects(pkg):
            if not isinstance(cls, Class) or "__init__" in cls.members:
                continue
            try:
                runtime = dynamic_import(cls.path)
            except ImportError:
                continue
            if not (inspect.isclass(runtime) and attrs.has(runtime)):
                continue
            fields = {field.alias: field for field in attrs.fields(runtime)}
            parameters = [Parameter("self", kind=ParameterKind.positional_or_keyword)]
            for name, param in inspect.signature(runtime).parameters.items():
                field = fields.get(name)
                attribute = _field_attribute(cls, field.name) if field else None
                annotation = attribute.annotation if attribute is not None else None
                if annotation is None and param.annotation is not inspect.Parameter.empty:
                    annotation = str(param.annotation)
                default = _default(attribute, field) if field else None
                parameters.append(
                    Parameter(name, annotation=annotation, kind=_KINDS[param.kind], default=default)
                )
            init = Function(
                "__init__",
                parameters=Parameters(*parameters),
                returns="None",
                lineno=cls.lineno,
                endlineno=cls.lineno,
            )
            cls.set_member("__init__", init)
