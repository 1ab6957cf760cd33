"""``tgb``: headless commands over the domain and services.

Each command lives in its own module with ``register(subparsers)``; the module's
parser sets ``func`` to a callable taking the parsed arguments and returning the
exit code. Exit codes: 0 success, 1 the payload or the server said no, 2 usage,
file or input problems, 3 network.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from app import __version__

#: Command modules, in the order ``tgb --help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "app.cli.payload_cmds",
    "app.cli.rules_cmd",
    "app.cli.periods_cmd",
    "app.cli.templates_cmd",
    "app.cli.profiles_cmd",
    "app.cli.send_cmd",
    "app.cli.sandbox_cmd",
)

#: Commands that write to the app's folders: they sweep them first (stale temporary files, modes).
WRITES_APP_DATA = frozenset({"send", "new", "templates", "profiles", "sandbox", "bulk", "promotions"})

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_NETWORK = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tgb",
        description="Target Group Builder: build, check and submit Capillary target group payloads.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def command_names() -> set[str]:
    """The names of the commands (so a file called like a command is not mistaken for one)."""
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {name for action in actions for name in action.choices}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_USAGE if argv else EXIT_OK
    from app.services.housekeeping import private_files, tidy

    private_files()
    if getattr(args, "command", None) in WRITES_APP_DATA:
        tidy()
    try:
        return int(func(args))
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
