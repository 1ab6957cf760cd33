"""The sandbox's target groups: ``v3/targetGroups`` (create, name check, get, list), their store and
how a created group is shaped as the server answers it."""
