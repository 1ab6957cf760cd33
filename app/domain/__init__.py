"""What the app knows of Capillary's milestone APIs: the shared wire base, fields, problems, dates,
wire paths and rule machinery here; each payload kind in its own folder (``target_groups/``,
``promotions/``, listed in :mod:`.kind_folders`). Pure: no Qt, no I/O."""
