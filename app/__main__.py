"""``python -m app``: the editor, or the ``tgb`` command line.

- no arguments: the editor;
- one existing file (not a command name): the editor with that payload open
  ("Open with", the desktop file's ``%f``);
- anything else: the command line (``python -m app validate FILE``...).
"""

from __future__ import annotations

import sys
from pathlib import Path


def wants_editor(args: list[str]) -> bool:
    """Whether the arguments ask for the editor rather than a command."""
    if not args:
        return True
    if len(args) != 1 or args[0].startswith("-") or not Path(args[0]).is_file():
        return False
    from app.cli import command_names

    return args[0] not in command_names()


def main() -> int:
    args = sys.argv[1:]
    if wants_editor(args):
        try:
            from app.ui.window.application import run
        except ImportError as exc:  # no Qt on this machine: the command line still works
            print(f"The editor cannot start ({exc}); the command line works:", file=sys.stderr)
            from app.cli import main as cli_main

            return cli_main([])
        return run(sys.argv)
    from app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
