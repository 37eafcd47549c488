"""conciliazione plugin for ATS di Pavia: its Conciliazione famiglia-lavoro page.

References:
    - ATS di Pavia, "Conciliazione famiglia-lavoro: le iniziative della Rete territoriale della
      provincia di Pavia - triennio 2020-2023" (Ultimo aggiornamento: 09/07/2024), copied in
      ``pages/``.
"""

from conciliazione.plugin import AtsAdapter, BuiltinPage, Register, hookimpl

__version__ = "0.1.0"

ADAPTER = AtsAdapter(
    ats_id="pavia",
    package=__name__,
    pages=[
        BuiltinPage(
            "003_cc3c723282e7ce42.txt",
            reads=("allocation", "act", "plan", "objective", "network", "contact"),
            address="https://www.ats-pavia.it/conciliazione-famiglia-lavoro-le-iniziative-della-"
            "rete-territoriale-della-provincia-di-pavia",
        )
    ],
    clues=[r"\bATS\s+di\s+Pavia\b", r"\bprovincia\s+di\s+Pavia\b", r"\bats-pavia\.it\b"],
    reader="conciliazione_ats_pavia.reader:read",
    rules="conciliazione_ats_pavia.rules:register_rules",
)


@hookimpl
def conciliazione_register(register: Register) -> None:
    register(ADAPTER)
