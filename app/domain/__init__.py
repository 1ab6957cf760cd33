"""The knowledge of the target group API: models, rules, planner. Pure: no Qt, no I/O."""
