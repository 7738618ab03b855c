"""Language facts come from Babel/CLDR, for any language code, right-to-left ones included."""

import datetime as dt

import pytest

from guidepress.languages import UnknownLanguageError, language

from conftest import SHIPPED_LANGS


def test_native_names_and_directions_come_from_cldr():
    assert language("fr").native_name == "Français"
    assert language("zh").native_name == "中文"
    assert language("bg").native_name == "Български"
    assert language("en").direction == "ltr"
    for code in ("ar", "he", "fa"):
        assert language(code).direction == "rtl"


def test_dates_are_formatted_for_the_locale():
    day = dt.date(2026, 11, 29)
    assert language("fr").format_date(day) == "29 novembre 2026"
    assert language("de").format_date(day) == "29. November 2026"
    assert language("zh").format_date(day) == "2026年11月29日"


def test_every_shipped_language_is_known_to_cldr():
    for code in SHIPPED_LANGS:
        assert language(code).native_name


def test_unknown_code_is_refused_with_advice():
    with pytest.raises(UnknownLanguageError, match="unknown language code 'qq'"):
        language("qq")
