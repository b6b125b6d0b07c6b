"""The provider registry: every provider folder is registered, and services ask it what a
provider can do instead of naming one (docs/providers.md: adding a provider touches its
folder, the registry and the docs, never a service)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gateway.providers import KINDS, kind_of, sends_templates

GATEWAY = Path(__file__).resolve().parents[2] / "gateway"


def _provider_folders() -> list[str]:
    return sorted(
        folder.name
        for folder in (GATEWAY / "providers").iterdir()
        if (folder / "__init__.py").exists() and folder.name != "standins"
    )


def test_every_provider_folder_is_registered_under_its_name() -> None:
    assert sorted(KINDS) == _provider_folders()
    for name, kind in KINDS.items():
        assert kind.name == name


def test_what_each_provider_can_do() -> None:
    assert {name for name in KINDS if sends_templates(name)} == {"aliyun", "tencent"}
    assert [name for name, kind in KINDS.items() if kind.needs_sender_number] == ["twilio"]
    assert {name for name, kind in KINDS.items() if kind.pushes} == {"aliyun", "tencent"}
    assert not sends_templates(None) and not sends_templates("nokia")


def test_an_unknown_provider_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'nokia' is not one of: twilio, aliyun, tencent"):
        kind_of("nokia")


@pytest.mark.parametrize(
    "module",
    sorted((GATEWAY / "services").rglob("*.py")),
    ids=lambda p: str(p.relative_to(GATEWAY / "services")),
)
def test_no_service_names_a_provider(module: Path) -> None:
    names = set(KINDS)
    tree = ast.parse(module.read_text(encoding="utf-8"))
    named = [
        node.lineno
        for node in ast.walk(tree)
        if (isinstance(node, ast.Constant) and node.value in names)
        or (
            isinstance(node, ast.ImportFrom)
            and node.module is not None
            and node.module.split(".")[:3][-1] in names
            and node.module.startswith("gateway.providers.")
        )
    ]
    assert named == [], f"{module.name} names a provider on lines {named}: ask kind_of() instead"
