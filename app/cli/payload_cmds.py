"""``tgb validate``, ``tgb convert`` and ``tgb format``: checking and normalising payload files."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.atomic_write import write_text_atomic
from app.cli import EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from app.domain.convert import ConversionError, response_to_payload
from app.domain.jsontext import JsonTextError
from app.domain.problems import strict
from app.domain.validate import validate_payload, validate_text
from app.services.payload_files import (
    PayloadFileError,
    dump_payload_json,
    read_json_file,
    read_text_file,
)


def register(subparsers: Any) -> None:
    validate = subparsers.add_parser(
        "validate",
        help="check payload files against every known rule",
        description="Check payload files. Prints 'FILE: path: severity: message [code]' per problem. "
        "Exit 0 when no file has errors (warnings allowed; with --strict, none either), 1 when one has, "
        "2 when a file cannot be read.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    validate.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 1 when there are any)"
    )
    validate.set_defaults(func=run_validate)

    convert = subparsers.add_parser(
        "convert",
        help="turn a create/get/update/list response into a create payload",
        description="Drop the fields only the server makes (ids, attribution, rule-set ids, the active "
        "period...) at every level and keep the rest.",
    )
    convert.add_argument("file", metavar="FILE")
    convert.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    convert.add_argument(
        "--index", type=int, metavar="N", help="for a list response: convert its Nth group (1 is the first)"
    )
    convert.set_defaults(func=run_convert)

    fmt = subparsers.add_parser(
        "format",
        help="print a payload as the app writes it (normalised, pretty-printed)",
    )
    fmt.add_argument("file", metavar="FILE")
    fmt.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    fmt.set_defaults(func=run_format)


def run_validate(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    unreadable = False
    any_errors = False
    for name in args.files:
        try:
            text = read_text_file(name)
            try:
                result = validate_text(text)
            except JsonTextError as exc:
                raise PayloadFileError(name, exc.reason, exc.line, exc.column) from None
        except PayloadFileError as exc:
            unreadable = True
            rows.append(
                {"file": name, "path": "", "severity": "error", "code": "unreadable", "message": exc.reason}
            )
            continue
        for problem in strict(result.problems) if args.strict else result.problems:
            any_errors = any_errors or problem.is_error
            rows.append({"file": name, **problem.as_dict()})
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            where = f"{row['path']}: " if row["path"] else ""
            print(f"{row['file']}: {where}{row['severity']}: {row['message']} [{row['code']}]")
    if unreadable:
        return EXIT_USAGE
    return EXIT_REJECTED if any_errors else EXIT_OK


def run_convert(args: argparse.Namespace) -> int:
    try:
        document = read_json_file(args.file)
        payload = response_to_payload(document, None if args.index is None else args.index - 1)
    except (PayloadFileError, ConversionError) as exc:
        print(f"tgb convert: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = validate_payload(payload)
    if result.group is not None:
        payload = result.group.to_wire()
    return _emit(payload, args.output)


def run_format(args: argparse.Namespace) -> int:
    try:
        raw = read_json_file(args.file)
    except PayloadFileError as exc:
        print(f"tgb format: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = validate_payload(raw)
    if result.group is None:
        for problem in result.problems:
            print(
                f"{args.file}: {problem.path}: {problem.severity.value}: {problem.message}", file=sys.stderr
            )
        return EXIT_REJECTED
    return _emit(result.group.to_wire(), args.output)


def _emit(payload: Any, output: str | None) -> int:
    """Write the payload; nothing is written when it would not be valid JSON."""
    try:
        text = dump_payload_json(payload)
    except JsonTextError as exc:
        print(f"tgb: the result {exc.reason}", file=sys.stderr)
        return EXIT_USAGE
    if output:
        try:
            write_text_atomic(output, text)
        except OSError as exc:
            print(f"tgb: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        sys.stdout.write(text)
    return EXIT_OK
