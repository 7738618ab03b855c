"""Videos (issue #14): the manifest's videos, their captions' state, the caption check's rules (one
golden bad file each), and the fixture site tests/fixtures/sites/videos built for real: a
self-hosted video with captions in English, outdated in French and missing in German, and an
external one shown by click-to-load; its pages, PDF and, in Chromium, the player and the button."""

from __future__ import annotations

import json
import re
from html import unescape
import shutil
import subprocess
from pathlib import Path

import pytest
import webvtt
from conftest import FIXTURES, ROOT, copy_site, run_guidepress, tags, text_of

from guidepress.commands.checks.captions import caption_findings, limits_for, script_of
from guidepress.model.errors import ContentError
from guidepress.model.project import load_project
from guidepress.model.translation import State
from guidepress.model.videos import caption_hash, caption_meta, parse_duration, url_problem, with_source_hash
from guidepress.pdf.document import qr_data_uri

CAPTIONS = FIXTURES / "captions"
BAD = sorted((CAPTIONS / "bad").glob("*.vtt"))
SAMPLE = ROOT / "guides" / "questions-for-your-care-team"
EXPECT = re.compile(r"^NOTE expect (\S+) (\S+) (\d+): (.*)$", re.M)
PAGE = "guides/clips/01-watch/index.html"
HOST = "peertube.example.org"


# -- the caption check, rule by rule ----------------------------------------------------------

@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_each_bad_caption_file_gets_its_one_finding(path):
    """Each golden file names (in a NOTE) its language, the rule, the line and the message."""
    text = path.read_text(encoding="utf-8")
    lang, rule, line, message = EXPECT.search(text).groups()
    own, parity = caption_findings(text, path.name, lang, None, (CAPTIONS / "source.vtt").read_text(), "source.vtt")
    found = own + parity
    assert [(f.rule, f.line) for f in found] == [(rule, int(line))], found
    assert message in found[0].message and found[0].path == path.name


def test_every_rule_has_a_golden_file():
    from guidepress.commands.checks.captions import RULES

    covered = {EXPECT.search(p.read_text(encoding="utf-8")).group(2) for p in BAD}
    assert covered == set(RULES) - {"videos"}


@pytest.mark.parametrize("lang", sorted(p.name for p in SAMPLE.iterdir() if (p / "videos").is_dir()))
def test_the_sample_captions_pass_every_rule(lang):
    source = (SAMPLE / "en/videos/getting-ready.vtt").read_text(encoding="utf-8")
    text = (SAMPLE / lang / "videos/getting-ready.vtt").read_text(encoding="utf-8")
    own, parity = caption_findings(text, lang, lang, None, None if lang == "en" else source, "en")
    assert own + parity == []


def test_limits_come_from_the_script_and_the_configuration():
    assert [script_of(code) for code in ("fr", "el", "bg", "zh", "ja")] == ["latin", "greek", "cyrillic", "cjk", "cjk"]
    assert limits_for("de") == {"chars_per_line": 42, "chars_per_second": 17}
    assert limits_for("zh") == {"chars_per_line": 16, "chars_per_second": 9}
    configured = {"latin": {"chars_per_line": 37}, "fi": {"chars_per_second": 15}}
    assert limits_for("fi", configured) == {"chars_per_line": 37, "chars_per_second": 15}
    assert limits_for("el", configured) == {"chars_per_line": 42, "chars_per_second": 17}


# -- the model ------------------------------------------------------------------------------------

def test_durations_and_external_addresses():
    assert [parse_duration(v) for v in (67, "67", "1:07", "1:02:07", "1:60", "0", True, "x")] == \
        [67, 67, 67, 3727, None, None, None, None]
    assert url_problem("peertube", "https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d") is None
    assert url_problem("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ") is None
    assert "https://" in url_problem("youtube", "http://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert "is not on youtube" in url_problem("youtube", "https://vimeo.com/123456")
    assert "no Vimeo video number" in url_problem("vimeo", "https://vimeo.com/about")
    assert "not a PeerTube video address" in url_problem("peertube", "https://framatube.org/about")


def test_a_bad_videos_list_is_reported_with_file_and_line(tmp_path):
    site = copy_site("videos", tmp_path)
    manifest = site / "guides/clips/guide.yml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("  - id: hello\n", "  - id: Hello_1\n").replace("consent: true", "consent: false")
    text = text.replace('duration: "1:07"', 'duration: "1:75"').replace("https://peertube.example.org/w/abcdef123456",
                                                                        "http://peertube.example.org/w/abcdef123456")
    manifest.write_text(text, encoding="utf-8")
    lines = text.split("\n")

    def line_of(needle: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if needle in line)

    with pytest.raises(ContentError) as err:
        load_project(site, ["en", "fr", "de"], "en")
    main = [f for f in err.value.findings if f.path == "guides/clips/guide.yml"]
    found = {(f.line, f.message.split(":")[0]) for f in main}
    # the French title of the renamed video names its own file and line too
    assert [(f.path, f.line) for f in err.value.findings if f not in main] == [("guides/clips/fr/guide.yml", 4)]
    messages = "\n".join(f"{f.line}: {f.message}" for f in main)
    assert f"{line_of('id: Hello_1')}: 'videos' item 1, 'id': 'Hello_1' is not a video id" in messages
    assert f"{line_of('duration:')}: 'videos' item 1, 'duration'" in messages
    assert f"{line_of('consent: false')}: 'videos' item 1: Kim Example (fictional) appears in the video without recorded consent" in messages
    assert f"{line_of('url: http://')}: 'videos' item 2: 'http://" in messages and "https://" in messages
    assert len(found) == 4


def test_captions_have_the_state_of_pages(tmp_path):
    site = copy_site("videos", tmp_path)
    project = load_project(site, ["en", "fr", "de"], "en")
    guide = project.guide("clips")
    assert [project.caption(guide, "hello", lang).state for lang in ("en", "fr", "de")] == \
        [State.SOURCE, State.OUTDATED, State.FALLBACK]
    fr = site / "guides/clips/fr/videos/hello.vtt"
    current = caption_hash((site / "guides/clips/en/videos/hello.vtt").read_text(encoding="utf-8"))
    fr.write_text(with_source_hash(fr.read_text(encoding="utf-8"), current), encoding="utf-8")
    assert caption_meta(fr.read_text(encoding="utf-8")).source_hash == current
    assert load_project(site, ["en", "fr", "de"], "en").caption(guide, "hello", "fr").state is State.CURRENT
    fr.write_text(fr.read_text(encoding="utf-8").replace("WEBVTT\n", "WEBVTT\n\nNOTE draft translation, not yet reviewed\n", 1),
                  encoding="utf-8")
    assert load_project(site, ["en", "fr", "de"], "en").caption(guide, "hello", "fr").state is State.DRAFT
    webvtt.read(str(fr))  # still a WebVTT file for other tools


# -- the commands ---------------------------------------------------------------------------

def _only_site_languages(site: Path) -> Path:
    for folder in (site / "locales").iterdir():
        if folder.is_dir() and folder.name not in ("en", "fr", "de"):
            shutil.rmtree(folder)
    return site


def test_check_status_mark_current_and_new_translation_know_captions(tmp_path):
    site = _only_site_languages(copy_site("videos", tmp_path))
    fr, de = "guides/clips/fr/videos/hello.vtt", "guides/clips/de/videos/hello.vtt"
    found = json.loads(run_guidepress("check", "--format", "json", cwd=site, check=False).stdout)
    outdated = [f for f in found if f["path"] == fr]
    assert [(f["rule"], f["severity"]) for f in outdated] == [("outdated", "warning")]
    assert f"guidepress mark-current {fr}" in outdated[0]["message"]
    github = run_guidepress("check", "--format", "github", fr, cwd=site, check=False).stdout
    assert f"::warning file={fr},line=1,title=outdated::" in github
    status = json.loads(run_guidepress("status", "--format", "json", cwd=site).stdout)
    assert status["captions"]["fr"]["outdated"] == 1 and status["captions"]["de"]["fallback"] == 1
    run_guidepress("mark-current", fr, cwd=site)
    assert json.loads(run_guidepress("status", "--format", "json", cwd=site).stdout)["captions"]["fr"]["current"] == 1
    # a caption file to translate: the source's cues, marked as an untranslated copy until translated
    made = run_guidepress("new", "translation", "clips", "de", "videos/hello.vtt", cwd=site)
    assert made.stdout.strip() == f"created {de}"
    assert (site / de).read_text(encoding="utf-8").count("-->") == 3
    found = json.loads(run_guidepress("check", "--format", "json", de, cwd=site, check=False).stdout)
    assert [f["rule"] for f in found] == ["untranslated"]
    # a wrong translation: its findings, with their lines
    (site / de).write_text((site / de).read_text(encoding="utf-8").replace("Bring 3 questions", "Bringen Sie 4 Fragen"),
                           encoding="utf-8")
    found = json.loads(run_guidepress("check", "--format", "json", de, cwd=site, check=False).stdout)
    timing = (site / de).read_text(encoding="utf-8").split("\n").index("00:00:04.500 --> 00:00:08.000") + 1
    assert [(f["rule"], f["line"]) for f in found] == [("captions-numbers", timing)]
    assert "missing 3; not in the source: 4" in found[0]["message"]


def test_a_marker_of_an_unknown_video_stops_the_build_with_file_and_line(tmp_path):
    site = copy_site("videos", tmp_path)
    page = site / "guides/clips/en/01-watch.md"
    page.write_text(page.read_text(encoding="utf-8").replace("::video elsewhere", "::video nowhere"), encoding="utf-8")
    proc = run_guidepress("build", "--no-pdf", cwd=site, check=False)
    assert proc.returncode != 0
    assert "guides/clips/en/01-watch.md:9: [videos] '::video nowhere': the guide has no video 'nowhere'" in proc.stderr
    assert "Traceback" not in proc.stderr


# -- the built site --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = copy_site("videos", tmp_path_factory.mktemp("videos"))
    run_guidepress("build", cwd=site)
    return site / "site"


def _page(built: Path, lang: str) -> str:
    return (built / ("" if lang == "en" else f"{lang}/") / PAGE).read_text(encoding="utf-8")


def _figure(html: str, vid: str) -> str:
    start = html.index(f'<figure class="gp-video" id="video-{vid}"')
    return html[start:html.index("</figure>", start)]


@pytest.mark.parametrize("lang,default,notice", [("en", "en", None), ("fr", "fr", "captions-outdated"),
                                                 ("de", "en", "captions-fallback")])
def test_the_player_has_a_track_per_language_and_the_readers_by_default(built, lang, default, notice):
    html = _figure(_page(built, lang), "hello")
    video = tags(html, "video")
    assert len(video) == 1 and video[0]["preload"] == "none" and "controls" in video[0] and "autoplay" not in video[0]
    here = (built / ("" if lang == "en" else f"{lang}/") / PAGE).parent
    files = built / "guides/clips/videos"
    assert (here / video[0]["poster"]).resolve() == (files / "hello.jpg").resolve()
    assert [(here / s["src"]).resolve() for s in tags(html, "source")] == [(files / "hello.webm").resolve()]
    tracks = tags(html, "track")
    assert [(here / t["src"]).resolve() for t in tracks] == [(files / f"hello.{c}.vtt").resolve() for c in ("en", "fr")]
    assert [(t["kind"], t["srclang"], t["label"]) for t in tracks] == [("captions", "en", "English"),
                                                                        ("captions", "fr", "Français")]
    assert [t["srclang"] for t in tracks if "default" in t] == [default]
    notices = re.findall(r'data-gp-notice="([^"]+)"', html)
    assert notices == ([notice] if notice else [])
    transcript = unescape(text_of(html[html.index('<details class="gp-transcript"'):]))
    expected = {"en": "Ask the nurse what happens next.", "fr": "Demandez à l'infirmière la suite.",
                "de": "Ask the nurse what happens next."}[lang]
    assert expected in transcript
    if lang == "de":  # the source's captions, marked as such
        assert '<div lang="en" dir="ltr">' in html


def test_the_notices_are_in_the_readers_language(built):
    assert "Les sous-titres en anglais de cette vidéo ont changé" in text_of(_figure(_page(built, "fr"), "hello"))
    assert "Die Untertitel dieses Videos gibt es noch nicht auf Deutsch" in text_of(_figure(_page(built, "de"), "hello"))


def test_files_are_stored_once_and_the_transcript_is_searchable(built):
    folder = built / "guides/clips/videos"
    assert sorted(p.name for p in folder.iterdir()) == ["hello.en.vtt", "hello.fr.vtt", "hello.jpg", "hello.webm"]
    assert not list((built / "fr").rglob("*.webm")) and not list((built / "de").rglob("*.vtt"))
    assert (folder / "hello.webm").read_bytes() == (FIXTURES / "sites/videos/guides/clips/videos/hello.webm").read_bytes()
    index = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))
    assert any("Ask the nurse what happens next" in doc["text"] for doc in index["docs"])


def test_external_video_is_a_button_and_frames_only_from_its_host(built):
    html = _page(built, "fr")
    box = _figure(html, "elsewhere")
    assert "<iframe" not in html and HOST in box
    assert [b["class"] for b in tags(box, "button")] == ["md-button gp-video__load"]
    assert "Lire la vidéo : elle sera chargée depuis" in unescape(text_of(box))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert policy.endswith(f"frame-src https://{HOST}") and policy.count("frame-src") == 1
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "frame-src" not in home


def test_the_pdf_shows_poster_title_duration_qr_and_transcript(built):
    pdf = built / "fr/guides/clips/clips.fr.a4.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.replace("‐\n", "").split())
    assert "Bonjour de l'équipe soignante (1:07)" in flat
    assert "Demandez à l'infirmière la suite." in flat
    assert "Scannez le code ou ouvrez cette adresse pour voir la vidéo" in flat
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "jpeg" in images  # the poster
    printed = (built / "fr/guides/clips/print/index.html").read_text(encoding="utf-8")
    address = "https://fixture.example.org/fr/guides/clips/01-watch/"
    qr = [t for t in tags(printed, "img") if "gp-video__qr-code" in t.get("class", "")]
    assert [t["src"] for t in qr] == [qr_data_uri(address)] * 2  # the QR code of the page that plays each video
    assert "<video" not in printed and "gp-video__load" not in printed  # no player, no button on paper


# -- in Chromium -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright")
    from browser import chromium

    with chromium() as b:
        yield b


def test_captions_are_selectable_and_the_page_is_axe_clean(built, browser):
    from browser import run_axe, serve

    with serve(built, ("fr", "de")) as base:
        page = browser.new_page()
        for lang in ("en", "fr", "de"):
            page.goto(base + ("" if lang == "en" else f"{lang}/") + PAGE)
            tracks = page.evaluate("""() => Array.from(document.querySelector('video').textTracks,
                                       t => [t.kind, t.language, t.label, t.mode])""")
            assert [t[:3] for t in tracks] == [["captions", "en", "English"], ["captions", "fr", "Français"]]
            shown = {"en": "en", "fr": "fr", "de": "en"}[lang]
            assert [t[1] for t in tracks if t[3] == "showing"] == [shown]
            assert page.evaluate("""() => { const t = document.querySelector('video').textTracks;
                                   t[0].mode = 'disabled'; t[1].mode = 'showing'; return t[1].mode; }""") == "showing"
            assert run_axe(page) == [], lang
        page.close()


def test_nothing_is_requested_from_the_host_before_the_click(built, browser):
    from browser import run_axe, serve

    asked: list[str] = []

    def record(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>player</title><p>player</p>")

    with serve(built, ("fr", "de")) as base:
        page = browser.new_page()
        page.route(re.compile(rf"https://{re.escape(HOST)}/.*"), record)
        page.goto(base + "fr/" + PAGE)
        page.wait_for_load_state("networkidle")
        assert asked == [] and page.locator("iframe").count() == 0
        for _ in range(40):  # the keyboard reaches the button
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('gp-video__load')"):
                break
        else:
            pytest.fail("Tab never reached the click-to-load button")
        assert asked == []
        page.keyboard.press("Enter")
        page.wait_for_selector("iframe.gp-video__iframe")
        page.wait_for_timeout(500)
        assert page.locator("iframe").get_attribute("src") == f"https://{HOST}/videos/embed/abcdef123456"
        assert asked == [f"https://{HOST}/videos/embed/abcdef123456"]
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"
        assert run_axe(page) == []
        page.close()


def test_caption_text_and_titles_are_escaped(tmp_path):
    """Captions and titles come from pull requests: what they hold is text on the page, never markup."""
    site = copy_site("videos", tmp_path)
    captions = site / "guides/clips/en/videos/hello.vtt"
    captions.write_text(captions.read_text(encoding="utf-8").replace(
        "Hello and welcome.", "Hello <script>alert(1)</script> &lt;img src=x onerror=alert(2)&gt;"), encoding="utf-8")
    manifest = site / "guides/clips/guide.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "en: Hello from the care team", 'en: "Hello <b onclick=alert(3)>team</b>"'), encoding="utf-8")
    run_guidepress("build", "--no-pdf", cwd=site)
    html = _figure((site / "site" / PAGE).read_text(encoding="utf-8"), "hello")
    assert "<script" not in html and "<img" not in html and "<b " not in html
    assert "Hello alert(1) &lt;img src=x onerror=alert(2)&gt;" in html  # cue tags dropped, the rest as text
    assert "Hello &lt;b onclick=alert(3)&gt;team&lt;/b&gt;" in html


def test_the_transcript_joins_chinese_without_spaces_and_others_with_one():
    from guidepress.view.video import transcript

    zh = transcript((SAMPLE / "zh/videos/getting-ready.vtt").read_text(encoding="utf-8"))
    assert zh[0] == "为就诊做准备。这段短视频是示例内容，不是医疗建议。"
    assert "把最重要的3个问题写在清单最前面。" in zh[2]  # two caption lines, one sentence
    fr = transcript((SAMPLE / "fr/videos/getting-ready.vtt").read_text(encoding="utf-8"))
    assert fr[0] == "Se préparer à un rendez-vous. Cette courte vidéo est un exemple. Ce n'est pas un avis médical."
    assert len(fr) == len(zh) == 7  # a paragraph per slide: the pauses between them


def test_diff_shows_what_changed_in_the_source_captions(tmp_path):
    site = copy_site("videos", tmp_path)

    def git(*args):
        subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=site,
                       check=True, capture_output=True)

    fr = "guides/clips/fr/videos/hello.vtt"
    run_guidepress("mark-current", fr, cwd=site)
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "translated")
    source = site / "guides/clips/en/videos/hello.vtt"
    source.write_text(source.read_text(encoding="utf-8").replace("what happens next", "what comes next"), encoding="utf-8")
    git("commit", "-q", "-am", "source captions edited")
    out = run_guidepress("diff", "fr", fr, cwd=site).stdout
    assert "-Ask the nurse what happens next." in out and "+Ask the nurse what comes next." in out
    assert "a/guides/clips/en/videos/hello.vtt (translated from" in out
