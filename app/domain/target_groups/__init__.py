"""The target group (``v3/targetGroups``): its wire models, rules, kind entry and re-planning."""
