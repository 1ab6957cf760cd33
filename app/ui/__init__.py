"""The desktop window: the only package that imports Qt."""

from app.ui._pyside import quicken_feature_check

quicken_feature_check()
