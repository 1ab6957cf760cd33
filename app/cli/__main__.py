"""``python -m app.cli``: the same commands as ``tgb``."""

import sys

from app.cli import main

sys.exit(main())
