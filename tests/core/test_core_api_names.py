"""One verb for validating: ``validate``, whatever is validated; the old name is a thin,
warning alias for one release."""

from __future__ import annotations

import pytest

import conciliazione
from conciliazione.api import Loaded, check, load, validate
from conciliazione.plugins import make_plugin_host
from conciliazione.regional import regional_dataset
from conciliazione.rules.reader_types import READER_FINDING_TYPES, reader_type


def test_the_root_validate_is_the_api_validate() -> None:
    assert conciliazione.validate is validate


def test_validate_takes_what_load_read_or_a_dataset_built_by_hand() -> None:
    loaded = load(host=make_plugin_host(entry_points=False))
    by_hand = regional_dataset()
    assert validate(loaded).to_rows() == validate(Loaded(loaded.dataset)).to_rows()
    assert validate(by_hand).to_rows() == validate(Loaded(by_hand)).to_rows()


def test_check_is_a_deprecated_alias_of_validate() -> None:
    loaded = load(host=make_plugin_host(entry_points=False))
    with pytest.deprecated_call(match="conciliazione.api.validate"):
        report = check(loaded)
    assert report.to_rows() == validate(loaded).to_rows()


def test_the_old_home_of_the_reader_codes_still_answers() -> None:
    from conciliazione.catalogue import READER_FINDING_TYPES as catalogued
    from conciliazione.catalogue import known_type

    assert READER_FINDING_TYPES is catalogued
    assert reader_type("plugin-failed") is known_type("plugin-failed")
