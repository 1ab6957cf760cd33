"""``tgb validate``, ``tgb convert`` and ``tgb format``: checking and normalising payload files.

Each tells the payload's kind from its content (a promotion has top-level ``metadata`` and
``activities``; anything else is read as a target group); ``--kind`` overrides that. The output
and the exit codes are the same for both kinds.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from app.atomic_write import write_text_atomic
from app.cli import EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from app.domain.jsontext import JsonTextError, ParsedJson
from app.domain.kind_folders import builtin_names
from app.domain.problems import Problem, strict
from app.services.payload_files import (
    PayloadFileError,
    dump_payload_json,
    parse_json_document,
    read_text_file,
)

if TYPE_CHECKING:  # the models and rules load when a command runs, not for --help
    from app.domain.kinds import PayloadKind


def _kind_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind",
        choices=builtin_names(),
        help="the payload's kind (default: told from the content; a promotion has metadata and activities)",
    )


def register(subparsers: Any) -> None:
    validate = subparsers.add_parser(
        "validate",
        help="check payload files against every known rule",
        description="Check payload files (target groups or promotions). Prints 'FILE: path: severity: "
        "message [code]' per problem. Exit 0 when no file has errors (warnings allowed; with --strict, "
        "none either), 1 when one has, 2 when a file cannot be read.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    validate.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 1 when there are any)"
    )
    _kind_option(validate)
    validate.set_defaults(func=run_validate)

    convert = subparsers.add_parser(
        "convert",
        help="turn a response (or a target group) into a payload",
        description="A create/get/update/list response becomes a payload: the fields only the server "
        "makes are dropped at every level (a promotion keeps its root id, for PUT). With --to "
        "promotion, a target-group payload or response becomes a promotion draft; what cannot be "
        "carried over is listed on standard error, one line per field.",
    )
    convert.add_argument("file", metavar="FILE")
    convert.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    convert.add_argument(
        "--index", type=int, metavar="N", help="for a list response: convert its Nth item (1 is the first)"
    )
    convert.add_argument(
        "--to", choices=builtin_names(), help="convert into this kind (a target group into a promotion draft)"
    )
    convert.set_defaults(func=run_convert)

    fmt = subparsers.add_parser(
        "format",
        help="print a payload as the app writes it (normalised, pretty-printed)",
    )
    fmt.add_argument("file", metavar="FILE")
    fmt.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    _kind_option(fmt)
    fmt.set_defaults(func=run_format)


def _read(name: str) -> tuple[str, ParsedJson]:
    """The file's text and its parse (duplicate keys included).

    Raises:
        PayloadFileError: the file cannot be read or is not JSON the API can carry.
    """
    text = read_text_file(name)
    return text, parse_json_document(text, name)


def _kind(args: argparse.Namespace, document: Any) -> PayloadKind:
    from app.domain.kinds import kind_named, kind_of

    wanted = getattr(args, "kind", None)
    return kind_named(wanted) if wanted else kind_of(document)


def _say(file: str, problems: list[Problem]) -> None:
    for problem in problems:
        where = f"{problem.path}: " if problem.path else ""
        print(f"{file}: {where}{problem.severity.value}: {problem.message} [{problem.code}]", file=sys.stderr)


def run_validate(args: argparse.Namespace) -> int:
    from app.domain.validate import duplicate_key_problems

    rows: list[dict[str, Any]] = []
    unreadable = False
    any_errors = False
    for name in args.files:
        try:
            text, parsed = _read(name)
            result = _kind(args, parsed.value).validate_text(text, None)
        except PayloadFileError as exc:
            unreadable = True
            rows.append(
                {"file": name, "path": "", "severity": "error", "code": "unreadable", "message": exc.reason}
            )
            continue
        problems = result.problems
        if parsed.duplicate_keys and not any(p.rule == "duplicate-key" for p in problems):
            problems = duplicate_key_problems(parsed.duplicate_keys) + problems
        for problem in strict(problems) if args.strict else problems:
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


def _one(payloads: list[dict[str, Any]], index: int | None, label: str) -> dict[str, Any]:
    from app.domain.convert import ConversionError

    if index is not None:
        if not 0 <= index < len(payloads):
            raise ConversionError(
                f"The response holds {len(payloads)} {label}(s); there is no {label} {index + 1}."
            )
        return payloads[index]
    if len(payloads) != 1:
        raise ConversionError(
            f"The response holds {len(payloads)} {label}s; pick one (tgb convert --index N, 1 to {len(payloads)})."
        )
    return payloads[0]


def run_convert(args: argparse.Namespace) -> int:
    from app.domain.convert import ConversionError
    from app.domain.kinds import convertible_kind, items_of
    from app.domain.validate import duplicate_key_problems

    index = None if args.index is None else args.index - 1
    try:
        _text, parsed = _read(args.file)
        document = parsed.value
        _say(args.file, duplicate_key_problems(parsed.duplicate_keys))
        kind = convertible_kind(document)
        if args.to == kind.name:
            raise ConversionError(
                f"This is already a {kind.label}; --to {args.to} takes a target group (payload or answer)."
            )
        source = document
        if kind.is_response(document):
            payload = _one(kind.response_payloads(document), index, kind.label)
            source = items_of(document)[index or 0]
        else:
            payload = document
    except (PayloadFileError, ConversionError) as exc:
        print(f"tgb convert: {exc}", file=sys.stderr)
        return EXIT_USAGE
    loaded = kind.load(payload)
    if loaded.model is None:
        _say(args.file, loaded.problems)
        return EXIT_REJECTED
    if args.to is not None:
        return _convert_to(args, kind, loaded.model, source if isinstance(source, dict) else None)
    return _emit(loaded.model.to_wire(), args.output)


def _convert_to(
    args: argparse.Namespace, kind: PayloadKind, model: Any, source: dict[str, Any] | None
) -> int:
    """``--to KIND``: the payload converted by the target kind's own conversion (its registry entry)."""
    from app.domain.convert import ConversionError
    from app.domain.kinds import kind_named

    target = kind_named(args.to)
    from app.domain.conversions import converter

    convert = converter(kind.name, target.name)
    if convert is None:
        print(
            f"tgb convert: {args.file}: a {kind.label} does not convert to a {target.label}.", file=sys.stderr
        )
        return EXIT_USAGE
    try:
        payload, lost = convert(model, source)
    except ConversionError as exc:
        print(f"tgb convert: {args.file}: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    for path, reason in lost:
        print(f"tgb convert: not carried over: {path}: {reason}", file=sys.stderr)
    result = target.load(payload)
    if result.model is None:  # a bug: a conversion makes a payload its kind can read
        _say(args.file, result.problems)
        return EXIT_REJECTED
    _say(
        args.output or target.name,
        [p for p in target.validate_model(result.model, None) if not p.is_error],
    )
    return _emit(result.model.to_wire(), args.output)


def run_format(args: argparse.Namespace) -> int:
    try:
        _text, parsed = _read(args.file)
    except PayloadFileError as exc:
        print(f"tgb format: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = _kind(args, parsed.value).load(parsed.value)
    if result.model is None:
        for problem in result.problems:
            print(
                f"{args.file}: {problem.path}: {problem.severity.value}: {problem.message}", file=sys.stderr
            )
        return EXIT_REJECTED
    return _emit(result.model.to_wire(), args.output)


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
