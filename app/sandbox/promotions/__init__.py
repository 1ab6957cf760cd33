"""The sandbox's promotions: ``v3/promotions`` with its maker-checker lifecycle, and their store."""
