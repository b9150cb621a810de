"""Every rule of the domain's phases is enforced, and docs/cycle.md says by what.

The table is tests/cycle/domain_rules.py; this module checks that each rule lists
an enforcement, that each condition, command, audit rule and ``Cycle`` member it
names exists, that each test it cites is there, and that docs/cycle.md embeds
the table as rendered here. To rewrite the docs' section::

    python -c "import runpy; runpy.run_path('tests/cycle/test_cycle_domain_rules.py')\
['write_domain_section']()"
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

import perfcore as pc
from perfcore.cycle import COMMAND_BY_NAME, CONDITIONS
from perfcore.oversight import DEFAULT_RULES

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "cycle.md"
BEGIN, END = "<!-- BEGIN GENERATED: domain-rules -->\n", "<!-- END GENERATED: domain-rules -->"


def _rules() -> tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]:
    import runpy  # noqa: PLC0415 - a sibling data module of the tests, not of the package

    table = runpy.run_path(str(Path(__file__).with_name("domain_rules.py")))["RULES"]
    return tuple((r.phase, r.rule, r.enforced_by, r.proven_by) for r in table)


RULES = _rules()
KNOWN = {
    "condition": {condition.code for condition in CONDITIONS},
    "command": set(COMMAND_BY_NAME),
    "audit": {rule.name for rule in DEFAULT_RULES.rules},
    "cycle": {name for name in dir(pc.Cycle) if not name.startswith("_")},
}


def domain_table() -> str:
    """The table as Markdown: phase, rule, what enforces it, the tests that prove it."""
    lines = [
        "| phase | rule | enforced by | proven by |",
        "|---|---|---|---|",
    ]
    for phase, rule, enforced, proven in RULES:
        by = ", ".join(f"`{item}`" for item in enforced)
        tests = ", ".join(f"`{item.rsplit('::', 1)[1]}`" for item in proven)
        lines.append(f"| {phase} | {rule} | {by} | {tests} |")
    return "\n".join(lines) + "\n"


def write_domain_section(path: Path = DOC) -> None:
    """Rewrite the domain-rules section of ``path`` from the table."""
    text = path.read_text(encoding="utf-8")
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    path.write_text(before + BEGIN + domain_table() + END + after, encoding="utf-8")


@functools.cache
def _test_names(path: str) -> frozenset[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return frozenset(n.name for n in tree.body if isinstance(n, ast.FunctionDef))


@pytest.mark.parametrize(("phase", "rule", "enforced", "proven"), RULES, ids=lambda x: str(x)[:40])
def test_every_rule_is_enforced_by_something_that_exists(
    phase: str, rule: str, enforced: tuple[str, ...], proven: tuple[str, ...]
) -> None:
    assert enforced, f"{phase}: {rule!r} lists no enforcement"
    for item in enforced:
        kind, _, name = item.partition(":")
        assert name in KNOWN[kind], f"{item} does not exist"
    assert proven, f"{phase}: {rule!r} cites no test"
    for item in proven:
        path, _, test = item.partition("::")
        assert test in _test_names(path), f"{item} is not a test"


def test_every_leaving_condition_serves_a_rule_or_says_whose_rule_it_is() -> None:
    """A condition no domain rule lists is perfcore's own, and its ``why`` says so."""
    listed = {item.partition(":")[2] for _, _, enforced, _ in RULES for item in enforced}
    for condition in CONDITIONS:
        if condition.code not in listed:
            assert "perfcore" in condition.why, condition.code


def test_every_phase_of_the_domain_has_its_rules() -> None:
    phases = {phase for phase, _, _, _ in RULES}
    assert {"goal setting", "implementation", "appraisal", "improvement"} <= phases


def test_docs_cycle_md_embeds_the_domain_table_verbatim() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text, "docs/cycle.md has no domain-rules section"
    assert END in text, "docs/cycle.md's domain-rules section has no end"
    embedded = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert embedded == domain_table(), (
        "docs/cycle.md's domain rules are stale; rewrite them with write_domain_section()"
    )
