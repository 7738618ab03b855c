"""The committed sample video of ``questions-for-your-care-team`` and its captions
(``scripts/make_sample_video.py`` makes the video, the poster and the English captions; the other
languages' captions are draft translations kept by hand). Reads the files as they are; needs
neither ffmpeg nor espeak-ng (the ffprobe test runs only where ffprobe is installed)."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import webvtt

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_sample_video.py"
GUIDE = ROOT / "guides" / "questions-for-your-care-team"
VIDEO = GUIDE / "videos" / "getting-ready.webm"
POSTER = GUIDE / "videos" / "getting-ready.jpg"
LANGS = ["en", "fr", "de", "es", "it", "pt", "nl", "pl", "ro", "el", "cs", "hu", "bg", "hr", "sv", "da", "fi", "zh"]
# Characters per line and per second, in the range of the broadcasters' and streaming services'
# published subtitle guidelines (42 per line; 16 for Chinese; about 17 per second, 20 for
# English, 9 for Chinese). guidepress's own check has the configurable limits.
LINE_LIMIT = {"zh": 16}
CPS_LIMIT = {"en": 20, "zh": 9}


def _script():
    spec = importlib.util.spec_from_file_location("make_sample_video", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_sample_video", module)
    spec.loader.exec_module(module)
    return module


def _ms(stamp: str) -> int:
    h, m, s = stamp.split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)


def _cues(lang: str) -> list[tuple[int, int, list[str]]]:
    path = GUIDE / lang / "videos" / "getting-ready.vtt"
    return [(_ms(c.start), _ms(c.end), list(c.lines)) for c in webvtt.read(str(path)).captions]


def test_video_is_a_small_webm_with_vp9_and_opus():
    data = VIDEO.read_bytes()
    assert data[:4] == b"\x1a\x45\xdf\xa3", "not an EBML (Matroska/WebM) file"
    assert b"webm" in data[:64], "the EBML DocType is not webm"
    assert b"V_VP9" in data[:4096] and b"A_OPUS" in data[:4096], "the tracks are not VP9 video and Opus audio"
    assert len(data) < 600 * 1024


def test_poster_is_a_small_jpeg():
    data = POSTER.read_bytes()
    assert data[:3] == b"\xff\xd8\xff" and data[-2:] == b"\xff\xd9"
    assert len(data) < 100 * 1024


def test_video_is_stored_once_not_per_language():
    copies = sorted(p.relative_to(GUIDE).as_posix() for p in GUIDE.rglob("*") if p.suffix in {".webm", ".mp4"})
    assert copies == ["videos/getting-ready.webm"]


@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffprobe (Debian package ffmpeg) is not installed")
def test_video_plays_as_long_as_its_captions():
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_name,width,height",
         "-of", "json", str(VIDEO)], check=True, capture_output=True, text=True).stdout)
    codecs = {s["codec_name"]: s for s in probe["streams"]}
    assert set(codecs) == {"vp9", "opus"}
    assert (codecs["vp9"]["width"], codecs["vp9"]["height"]) == (640, 360)
    duration = float(probe["format"]["duration"])
    assert 45 <= duration <= 75
    assert _cues("en")[-1][1] / 1000 <= duration


def test_english_captions_are_the_sentences_the_script_speaks():
    script = _script()
    expected = [script.caption_lines(text) for slide in script.SLIDES for text in slide.spoken]
    assert [lines for _, _, lines in _cues("en")] == expected


@pytest.mark.parametrize("lang", LANGS)
def test_captions_follow_the_english_timing_and_the_limits(lang):
    source = _cues("en")
    cues = _cues(lang)
    assert len(cues) == len(source)
    previous_end = 0
    for (start, end, lines), (s_start, s_end, s_lines) in zip(cues, source, strict=True):
        assert (start, end) == (s_start, s_end)
        assert previous_end <= start and 1000 <= end - start <= 7000
        previous_end = end
        assert 1 <= len(lines) <= 2 and all(line.strip() == line and line for line in lines)
        assert all(len(line) <= LINE_LIMIT.get(lang, 42) for line in lines), lines
        shown = ("" if lang == "zh" else " ").join(lines)
        assert len(shown) / ((end - start) / 1000) <= CPS_LIMIT.get(lang, 17), shown
        assert sorted(re.findall(r"\d+", shown)) == sorted(re.findall(r"\d+", " ".join(s_lines)))


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_translated_captions_say_they_are_unreviewed_drafts(lang):
    captions = webvtt.read(str(GUIDE / lang / "videos" / "getting-ready.vtt"))
    # webvtt-py gives the text of each NOTE block before the first cue, without "NOTE "
    assert any(c.startswith("draft translation, not yet reviewed") for c in captions.header_comments)


def test_check_mode_passes_on_the_committed_files():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "0 problem(s)" in result.stdout


def test_check_mode_names_the_line_of_a_wrong_cue(tmp_path):
    copy = tmp_path / "guides" / GUIDE.name
    shutil.copytree(GUIDE, copy)
    fr = copy / "fr" / "videos" / "getting-ready.vtt"
    text = fr.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if "-->" in line)
    fr.write_text(text.replace(first, "00:00:00.500 --> 00:00:02.000", 1), encoding="utf-8")
    line = text.splitlines().index(first) + 1
    result = subprocess.run([sys.executable, str(SCRIPT), "--check", "--root", str(tmp_path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert f"guides/{GUIDE.name}/fr/videos/getting-ready.vtt:{line}: times 00:00:00.500 --> 00:00:02.000" in result.stderr


def test_every_sentence_fits_two_caption_lines():
    script = _script()
    for slide in script.SLIDES:
        for text in slide.spoken:
            lines = script.caption_lines(text)
            assert len(lines) <= 2 and all(len(line) <= 42 for line in lines)
    with pytest.raises(ValueError):
        script.caption_lines("a" * 43 + "|" + "b")
    text = "Put your 3 most important questions at the top of the list."
    lines = script.wrap(text, 42)
    assert len(lines) == 2 and " ".join(lines) == text and all(len(line) <= 42 for line in lines)
    assert script.wrap("这段短视频是示例内容，不是医疗建议。", 16) == ["这段短视频是示例内容，", "不是医疗建议。"]
