"""``python -m app``: the desktop app when Qt is available, else the CLI's help."""

from __future__ import annotations

import sys


def main() -> int:
    if len(sys.argv) > 1:
        from app.cli import main as cli_main

        return cli_main(sys.argv[1:])
    try:
        from app.ui.application import run
    except ImportError:
        from app.cli import main as cli_main

        return cli_main([])
    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
