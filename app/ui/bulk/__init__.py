"""Bulk create: many groups or promotions from one template and a spreadsheet (see feature.py)."""
