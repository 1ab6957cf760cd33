"""Copy the current payload as a ``curl`` command (secrets never included; see curl_export)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from app.services.curl_export import curl_command
from app.ui.document import PayloadDocument


def copy_curl(document: PayloadDocument, host: str | None = None) -> str:
    """Put the curl command for the document's JSON on the clipboard and return it.

    ``host`` defaults to the chosen profile's (the send feature keeps it in the document's
    ``curlHost`` property); without one, a placeholder.
    """
    chosen = document.property("curlHost")
    command = curl_command(document.current_json(), host or (chosen if isinstance(chosen, str) else None))
    QGuiApplication.clipboard().setText(command)
    return command
