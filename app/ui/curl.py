"""Copy the current payload as a ``curl`` command (secrets never included; see curl_export)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from app.services.curl_export import curl_command
from app.ui.document import PayloadDocument


def copy_curl(document: PayloadDocument, host: str | None = None) -> str:
    """Put the curl command for the document's JSON on the clipboard and return it.

    ``host`` comes from the chosen profile once profiles exist; until then a placeholder.
    """
    command = curl_command(document.group.to_json(), host)
    QGuiApplication.clipboard().setText(command)
    return command
