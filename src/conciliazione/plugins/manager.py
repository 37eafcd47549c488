"""The plugin host: finds installed ATS plugins, loads them safely, and calls them through a
typed facade.

Nothing here runs at import time: :func:`make_plugin_host` builds a fresh host each call. Loading
follows these rules, in this order:

1. Entry points in the group ``conciliazione`` are discovered (sorted by name, so the load
   order is deterministic).
2. ``CONCILIAZIONE_LOAD_PLUGINS`` (comma-separated names), when set, is an allow-list: only
   those load. Set to an empty string, no plugin loads.
3. ``CONCILIAZIONE_DISABLE_PLUGINS`` (comma-separated names) is a block-list applied after.
4. A plugin that fails to import, whose ``conciliazione_register`` raises, registers anything
   but one :class:`~conciliazione.plugins.adapter.AtsAdapter`, or names no ATS id, is recorded
   as a :class:`PluginFailure` naming the plugin, its distribution and version and what was
   expected; the other plugins load. With ``strict=True`` the failure raises
   :class:`PluginError`.
5. A hook implementation whose name matches no hook (a misspelling) always raises
   :class:`PluginError`: it is a bug in the plugin that must not pass silently.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pluggy

from conciliazione.catalogue import finding_for, known_type
from conciliazione.documents import Document, document_from_bytes, package_document
from conciliazione.errors import PluginError, UnknownAtsError
from conciliazione.findings import Finding
from conciliazione.plugins import hookspecs
from conciliazione.plugins.adapter import AtsAdapter, resolve
from conciliazione.regional import ats_ids
from conciliazione.rules.registry import Rule, RuleRegistry

if TYPE_CHECKING:
    from conciliazione.reading import Reading

LOAD_ENV = "CONCILIAZIONE_LOAD_PLUGINS"
DISABLE_ENV = "CONCILIAZIONE_DISABLE_PLUGINS"
ENTRY_POINT_GROUP = hookspecs.PROJECT_NAME

_PLUGIN_FAILED = known_type("plugin-failed")

T = TypeVar("T")
_FIRST_RELEASE_HOOKS = (
    "conciliazione_ats",
    "conciliazione_builtin_sources",
    "conciliazione_read_source",
    "conciliazione_recognizes",
    "conciliazione_rules",
    "conciliazione_register_layouts",
)
"""The hooks of the first release: a plugin still implementing them is told what replaced
them (no compatibility layer is kept: no plugin outside this repository used them)."""


@attrs.frozen
class PluginInfo:
    """What ``conciliazione plugins`` lists for a loaded plugin."""

    name: str
    distribution: str | None
    version: str | None
    ats_id: str
    provides: tuple[str, ...]
    """What the plugin's adapter declares: ``pages``, ``reader``, ``rules``, ``layouts``."""


@attrs.frozen
class PluginFailure:
    """A plugin that could not be loaded or that raised in a hook, and why."""

    name: str
    distribution: str | None
    version: str | None
    problem: str

    def to_finding(self) -> Finding:
        return finding_for(
            _PLUGIN_FAILED,
            str(PluginError(self.name, self.distribution, self.version, self.problem)),
            entity="plugin",
            entity_id=self.name,
        )


def _names(value: str | None) -> set[str] | None:
    if value is None:
        return None
    return {n.strip() for n in value.split(",") if n.strip()}


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class PluginHost:
    """The typed facade over the pluggy manager. The rest of the code calls plugins only here."""

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self.pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        self._info: dict[str, PluginInfo] = {}
        self._adapters: dict[str, AtsAdapter] = {}
        self._failures: list[PluginFailure] = []

    # -- registration -------------------------------------------------------------------------

    def register(
        self,
        plugin: object,
        name: str | None = None,
        *,
        distribution: str | None = None,
        version: str | None = None,
    ) -> PluginInfo | None:
        """Register a plugin object (a module or an instance) and check it.

        Returns its info, or ``None`` if it was recorded as failed (non-strict mode).
        """
        name = name or self._default_name(plugin)
        try:
            self.pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(name, distribution, version, f"invalid hook: {exc}") from exc
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(name=name)
            problem = f"hook implementation matches no hook: {exc}"
            if any(old in str(exc) for old in _FIRST_RELEASE_HOOKS):
                problem += (
                    "; the hooks of conciliazione 0.1 were replaced by the one hook "
                    "conciliazione_register(register), which registers an AtsAdapter "
                    "(see the plugin tutorial)"
                )
            raise PluginError(name, distribution, version, problem) from exc
        try:
            adapter = self._collect_adapter(name)
        except Exception as exc:
            self.pm.unregister(name=name)
            self._fail(PluginFailure(name, distribution, version, _describe(exc)), exc)
            return None
        info = PluginInfo(name, distribution, version, adapter.ats_id, adapter.provides())
        self._info[name] = info
        self._adapters[name] = adapter
        return info

    def _collect_adapter(self, name: str) -> AtsAdapter:
        """The one adapter a plugin registers, checked; ``TypeError``/``ValueError`` otherwise."""
        given: list[object] = []
        self._call(name, "conciliazione_register", register=given.append)
        if len(given) != 1:
            raise TypeError(
                f"conciliazione_register must call register() once, with an AtsAdapter; "
                f"it was called {len(given)} times"
            )
        (adapter,) = given
        if not isinstance(adapter, AtsAdapter):
            raise TypeError(
                f"register() expects an AtsAdapter (from conciliazione.plugin), "
                f"not {type(adapter).__name__}: {adapter!r:.80}"
            )
        if adapter.ats_id not in ats_ids():
            known = ", ".join(sorted(ats_ids()))
            raise UnknownAtsError(f"the adapter's ats_id {adapter.ats_id!r} is not one of {known}")
        return adapter

    def _default_name(self, plugin: object) -> str:
        """A module's name, or an instance's class name (``-2``, ``-3`` … when taken)."""
        base: str = getattr(plugin, "__name__", None) or type(plugin).__name__
        name, n = base, 1
        while self.pm.has_plugin(name):
            n += 1
            name = f"{base}-{n}"
        return name

    def load_entry_points(
        self,
        environ: Mapping[str, str] | None = None,
        found: Iterable[EntryPoint] | None = None,
    ) -> None:
        """Discover and register the installed plugins, honouring the two variables.

        ``found``: the group's entry points when the caller has listed them already (each
        listing reads the metadata of every installed distribution, about 8 ms in a
        development environment)."""
        env = os.environ if environ is None else environ
        allowed = _names(env.get(LOAD_ENV))
        blocked = _names(env.get(DISABLE_ENV)) or set()
        eps = entry_points(group=ENTRY_POINT_GROUP) if found is None else found
        for ep in sorted(eps, key=lambda e: e.name):
            if (allowed is not None and ep.name not in allowed) or ep.name in blocked:
                continue
            if self.pm.has_plugin(ep.name):
                continue
            dist = ep.dist.name if ep.dist else None
            version = ep.dist.version if ep.dist else None
            try:
                plugin = ep.load()
            except Exception as exc:
                self._fail(
                    PluginFailure(ep.name, dist, version, f"cannot import: {_describe(exc)}"), exc
                )
                continue
            self.register(plugin, ep.name, distribution=dist, version=version)

    def _fail(self, failure: PluginFailure, exc: BaseException) -> None:
        if self.strict:
            raise PluginError(
                failure.name, failure.distribution, failure.version, failure.problem
            ) from exc
        self._failures.append(failure)

    # -- introspection ------------------------------------------------------------------------

    @property
    def plugins(self) -> list[PluginInfo]:
        """The loaded plugins, by name."""
        return [self._info[n] for n in sorted(self._info)]

    @property
    def failures(self) -> list[PluginFailure]:
        """Plugins that failed to load or raised in a hook so far."""
        return list(self._failures)

    def failure_findings(self) -> list[Finding]:
        return [f.to_finding() for f in self._failures]

    def plugin_for_ats(self, ats_id: str) -> PluginInfo:
        """The plugin that adapts an ATS; `UnknownAtsError` if none is installed."""
        for info in self.plugins:
            if info.ats_id == ats_id:
                return info
        installed = ", ".join(i.ats_id for i in self.plugins) or "none"
        raise UnknownAtsError(f"no plugin is installed for ATS {ats_id!r} (installed: {installed})")

    # -- calls --------------------------------------------------------------------------------

    def _call(self, plugin_name: str, hook_name: str, **kwargs: Any) -> Any:
        """Call one hook of one plugin only."""
        others = [p for n, p in self.pm.list_name_plugin() if n != plugin_name]
        caller = self.pm.subset_hook_caller(hook_name, remove_plugins=others)
        return caller(**kwargs)

    def adapter(self, plugin_name: str) -> AtsAdapter:
        """The adapter a loaded plugin registered."""
        return self._adapters[plugin_name]

    def _guarded_do(
        self, plugin_name: str, what: str, default: Any, call: Callable[[], Any]
    ) -> Any:
        """Run a plugin's code; if it raises, record the failure and return ``default``."""
        try:
            return call()
        except Exception as exc:
            info = self._info[plugin_name]
            problem = f"{what} raised {_describe(exc)}"
            self._fail(PluginFailure(info.name, info.distribution, info.version, problem), exc)
            return default

    def builtin_sources(self, plugin_name: str) -> list[Document]:
        """The pages a plugin ships."""
        adapter = self._adapters[plugin_name]

        def load() -> list[Document]:
            return [
                package_document(adapter.package, page.directory, page.name, address=page.address)
                if page.text is None
                else document_from_bytes(
                    page.name, page.text.encode(), builtin=True, address=page.address
                )
                for page in adapter.pages
            ]

        return list(self._guarded_do(plugin_name, "loading its pages", [], load))

    def recognizers(self, document: Document) -> list[str]:
        """Names of the plugins that say the document is one of their pages."""
        text = document.text

        def claims(name: str) -> bool:
            return bool(
                self._guarded_do(
                    name, "recognising a page", False, lambda: self._adapters[name].recognizes(text)
                )
            )

        return [info.name for info in self.plugins if claims(info.name)]

    def read(self, plugin_name: str, document: Document) -> Reading | None:
        """Have one plugin read one document; stamp the source with the plugin's identity.

        Returns ``None`` if the plugin raised or returned something (the failure is recorded).
        """
        info = self._info[plugin_name]
        adapter = self._adapters[plugin_name]

        def run() -> Reading:
            return adapter.read_document(document)

        reading: Reading | None = self._guarded_do(
            plugin_name, f"reading {document.name}", None, run
        )
        if reading is None:
            return None
        source = reading.source.model_copy(
            update={"plugin": info.distribution or info.name, "plugin_version": info.version}
        )
        dataset = reading.dataset.model_copy()
        dataset.sources = [
            source if s.source_id == source.source_id else s for s in dataset.sources
        ]
        return attrs.evolve(reading, source=source, dataset=dataset)

    def offers(
        self, field: str, accept: Callable[[Iterable[object]], list[T]]
    ) -> list[tuple[PluginInfo, list[T]]]:
        """What each plugin's adapter offers under an optional callable ``field`` (``layouts``),
        checked by ``accept`` (which raises ``TypeError`` for a wrong value).

        A plugin whose callable or whose values fail is recorded as failed and offers nothing.
        The host does not know what the values are: the part of the library that uses them
        (:func:`conciliazione.registers.available_layouts`) says what it accepts, so the host
        never imports it.
        """
        found: list[tuple[PluginInfo, list[T]]] = []
        for info in self.plugins:
            adapter = self._adapters[info.name]

            def collect(adapter: AtsAdapter = adapter) -> list[T]:
                offer = resolve(getattr(adapter, field), field)
                return accept(offer()) if offer is not None else []

            found.append((info, self._guarded_do(info.name, field, [], collect)))
        return found

    def registry(self) -> RuleRegistry:
        """The core rules plus every plugin's rules, each plugin rule guarded and attributed."""
        from conciliazione.rules.core import core_registry

        registry = core_registry()
        for info in self.plugins:
            own = RuleRegistry()
            adapter = self._adapters[info.name]

            def add_rules(adapter: AtsAdapter = adapter, own: RuleRegistry = own) -> bool:
                rules = resolve(adapter.rules, "rules")
                if rules is not None:
                    rules(own)
                return True

            if not self._guarded_do(info.name, "rules", False, add_rules):
                continue
            for rule in own.rules:
                registry.add(self._attributed(info, rule))
            for finding_type in own.types:
                if finding_type.code not in registry:
                    registry.add_type(attrs.evolve(finding_type, origin=info.name))
        return registry

    def _attributed(self, info: PluginInfo, rule: Rule) -> Rule:
        """Mark a plugin rule with its origin; an exception it raises becomes a
        ``plugin-failed`` finding of the run (and raises :class:`PluginError` when strict)."""

        def failed(exc: Exception) -> Finding:
            problem = f"rule {rule.code!r} raised {_describe(exc)}"
            failure = PluginFailure(info.name, info.distribution, info.version, problem)
            self._fail(failure, exc)
            return failure.to_finding()

        return Rule(attrs.evolve(rule.type, origin=info.name), rule.check, on_error=failed)


def make_plugin_host(
    *,
    entry_points: bool = True,
    plugins: Iterable[object] = (),
    strict: bool = False,
    environ: Mapping[str, str] | None = None,
) -> PluginHost:
    """Build a fresh plugin host: installed plugins (unless ``entry_points=False``) plus any
    plugin objects given, which is how tests register a throw-away plugin."""
    host = PluginHost(strict=strict)
    if entry_points:
        host.load_entry_points(environ)
    for plugin in plugins:
        host.register(plugin)
    return host
