"""conciliazione plugin for ATS della Città Metropolitana di Milano: its conciliazione page.

References:
    - ATS Milano's page on Conciliazione vita-lavoro (the 2020-2023 plan, its alliances and
      the territorial network; the page states no update date), copied in ``pages/``.
"""

from conciliazione.plugin import AtsAdapter, BuiltinPage, hookimpl

__version__ = "0.1.0"

ADAPTER = AtsAdapter(
    ats_id="milano",
    package=__name__,
    pages=[
        BuiltinPage(
            "001_95dcb50e4e9d41be.txt",
            reads=("act", "organization", "plan", "alliance", "project", "network"),
        )
    ],
    clues=[r"\bATS\s+(?:della\s+|di\s+)?(?:Citt[àa]\s+Metropolitana\s+(?:di\s+)?)?Milano\b"],
    reader="conciliazione_ats_milano.reader:read",
    rules="conciliazione_ats_milano.rules:register_rules",
)
"""One clue: the ATS's name as its page writes it ("ATS Città Metropolitana Milano", "ATS di
Milano Città Metropolitana", "ATS Milano", "ATS della Città Metropolitana di Milano")."""


@hookimpl
def conciliazione_register(register):  # type: ignore[no-untyped-def]
    register(ADAPTER)
