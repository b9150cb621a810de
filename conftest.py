"""Run the code blocks of README.md and docs/*.md as tests (with Sybil).

A fenced ``python`` block runs as code; one whose lines start with ``>>>`` runs
as a doctest. Blocks in other languages (``bash``, ``mermaid``) are not run.
The blocks of one document share their names, so when the suite runs on
several workers each file's tests stay on one worker (``--dist loadfile`` in
pyproject.toml).
"""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        SkipParser(),
    ],
    patterns=["README.md", "docs/*.md"],
).pytest()

# docs/_ext holds the site's griffe extension (mkdocs.yml); it needs the docs extra and
# has no doctests. docs/notebooks holds notebooks as jupytext scripts: importing one runs
# it whole, so CI executes them in a step of their own (.ci/run), not under pytest.
collect_ignore = ["docs/_ext", "docs/notebooks"]
