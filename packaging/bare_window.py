"""The benchmark's baseline: the least a PySide6 app can do, bundled like the app (see bare_window.spec).

It shows an empty ``QMainWindow`` of the editor's size, prints ``painted`` on the event-loop
turn after its first paint and ``built`` right away (a bare window is usable once painted),
and quits: the same protocol as ``TGB_SMOKE=startup`` in the app bundle.
"""

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class PaintProbe(QObject):
    painted = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        print("painted", flush=True)
        print("built", flush=True)
        app.quit()


app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1320, 860)
probe = PaintProbe()
window.installEventFilter(probe)
window.show()
app.exec()
