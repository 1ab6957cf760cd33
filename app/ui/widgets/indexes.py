"""What every item model here needs from Qt's indexes: the index types a view passes, and the
root (the invalid index that is a flat list's parent), once."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

#: Either index a view may pass to a model's methods.
AnyIndex = QModelIndex | QPersistentModelIndex

#: The invalid index: the parent of a table's rows (a shared default argument; Qt never changes it).
ROOT_INDEX = QModelIndex()
