PYTHON ?= .venv/bin/python

.PHONY: screenshots bench dist

# PNGs of every tab, light and dark, from the real window under Xvfb (docs/screenshots/).
screenshots:
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PYTHON) tools/screenshots.py $(ARGS)

# Figures for the issue's speed and memory targets, each beside its floor.
bench:
	QT_QPA_PLATFORM=offscreen $(PYTHON) benchmarks/bench_window.py

# The desktop bundle for this platform (dist/tgb-app/), smoke-tested, with its zip for operators.
dist:
	$(PYTHON) -c "import PyInstaller" 2>/dev/null || $(PYTHON) -m pip install "pyinstaller>=6"
	$(PYTHON) packaging/build_bundle.py
