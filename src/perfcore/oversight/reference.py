"""The table of audit rules for docs/oversight.md, rendered from the rules themselves."""

from __future__ import annotations

import json

from perfcore import _validators as v
from perfcore.oversight.rules import RuleSet

__all__ = ["rules_table"]


def rules_table(rules: RuleSet) -> str:
    """A Markdown table: code, scope, severity, parameters, what it finds.

    >>> from perfcore.oversight import DEFAULT_RULES
    >>> print(rules_table(DEFAULT_RULES).splitlines()[0])
    | code | scope | severity | parameters (defaults) | finds |
    """
    v.require(rules, RuleSet, "rules")
    lines = [
        "| code | scope | severity | parameters (defaults) | finds |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        params = {k: value for k, value in rule.params().items() if k != "severity"}
        shown = ", ".join(f"`{k}={json.dumps(value)}`" for k, value in params.items()) or "—"
        lines.append(
            f"| `{rule.name}` | {rule.scope.value} | {rule.severity.value} | {shown}"
            f" | {rule.description} |"
        )
    return "\n".join(lines)
