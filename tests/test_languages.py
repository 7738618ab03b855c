"""Language facts come from Babel/CLDR, for any language code, right-to-left ones included."""

import datetime as dt
import json

import pytest

from guidepress.model.languages import UnknownLanguageError, language

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


def test_native_names_are_kept_for_the_next_start(tmp_path, monkeypatch):
    from babel import Locale

    from guidepress.model import languages

    cache = tmp_path / "language-names.json"
    codes = ["fr", "zh", "el", "ar"]
    monkeypatch.setattr(languages, "_NATIVE_NAMES", {})
    names = languages.native_names(codes, cache)
    assert names["fr"] == "Français" and names["el"] == "Ελληνικά"
    for code in codes:
        babel_name = Locale.parse(code).get_display_name(code)
        assert names[code] == babel_name[:1].upper() + babel_name[1:]
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert data["names"] == names and data["babel"] == languages.BABEL_VERSION

    # the next start reads them (Babel is not asked again) ...
    monkeypatch.setattr(languages, "_NATIVE_NAMES", {})
    cache.write_text(json.dumps({"babel": languages.BABEL_VERSION, "names": names | {"fr": "cached"}}), encoding="utf-8")
    assert languages.native_names(["fr"], cache)["fr"] == "cached"
    # ... unless another Babel wrote them, or the file is damaged: then Babel answers again
    for content in (json.dumps({"babel": "0.0", "names": {"fr": "stale"}}), "{not json", "[]"):
        monkeypatch.setattr(languages, "_NATIVE_NAMES", {})
        cache.write_text(content, encoding="utf-8")
        assert languages.native_names(["fr"], cache)["fr"] == "Français"
        assert json.loads(cache.read_text(encoding="utf-8"))["names"]["fr"] == "Français"
    with pytest.raises(languages.UnknownLanguageError):
        languages.native_names(["xx-nope"], cache)
