"""Every action of the window, and the whole menu and toolbar tree, declared in one place.

As in BeeRef's ``actions/menu_structure.py``: an action is declared once here (id, text,
shortcut, icon, tip); the frame builds each one disabled, and the feature that owns it binds a
handler by id (:meth:`app.ui.window.actions.Actions.bind`), which enables it. No feature creates
its own menu entries or finds a menu by its text: submenus a feature fills (recent files, Compare
with) and toolbar slots it fills (the "Send to" picker) are declared here too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSpec:
    """One action: ``icon`` names a ``QStyle.StandardPixmap`` or a drawn icon (``"draw:send"``, see
    :mod:`app.ui.window.icons`); ``checkable`` ones remember their state
    under ``setting`` in the window settings, starting from ``checked``."""

    id: str
    text: str
    keys: tuple[str, ...] = ()
    icon: str | None = None
    tip: str = ""
    checkable: bool = False
    setting: str | None = None
    checked: bool = False


@dataclass(frozen=True)
class Submenu:
    id: str
    title: str


@dataclass(frozen=True)
class Slot:
    """A place on the toolbar a feature fills with a widget (the profile picker)."""

    id: str
    label: str = ""


SEPARATOR = "-"

ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("new", "&New", ("Ctrl+N",), "SP_FileIcon", "Start a new payload"),
    ActionSpec("open", "&Open…", ("Ctrl+O",), "SP_DialogOpenButton", "Open a payload file"),
    ActionSpec(
        "import_response",
        "&Import response…",
        (),
        None,
        "Open a create or get response file as a new draft (server fields dropped)",
    ),
    ActionSpec(
        "paste_json", "New from &pasted JSON…", (), None, "Paste a payload or a response as a new draft"
    ),
    ActionSpec(
        "fetch_by_id",
        "Fetch group by &id…",
        (),
        None,
        "Open a group from the chosen profile's server as a new draft",
    ),
    ActionSpec(
        "convert",
        "Con&vert to promotion…",
        (),
        None,
        "Open the payload converted to the other kind as a new unsaved draft, listing what did not carry over",
    ),
    ActionSpec("save", "&Save", ("Ctrl+S",), "SP_DialogSaveButton", "Save the payload"),
    ActionSpec("save_as", "Save &As…", ("Ctrl+Shift+S",), None, "Save the payload to another file"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), None, "Close the window"),
    # Edit
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "draw:undo", "Undo"),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "draw:redo", "Redo"),
    ActionSpec("copy_json", "Copy &JSON", ("Ctrl+Shift+C",), "SP_FileDialogDetailedView", "Copy the JSON"),
    ActionSpec("copy_curl", "Copy as &curl", (), "draw:curl", "Copy a curl command (no secrets)"),
    ActionSpec(
        "edit_json", "&Edit JSON…", ("Ctrl+E",), "SP_FileDialogContentsView", "Paste or edit raw JSON"
    ),
    # Periods
    ActionSpec("plan", "&Plan periods…", ("Ctrl+P",), "SP_FileDialogListView", "Plan the periods"),
    # Templates
    ActionSpec(
        "new_from_template",
        "&New from template…",
        ("Ctrl+Shift+N",),
        None,
        "Start a new draft from a template, filling in its blanks",
    ),
    ActionSpec(
        "save_as_template",
        "&Save as template…",
        (),
        None,
        "Keep the open payload as a template to start from later",
    ),
    ActionSpec(
        "bulk_create",
        "&Bulk create…",
        (),
        None,
        "Create many groups or promotions from a template and a spreadsheet (CSV or XLSX), checked first",
    ),
    ActionSpec(
        "template_library",
        "Template &library…",
        (),
        None,
        "Browse, search, rename, duplicate and delete templates",
    ),
    # Send
    ActionSpec(
        "send",
        "Sen&d",
        ("Ctrl+Return", "Ctrl+Enter"),
        "draw:send",
        "Send the payload to the chosen profile",
    ),
    ActionSpec(
        "check_name",
        "Check the &name before sending",
        (),
        None,
        "Ask the server whether the name is free before each send (for payloads whose API has a "
        "name check; the Local sandbox answers it too)",
        True,
        "send/checkNameFirst",
        True,
    ),
    ActionSpec(
        "strict",
        "&Strict checks: ask about warnings",
        (),
        None,
        "Treat warnings as errors to confirm: Send asks before sending a payload that has any",
        True,
        "send/strictChecks",
    ),
    ActionSpec(
        "on_server",
        "On the &server…",
        ("Ctrl+Shift+O",),
        None,
        "Browse the promotions and target groups on the chosen profile's server; open one to "
        "move it through its lifecycle or update it",
    ),
    ActionSpec("profiles", "&Profiles…", (), None, "Add, edit or remove where payloads are sent"),
    ActionSpec("history", "&History…", (), None, "Every submission, searchable"),
    # Help
    ActionSpec("about", "&About Target Group Builder", (), None, "Version, licenses and where data is kept"),
)

#: (menu id, title, items): an item is an action id, a :class:`Submenu` or :data:`SEPARATOR`.
MENUS: tuple[tuple[str, str, tuple[str | Submenu, ...]], ...] = (
    (
        "file",
        "&File",
        (
            "new",
            "open",
            Submenu("recent", "Open &Recent"),
            "import_response",
            "paste_json",
            "fetch_by_id",
            "convert",
            SEPARATOR,
            "save",
            "save_as",
            SEPARATOR,
            Submenu("compare", "&Compare with"),
            SEPARATOR,
            "quit",
        ),
    ),
    ("edit", "&Edit", ("undo", "redo", SEPARATOR, "copy_json", "copy_curl", "edit_json")),
    ("periods", "&Periods", ("plan",)),
    (
        "templates",
        "&Templates",
        ("new_from_template", "save_as_template", "bulk_create", SEPARATOR, "template_library"),
    ),
    (
        "send",
        "&Send",
        ("send", "check_name", "strict", SEPARATOR, "on_server", SEPARATOR, "profiles", "history"),
    ),
    ("help", "&Help", ("about",)),
)

TOOLBAR: tuple[str | Slot, ...] = (
    "new",
    "open",
    "save",
    SEPARATOR,
    "undo",
    "redo",
    SEPARATOR,
    "edit_json",
    "copy_json",
    "copy_curl",
    "plan",
    SEPARATOR,
    Slot("send_to", " Send to: "),
    "send",
)
