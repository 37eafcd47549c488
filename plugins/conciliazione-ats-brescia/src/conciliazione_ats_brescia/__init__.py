"""conciliazione plugin for ATS di Brescia: its Conciliazione Vita-Lavoro page.

The page names its ATS only through the ``ats-brescia.it`` mail domain of its general contact,
so that domain is a clue beside the name.

References:
    - ATS di Brescia, "Conciliazione Vita-Lavoro" (Ultimo aggiornamento: 08/04/2024), copied in
      ``pages/``.
"""

from conciliazione.plugin import AtsAdapter, BuiltinPage, hookimpl

__version__ = "0.1.0"

ADAPTER = AtsAdapter(
    ats_id="brescia",
    package=__name__,
    pages=[BuiltinPage("004_83bb4573c395bed2.txt", reads=("objective", "act", "contact"))],
    clues=[r"\bATS\s+di\s+Brescia\b", r"\bats-brescia\.it\b"],
    reader="conciliazione_ats_brescia.reader:read",
    rules="conciliazione_ats_brescia.rules:register_rules",
)


@hookimpl
def conciliazione_register(register):  # type: ignore[no-untyped-def]
    register(ADAPTER)
