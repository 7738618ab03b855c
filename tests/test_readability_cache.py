"""Readability figures are remembered by content, and never stale."""

from __future__ import annotations

import json

from guidepress.text import readability
from guidepress.text.readability_cache import CACHE_FILE, FigureCache

TEXT = ("# A page\n\nThis is a short sentence. Here is another one with a few more words in it. "
        "Reading should be easy for everyone who comes here. The last sentence ends the page.\n")


def test_figures_are_measured_once_then_read_back(tmp_path, monkeypatch):
    cache = FigureCache(tmp_path)
    first = cache.measure(TEXT, "en")
    assert cache.measured == 1 and first == readability.measure(TEXT, "en")
    cache.save()
    assert (tmp_path / CACHE_FILE).is_file()

    calls = []
    monkeypatch.setattr(readability, "measure", lambda text, lang: calls.append(lang))
    again = FigureCache(tmp_path)
    assert again.measure(TEXT, "en") == first and again.measured == 0 and calls == []


def test_an_edited_page_or_another_language_is_measured_again(tmp_path):
    cache = FigureCache(tmp_path)
    cache.measure(TEXT, "en")
    cache.save()
    again = FigureCache(tmp_path)
    edited = TEXT.replace("easy", "straightforward and uncomplicated")
    assert again.measure(edited, "en") == readability.measure(edited, "en")
    assert again.measure(TEXT, "nl") == readability.measure(TEXT, "nl")
    assert again.measured == 2
    again.save()  # only what this run used is kept
    figures = json.loads((tmp_path / CACHE_FILE).read_text(encoding="utf-8"))["figures"]
    assert len(figures) == 2


def test_a_cache_from_other_code_or_a_damaged_file_is_ignored(tmp_path):
    path = tmp_path / CACHE_FILE
    path.parent.mkdir(parents=True)
    cache = FigureCache(tmp_path)
    cache.measure(TEXT, "en")
    cache.save()
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in data["figures"]:
        data["figures"][key]["value"] = 99.9
    path.write_text(json.dumps(data | {"version": "older code"}), encoding="utf-8")
    assert FigureCache(tmp_path).measure(TEXT, "en").value != 99.9
    path.write_text("{not json", encoding="utf-8")
    fresh = FigureCache(tmp_path)
    assert fresh.measure(TEXT, "en") == readability.measure(TEXT, "en") and fresh.measured == 1
