"""conciliazione plugin template: copy it to adapt a new ATS (here ATS di Bergamo).

The plugin is one declared :class:`~conciliazione.plugin.AtsAdapter`, registered by the one
hook. Its reader and rules are named as ``"module:function"`` strings, imported on first use,
so that loading the plugin (e.g. to list plugins) costs next to nothing.

References:
    - ``pages/esempio.txt``: an EXAMPLE page written for this template, not a published one.
      Replace it with a copy of your ATS's page.
"""

from conciliazione.plugin import AtsAdapter, BuiltinPage, hookimpl

__version__ = "0.1.0"

ATS_ID = "bergamo"

ADAPTER = AtsAdapter(
    ats_id=ATS_ID,
    package=__name__,
    pages=[BuiltinPage("esempio.txt", reads=("network", "plan", "project", "organization", "act"))],
    clues=[r"\bATS\s+di\s+Bergamo\b"],
    reader="conciliazione_ats_example.reader:read",
    rules="conciliazione_ats_example.rules:register_rules",
)
"""``clues``: how the page names its ATS (never the file name); ``reads``: what the reader
yields from each page (the contract checks it gets at least one record of each)."""


@hookimpl
def conciliazione_register(register):  # type: ignore[no-untyped-def]
    register(ADAPTER)
