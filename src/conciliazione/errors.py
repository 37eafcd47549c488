"""The exceptions and warnings `conciliazione` raises.

Data problems are *findings* (see :mod:`conciliazione.findings`), not exceptions: a page that
disagrees with itself still produces a report. Exceptions are for input the library cannot read at
all, for misuse of the API, and for broken plugins. Each subclass also inherits the builtin it
resembles, so ``except ValueError`` keeps working for callers who do not know this tree.
"""

from __future__ import annotations


class ConciliazioneError(Exception):
    """Base class of every error raised on purpose by this library."""


class ParseError(ConciliazioneError, ValueError):
    """A piece of Italian text (a number, a date, an act reference) could not be read.

    The message always quotes the text, so that the reader can find it in the page.
    """

    def __init__(self, kind: str, text: str, reason: str = "") -> None:
        self.kind = kind
        self.text = text
        self.reason = reason
        detail = f": {reason}" if reason else ""
        super().__init__(f"cannot read {kind} from {text!r}{detail}")


class SourceError(ConciliazioneError, OSError):
    """An input file is missing, unreadable, binary, empty or in an unknown encoding."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class UnknownAtsError(ConciliazioneError, LookupError):
    """An ATS id that is not one of the eight Lombardy ATS (or has no installed plugin)."""


class UnknownEntityError(ConciliazioneError, LookupError):
    """A lookup by id (a guideline, a table, a layout) found nothing."""


class PluginError(ConciliazioneError, RuntimeError):
    """A plugin failed to load or raised inside a hook.

    Carries the plugin's name, distribution and version so the message points at the culprit.
    """

    def __init__(
        self, plugin: str, distribution: str | None, version: str | None, problem: str
    ) -> None:
        self.plugin = plugin
        self.distribution = distribution
        self.version = version
        self.problem = problem
        where = f" ({distribution} {version})" if distribution else ""
        super().__init__(f"plugin {plugin!r}{where}: {problem}")


class PluginSelectionError(ConciliazioneError, ValueError):
    """An allow-list or block-list of plugins names a plugin that is not installed."""


class RuleRegistrationError(ConciliazioneError, ValueError):
    """Two validation rules share a code, or a rule is malformed."""


class ExportError(ConciliazioneError, OSError):
    """The export could not be written (the previous export, if any, is left intact)."""


class ConciliazioneWarning(UserWarning):
    """Base class of warnings: something suspicious that is not worth failing for."""


__all__ = [
    "ConciliazioneError",
    "ConciliazioneWarning",
    "ExportError",
    "ParseError",
    "PluginError",
    "PluginSelectionError",
    "RuleRegistrationError",
    "SourceError",
    "UnknownAtsError",
    "UnknownEntityError",
]
