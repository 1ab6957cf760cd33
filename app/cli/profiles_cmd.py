"""``tgb profiles list|add|remove``: where to send, with secrets kept in the keychain.

A secret never comes from the command line (it would sit in the shell history and the
process list): it is read from a hidden prompt, from standard input with
``--password-stdin``, or from ``TGB_PASSWORD`` / ``TGB_CLIENT_SECRET``.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import sys
from typing import Any

from app.cli import EXIT_OK, EXIT_USAGE
from app.services.credentials import CredentialError, open_vault
from app.services.profiles import HOST_PRESETS, AuthKind, Profile, ProfileError, ProfileStore, make_profile

PASSWORD_ENV = "TGB_PASSWORD"
CLIENT_SECRET_ENV = "TGB_CLIENT_SECRET"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("profiles", help="list, add or remove send profiles")
    commands = parser.add_subparsers(dest="profiles_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="show the profiles and whether their secret is stored")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(func=run_list)

    presets = ", ".join(HOST_PRESETS)
    add = commands.add_parser(
        "add",
        help="add a profile (the secret is asked for, never given as an argument)",
        allow_abbrev=False,  # "--password" must not pass for "--password-stdin"
        description=f"Host presets: {presets}; or a custom https URL. The password (Basic) or client "
        f"secret (OAuth) comes from a hidden prompt, --password-stdin, or ${PASSWORD_ENV} / "
        f"${CLIENT_SECRET_ENV}. Only the password's MD5 digest is kept.",
    )
    add.add_argument("name")
    add.add_argument("--host", required=True, help=f"a preset ({presets}) or an https URL")
    add.add_argument("--auth", choices=[k.value for k in AuthKind], default=AuthKind.BASIC.value)
    add.add_argument("--till-code", help="the till code (Basic auth)")
    add.add_argument("--client-key", help="the OAuth client key")
    add.add_argument("--production", action="store_true", help="ask for confirmation before each send")
    add.add_argument("--ca-bundle", metavar="PEM", help="extra trusted CA certificates (company proxy)")
    add.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="answer timeout")
    add.add_argument("--password-stdin", action="store_true", help="read the secret from standard input")
    add.add_argument("--replace", action="store_true", help="replace a profile with the same name")
    add.set_defaults(func=run_add)

    remove = commands.add_parser("remove", help="remove a profile and its stored secret")
    remove.add_argument("name")
    remove.set_defaults(func=run_remove)


def run_list(args: argparse.Namespace) -> int:
    try:
        profiles = ProfileStore().load()
    except ProfileError as exc:
        print(f"tgb profiles: {exc}", file=sys.stderr)
        return EXIT_USAGE
    vault = open_vault()
    rows = [_row(profile, vault.has_secret(profile)) for profile in profiles]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    for row in rows:
        flags = " [production]" if row["production"] else ""
        print(f"{row['name']}: {row['host']} ({row['auth']} as {row['identity']}; {row['secret']}){flags}")
    if vault.notice:
        print(f"Note: {vault.notice}", file=sys.stderr)
    return EXIT_OK


def _row(profile: Profile, has_secret: bool) -> dict[str, Any]:
    if profile.is_sandbox:
        secret = "built-in demo credentials"
    else:
        secret = "secret stored" if has_secret else "no secret stored"
    return {
        "name": profile.name,
        "host": profile.host_label,
        "auth": profile.auth.value,
        "identity": profile.identity,
        "production": profile.production,
        "secret": secret,
    }


def run_add(args: argparse.Namespace) -> int:
    identity = args.till_code if args.auth == AuthKind.BASIC.value else args.client_key
    wrong = args.client_key if args.auth == AuthKind.BASIC.value else args.till_code
    if wrong:
        print("tgb profiles add: --till-code is for basic auth, --client-key for oauth.", file=sys.stderr)
        return EXIT_USAGE
    store = ProfileStore()
    try:
        profile = make_profile(
            args.name,
            args.host,
            args.auth,
            identity or "",
            production=args.production,
            ca_bundle=args.ca_bundle,
            timeout_seconds=args.timeout,
        )
        secret = read_secret(profile.auth, args.password_stdin)
        store.add(profile, replace_existing=args.replace)
    except (ProfileError, SecretInputError) as exc:
        print(f"tgb profiles add: {exc}", file=sys.stderr)
        return EXIT_USAGE
    vault = open_vault()
    try:
        vault.save_secret(profile, secret)
    except CredentialError as exc:
        env = PASSWORD_ENV if profile.auth is AuthKind.BASIC else CLIENT_SECRET_ENV
        print(
            f"tgb profiles add: saved the profile '{profile.name}', but not its secret. {exc}, then run "
            f"this command again with --replace. Until then, set ${env} when sending with it.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with contextlib.suppress(CredentialError):  # a secret of the other auth kind, from before
        vault.forget_other(profile)
    print(f"Added profile '{profile.name}' ({profile.host}).")
    if not vault.persistent:
        env = PASSWORD_ENV if profile.auth is AuthKind.BASIC else CLIENT_SECRET_ENV
        print(
            f"Note: {vault.notice} For later commands, set ${env} when sending.",
            file=sys.stderr,
        )
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    store = ProfileStore()
    try:
        profile = store.remove(args.name)
    except ProfileError as exc:
        print(f"tgb profiles remove: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        open_vault().forget(profile)
    except CredentialError as exc:
        print(f"tgb profiles remove: the profile is gone, but its secret may remain: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Removed profile '{profile.name}' and its stored secret.")
    return EXIT_OK


class SecretInputError(Exception):
    """No secret could be read."""


def secret_from_env(auth: AuthKind) -> str | None:
    value = os.environ.get(PASSWORD_ENV if auth is AuthKind.BASIC else CLIENT_SECRET_ENV)
    return value or None


def env_credentials(profile: Any, vault: Any) -> Any:
    """Credentials from ``$TGB_PASSWORD`` / ``$TGB_CLIENT_SECRET`` when the keychain has none for
    ``profile`` (CI runs), else ``None`` (the keychain's are used)."""
    from app.services.credentials import BasicCredentials, OAuthCredentials, md5_hex

    if profile.is_sandbox or vault.has_secret(profile):
        return None
    secret = secret_from_env(profile.auth)
    if not secret:
        return None
    if profile.auth == "basic":
        return BasicCredentials(profile.identity, md5_hex(secret))
    return OAuthCredentials(profile.identity, secret)


def read_secret(auth: AuthKind, from_stdin: bool) -> str:
    """The secret from stdin, the environment or a hidden prompt (in that order of preference)."""
    what = "password" if auth is AuthKind.BASIC else "client secret"
    if from_stdin:
        value = sys.stdin.readline().rstrip("\r\n")
        if not value:
            raise SecretInputError(f"no {what} on standard input.")
        return value
    env_value = secret_from_env(auth)
    if env_value:
        return env_value
    if not sys.stdin.isatty():
        env = PASSWORD_ENV if auth is AuthKind.BASIC else CLIENT_SECRET_ENV
        raise SecretInputError(f"no terminal to ask for the {what}; use --password-stdin or set ${env}.")
    try:
        value = getpass.getpass(f"{what.capitalize()}: ")
    except (EOFError, KeyboardInterrupt):  # Ctrl+D or Ctrl+C at the prompt
        print(file=sys.stderr)
        raise SecretInputError(f"no {what} was entered.") from None
    if not value:
        raise SecretInputError(f"the {what} is empty.")
    return value
