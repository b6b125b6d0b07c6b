"""Every command the README prints works as printed: each ``flask`` command in its code blocks
(and in its inline code) runs against a deployment set up as the README describes (the demo
salon 1, Alibaba Cloud's templates approved), and each ``make`` command names a real target.

Optional parts of a synopsis (``[--locale zh-CN|zh-TW|en]``) are left out of the run and checked
to be options of the command instead.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import click
import pytest
from flask import Flask

from gateway.db import Database
from gateway.services.salons.accounts import create_salon

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
FLASK = ".venv/bin/flask --app wsgi "

_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
_INLINE = re.compile(r"`(\.venv/bin/flask\s+--app\s+wsgi\s[^`]+|make\s[^`]+)`")
_OPTIONAL = re.compile(r"\s*\[([^\]]*)\]")


def printed_commands(text: str) -> list[str]:
    """The commands in ``text``'s ``sh`` blocks (continuation lines joined, comments and
    output dropped) and in its inline code, in order; those with a placeholder (…) left out."""
    commands: list[str] = []
    for block in _BLOCK.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split(" #", 1)[0].strip()
            if line.startswith((".venv/bin/flask", "make ")):
                commands.append(re.sub(r"\s+", " ", line))
    inline = [re.sub(r"\s+", " ", c) for c in _INLINE.findall(text)]
    commands += [c for c in inline if "…" not in c]
    return list(dict.fromkeys(commands))


COMMANDS = printed_commands(README.read_text(encoding="utf-8"))


def test_the_readme_prints_the_commands_this_test_runs() -> None:
    assert f"{FLASK}templates export" in COMMANDS  # inline, in "Salons in mainland China"
    assert "make reply FROM=+8613800138000 BODY=确认" in COMMANDS
    assert any(
        c.startswith(f"{FLASK}salon create --name 丽丽美发 --provider aliyun") for c in COMMANDS
    )
    assert len([c for c in COMMANDS if c.startswith(FLASK)]) >= 8


def _option_names(app: Flask, words: list[str]) -> set[str]:
    command: Any = app.cli
    context = click.Context(command)
    for word in words:
        if not isinstance(command, click.Group):
            break
        found = command.get_command(context, word)
        if found is None:
            break
        command = found
    return {name for param in command.params for name in param.opts}


def test_every_flask_command_the_readme_prints_works(china_app: Flask) -> None:
    db: Database = china_app.extensions["db"]
    with db.transaction() as session:  # the demo salon `make run` makes: salon 1
        demo, _ = create_salon(
            session,
            name="丝绒发型",
            sender_number="+8610690000001",
            timezone="Asia/Shanghai",
            locale="zh-CN",
        )
        assert demo.id == 1
    runner = china_app.test_cli_runner()
    ran = 0
    for printed in (c for c in COMMANDS if c.startswith(FLASK)):
        optional = _OPTIONAL.findall(printed)
        words = shlex.split(_OPTIONAL.sub("", printed.removeprefix(FLASK)))
        with china_app.app_context():  # as `flask` runs every command
            result = runner.invoke(args=words)
        assert result.exit_code == 0, f"{printed}\n{result.output}"
        assert "Traceback" not in result.output
        known = _option_names(china_app, words)
        for part in optional:
            option = part.split()[0]
            assert option in known, f"{printed}: {option} is not an option"
        ran += 1
    assert ran >= 8


@pytest.mark.parametrize("printed", [c for c in COMMANDS if c.startswith("make ")])
def test_every_make_command_the_readme_prints_names_a_target(printed: str) -> None:
    dry = subprocess.run(
        ["make", "-n", *shlex.split(printed)[1:]],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert dry.returncode == 0, dry.stderr
    assert "No rule to make target" not in dry.stderr


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("salon create", {"--provider", "--sign-name", "--extend-code"}),
        ("salon update", {"--provider", "--sign-name", "--extend-code"}),
        ("templates export", {"--provider", "--locale", "--format"}),
        ("templates set-code", {"--provider", "--locale", "--name", "--code", "--international"}),
    ],
)
def test_the_operators_commands_keep_their_names_and_options(
    app: Flask, command: str, options: set[str]
) -> None:
    # Salons' engineers script these (docs/china.md): wherever their code moves, they stay.
    assert options <= _option_names(app, command.split())
