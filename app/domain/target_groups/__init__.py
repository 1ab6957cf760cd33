"""The target group (``v3/targetGroups``): its wire models, rules, kind entry and re-planning."""

#: The kind's stable name: templates, history and the rule catalogue store it; ``--kind`` takes it.
KIND_NAME = "target-group"
#: How messages name one.
KIND_LABEL = "target group"
