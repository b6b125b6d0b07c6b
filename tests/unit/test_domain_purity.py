"""The domain package stays pure: no web framework, database or SMS SDK, so it is tested alone."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "gateway" / "domain"
#: Third-party libraries the domain may use: pure functions over plain values. typing_extensions
#: only backports typing: pydantic needs its TypedDict on Python < 3.12 when a domain type (the
#: campaign's results) is part of a CRM event in the OpenAPI document.
ALLOWED = {"phonenumbers", "opencc", "typing_extensions"}


@pytest.mark.parametrize("module", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_only_stdlib_and_domain(module: Path) -> None:
    imported: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    outside = {
        name
        for name in imported
        if name.split(".")[0] not in sys.stdlib_module_names | ALLOWED
        and not name.startswith("gateway.domain")
    }
    assert outside == set()
