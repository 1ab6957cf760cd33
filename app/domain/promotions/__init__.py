"""The ``v3/promotions`` API, Capillary's successor of ``v3/targetGroups`` for new milestones.

A promotion is a container: a SINGLE activity holds one milestone (its cycles and targets in
``cycleActionMapping``, its rewards as actions); an ALL/ANY combination is a GROUP activity with
one child per target. Modules:

- :mod:`.values`: the documented values of each enumerated field (with their sources);
- :mod:`.models`: the request body, every field of the notes, on the same wire-model base;
- :mod:`.rules_catalogue` and :mod:`.rules`: the rules, declared once with evidence, and the checks;
- :mod:`.validate`: raw JSON -> model + problems;
- :mod:`.kind`: the promotion as a :class:`~app.domain.kinds.PayloadKind`;
- :mod:`.convert`: target group -> promotion draft, and responses -> payloads for update;
- :mod:`.lifecycle`: the statuses and the transitions of the maker-checker flow.
"""

#: The kind's stable name: templates, history and the rule catalogue store it; ``--kind`` takes it.
KIND_NAME = "promotion"
#: How messages name one.
KIND_LABEL = "promotion"
