"""``tgb``: headless commands over the domain and services.

Each command lives in a module with ``register(subparsers)``; the module's parser sets ``func``
to a callable taking the parsed arguments and returning the exit code. The table below names
each command's module and one-line help, so ``tgb --help`` and ``tgb --version`` import no
command (no rules, pydantic or httpx) and a command imports only its own module when it runs.

Exit codes: 0 success, 1 the payload or the server said no, 2 usage, file or input problems,
3 network (or, for ``tgb bulk``, some outcomes unknown).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from app import __version__

#: command -> (module that registers it, one-line help), in the order ``tgb --help`` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("app.cli.payload_cmds", "check payload files against every known rule"),
    "convert": ("app.cli.payload_cmds", "turn a response (or a target group) into a payload"),
    "format": ("app.cli.payload_cmds", "print a payload as the app writes it (normalised, pretty-printed)"),
    "rules": ("app.cli.rules_cmd", "list every rule the app checks, with its severity and evidence"),
    "periods": ("app.cli.periods_cmd", "plan a group's periods (e.g. 12 monthly cycles from 1 January)"),
    "templates": ("app.cli.templates_cmd", "list and inspect payload templates"),
    "new": ("app.cli.templates_cmd", "make a payload from a template"),
    "bulk": ("app.cli.bulk_cmd", "create many groups or promotions from a template and a spreadsheet"),
    "profiles": ("app.cli.profiles_cmd", "list, add or remove send profiles"),
    "send": ("app.cli.send_cmd", "create the payload in FILE on a profile's server"),
    "promotions": ("app.cli.promotions_cmd", "list, show and move promotions through their lifecycle"),
    "pull": ("app.cli.live_cmd", "write a promotion or target group on a server to a payload file"),
    "diff": ("app.cli.live_cmd", "what a payload file changes against the server's copy"),
    "push": ("app.cli.live_cmd", "send a payload file back to the server as an update"),
    "sandbox": ("app.cli.sandbox_cmd", "run the local sandbox (an emulator of the API) on 127.0.0.1"),
}

#: Commands that write to the app's folders: they sweep them first (stale temporary files, modes).
WRITES_APP_DATA = frozenset(
    {"send", "new", "templates", "profiles", "sandbox", "bulk", "promotions", "pull", "diff", "push"}
)

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_NETWORK = 3

_PROG = "tgb"
_DESCRIPTION = "Target Group Builder: build, check and submit Capillary target groups and promotions."
_parsers: dict[str, argparse.ArgumentParser] = {}


def available_commands() -> dict[str, tuple[str, str]]:
    """The commands whose module is part of this installation."""
    from importlib.util import find_spec

    return {name: entry for name, entry in COMMANDS.items() if find_spec(entry[0]) is not None}


def _root_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=_PROG, description=_DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def parser_for(command: str) -> argparse.ArgumentParser:
    """The parser of one command (its module is imported here, once per process)."""
    if command not in _parsers:
        parser = _root_parser()
        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
        importlib.import_module(COMMANDS[command][0]).register(subparsers)
        _parsers[command] = parser
    return _parsers[command]


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (imports all command modules; for documentation and tests)."""
    parser = _root_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in dict.fromkeys(entry[0] for entry in available_commands().values()):
        importlib.import_module(module).register(subparsers)
    return parser


def command_names() -> set[str]:
    """The names of the commands (so a file called like a command is not mistaken for one)."""
    return set(COMMANDS)


def _print_help() -> None:
    commands = available_commands()
    width = max(len(name) for name in commands)
    lines = [
        f"usage: {_PROG} [-h] [--version] COMMAND ...",
        "",
        _DESCRIPTION,
        "",
        "commands:",
        *(f"  {name:<{width}}  {entry[1]}" for name, entry in commands.items()),
        "",
        "options:",
        "  -h, --help  show this help message and exit",
        "  --version   show program's version number and exit",
        "",
        f"Run '{_PROG} COMMAND --help' for a command's options.",
    ]
    print("\n".join(lines))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        _print_help()
        return EXIT_OK
    if args[0] == "--version":
        print(f"{_PROG} {__version__}")
        return EXIT_OK
    command = args[0]
    if command not in available_commands():
        choices = ", ".join(available_commands())
        _root_parser().error(f"argument COMMAND: invalid choice: {command!r} (choose from {choices})")
    parsed = parser_for(command).parse_args(args)
    func = getattr(parsed, "func", None)
    if func is None:
        parser_for(command).print_help()
        return EXIT_USAGE
    from app.services.housekeeping import private_files, tidy

    private_files()
    tidy()  # temporary files an interrupted run left behind (none a live writer holds)
    try:
        return int(func(parsed))
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a folder or file the command needs cannot be read or written
        where = f" {exc.filename}" if exc.filename else ""
        print(
            f"tgb {command}: cannot use{where}: {exc.strerror or exc}. Check that the folder exists and "
            "that you may read and write it (TGB_HOME points the app at another one).",
            file=sys.stderr,
        )
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
