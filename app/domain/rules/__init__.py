"""The rule machinery every kind shares: the catalogue (:mod:`.catalogue`: each rule declared once,
with its evidence), the checking context (:mod:`.context`) and the rules both kinds apply
(:mod:`.common_catalogue`). Each kind's own rules live in its folder:
:mod:`app.domain.target_groups.rules` and :mod:`app.domain.promotions.rules`."""
