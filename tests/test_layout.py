"""The README's layout section is the tree: every package under generator/ is named there,
and every folder it names exists (a newcomer reads the pipeline from the folder names)."""

from __future__ import annotations

import re

from conftest import REPO


def test_readme_layout_names_every_package_of_generator() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Layout", 1)[1].split("```", 2)[1]
    named = set(re.findall(r"^  ([a-z0-9_]+)/", block, re.M))
    packages = {p.parent.name for p in (REPO / "generator").glob("*/__init__.py")}
    assert named == packages, (sorted(named - packages), sorted(packages - named))
    for package in packages:
        doc = (REPO / "generator" / package / "__init__.py").read_text(encoding="utf-8")
        assert doc.lstrip().startswith('"""'), f"generator/{package} has no docstring"
