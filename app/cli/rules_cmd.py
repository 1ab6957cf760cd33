"""``tgb rules``: the rule catalogue (id, severity, API code, evidence, description)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli import EXIT_OK
from app.domain.kind_folders import builtin_names


def register(subparsers: Any) -> None:
    rules = subparsers.add_parser(
        "rules",
        help="list every rule the app checks, with its severity and evidence",
        description="List the rule catalogue. Errors are what the server is known to refuse; "
        "warnings say what it is likely to do. --format markdown prints docs/rules.md.",
    )
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="output format")
    rules.add_argument("--kind", choices=builtin_names(), help="only the rules of one payload kind")
    rules.set_defaults(func=run_rules)


def run_rules(args: argparse.Namespace) -> int:
    from app.domain.rules.catalogue import render_markdown, rules_for

    if args.format == "markdown":
        sys.stdout.write(render_markdown())
        return EXIT_OK
    selected = rules_for(args.kind)
    if args.format == "json":
        print(json.dumps([r.as_dict() for r in selected], indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max(len(r.id) for r in selected)
    for rule in selected:
        api = str(rule.api_code) if rule.api_code else "-"
        print(
            f"{rule.id:<{width}}  {rule.severity.value:<7}  {api:<6}  {rule.kind:<12}  "
            f"{rule.evidence.kind.value:<10}  {rule.description}"
        )
    return EXIT_OK
