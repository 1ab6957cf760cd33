"""The benchmark's baseline: the least a PySide6 app can do, bundled like the app (see bare_window.spec).

It shows an empty ``QMainWindow`` of the editor's size, prints ``shown`` once the event
loop turns, and quits: the same protocol as ``TGB_SMOKE=startup`` in the app bundle.
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1320, 860)
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
