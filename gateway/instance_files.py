"""Files that hold secrets or customer data (instance/: the secret key, the demo salon's API key
and console password, the SQLite database, the embedded Redis): readable by their owner only.

Another account on the machine must not read an API key or a customer's phone number: such
folders are made 0700 and such files 0600, and ones an older version left readable are
tightened when they are next opened.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from gateway.config import INSTANCE_DIR

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path, *, tighten: bool = True) -> Path:
    """``path`` (and missing parents) created owner-only; an existing ``path`` is made so too
    unless ``tighten`` is off (a folder someone chose, such as the one holding a database
    file, may be theirs to share)."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if tighten:
        _tighten(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """``path`` created empty if missing, owner-only either way; its folder, if missing, too
    (an existing one is made owner-only only when it is instance/)."""
    private_dir(path.parent, tighten=path.parent.resolve() == INSTANCE_DIR.resolve())
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    _tighten(path, PRIVATE_FILE)
    return path


def write_private(path: Path, text: str) -> None:
    """Replace ``path``'s content with ``text``; nobody else can read it at any moment."""
    private_file(path)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def _tighten(path: Path, mode: int) -> None:
    # Someone else's file (a shared /tmp folder, say) is left as it is: we may not change it.
    with contextlib.suppress(PermissionError):
        if path.stat().st_mode & 0o777 != mode and path.stat().st_uid == os.geteuid():
            path.chmod(mode)
