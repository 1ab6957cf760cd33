"""Copy the current payload as a ``curl`` command (secrets never included; see curl_export)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from app.services.curl_export import curl_command
from app.services.send_targets import target_for
from app.ui.document.document import PayloadDocument


def copy_curl(document: PayloadDocument, host: str | None = None) -> str:
    """Put the curl command for the document's JSON, to its kind's endpoint, on the clipboard.

    ``host`` is the chosen profile's (without one, a placeholder).
    """
    command = curl_command(document.current_json(), host, target_for(document.kind.name).path)
    QGuiApplication.clipboard().setText(command)
    return command
