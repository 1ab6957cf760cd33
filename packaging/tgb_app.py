"""The bundled app's entry point.

- no arguments: the editor;
- an existing file as the only argument (the desktop menu's ``%f``, "Open with"): the editor
  with that payload open;
- anything else: the ``tgb`` command line (``tgb-app validate FILE``, ``tgb-app send ...``);
- ``TGB_SMOKE`` set: one of the checks in :mod:`smoke_gui` (used by ``make dist`` and the
  bundle benchmark; see there).
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    mode = os.environ.get("TGB_SMOKE")
    if mode:
        import smoke_gui

        return smoke_gui.main(mode, sys.argv[1:])
    from app.__main__ import main as app_main

    return app_main()


if __name__ == "__main__":
    sys.exit(main())
