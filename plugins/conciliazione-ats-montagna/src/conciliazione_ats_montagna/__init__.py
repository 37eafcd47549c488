"""conciliazione plugin for ATS della Montagna: its Conciliazione vita-lavoro pages.

References:
    - ATS della Montagna's page on Conciliazione vita-lavoro (Aggiornato il 8 Luglio 2024);
    - ATS della Montagna news of 30 May 2018, "ATS della Montagna e Rete Territoriale di
      Conciliazione, ecco i progetti".
    Both copied in ``pages/``.
"""

from conciliazione.plugin import AtsAdapter, BuiltinPage, Register, hookimpl

__version__ = "0.1.0"

_PAGES = ("000_85faaafccf00cc38.txt", "002_6ae0d52e84f3c1d6.txt")
"""The programme page (Aggiornato il 8 Luglio 2024) and the news item of 30 May 2018."""
_READS = ("network", "plan", "project", "organization")
"""What the reader yields from each of them."""

ADAPTER = AtsAdapter(
    ats_id="montagna",
    package=__name__,
    pages=[BuiltinPage(name, reads=_READS) for name in _PAGES],
    clues=[r"\bATS\s+(?:della\s+)?Montagna\b"],
    reader="conciliazione_ats_montagna.reader:read",
    rules="conciliazione_ats_montagna.rules:register_rules",
)


@hookimpl
def conciliazione_register(register: Register) -> None:
    register(ADAPTER)
