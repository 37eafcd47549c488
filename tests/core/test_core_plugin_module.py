"""``conciliazione.plugin``, the one module plugin authors import from."""

from __future__ import annotations

import importlib

import conciliazione.plugin as plugin_module


def test_all_names_exactly_what_the_module_loads() -> None:
    lazy = {name for names in plugin_module._LAZY.values() for name in names}
    assert sorted(plugin_module.__all__) == plugin_module.__all__
    assert set(plugin_module.__all__) == {"AtsAdapter", "BuiltinPage", "hookimpl", *lazy}


def test_every_name_resolves_to_its_home_module() -> None:
    for module, names in plugin_module._LAZY.items():
        home = importlib.import_module(module)
        for name in names:
            assert getattr(plugin_module, name) is getattr(home, name)
