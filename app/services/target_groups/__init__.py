"""The services of the target group: its send target (target.py)."""
