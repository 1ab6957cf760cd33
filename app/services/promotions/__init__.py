"""The services of the promotion: its send target (target.py) and its lifecycle calls (lifecycle.py)."""
