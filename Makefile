PYTHON ?= .venv/bin/python

.PHONY: screenshots bench

# PNGs of every tab, light and dark, from the real window under Xvfb (docs/screenshots/).
screenshots:
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PYTHON) tools/screenshots.py

# Figures for the issue's speed and memory targets, each beside its floor.
bench:
	QT_QPA_PLATFORM=offscreen $(PYTHON) benchmarks/bench_window.py
