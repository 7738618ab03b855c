#!/usr/bin/env python3
"""Build the sample video of the guide ``questions-for-your-care-team``, offline and reproducibly.

The video "Getting ready for an appointment" is original example content made here: seven slides
(rendered from HTML by WeasyPrint, turned into pictures by ``pdftoppm``) and English synthetic
speech (espeak-ng), put together by ffmpeg. The text of every slide and every spoken sentence is
in one list, ``SLIDES``, below; the English captions are written from that same list and timed
from the measured length of each spoken sentence, so captions and speech cannot drift apart.

It writes, once for all languages (never a copy per language):

    guides/questions-for-your-care-team/videos/getting-ready.webm     VP9 + Opus, 640x360
    guides/questions-for-your-care-team/videos/getting-ready.jpg      poster (the first slide)
    guides/questions-for-your-care-team/en/videos/getting-ready.vtt   English captions

The captions of the other languages (``<lang>/videos/getting-ready.vtt``) are translations kept
by hand; they have the English cue times (the same audio). When a new run changes the English
times (another espeak-ng or ffmpeg version), ``--retime-translations`` copies the new times into
every translation that has the English number of cues, leaving its text alone.

Needs, for building only (the site build never does): the Debian packages ``espeak-ng`` and
``ffmpeg`` (``apt-get install espeak-ng ffmpeg``), plus ``pdftoppm`` (poppler-utils), WeasyPrint
and the Noto/DejaVu fonts that ``scripts/setup.sh`` installs. Nothing is fetched from the network.

    .venv/bin/python scripts/make_sample_video.py              build the video, poster and English captions
    .venv/bin/python scripts/make_sample_video.py --retime-translations
    .venv/bin/python scripts/make_sample_video.py --check      check the committed files (no ffmpeg needed)

Running it again with the same tool versions writes the same bytes (bit-exact muxing, no
metadata, single-threaded encoders), and a file whose content did not change is not rewritten.
"""

from __future__ import annotations

import argparse
import array
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = Path("guides/questions-for-your-care-team")
VIDEO_ID = "getting-ready"
SOURCE_LANG = "en"
MARKER = "Example content - not medical advice"


@dataclass(frozen=True)
class Slide:
    title: str
    points: tuple[str, ...]  # shown on the slide
    spoken: tuple[str, ...]  # said aloud, one caption cue each; "|" marks where its 2 lines break


SLIDES: tuple[Slide, ...] = (
    Slide("Getting ready for an appointment",
          ("Questions to ask your care team", "A short example video"),
          ("Getting ready for an appointment.",
           "This short video is example content.|It is not medical advice.")),
    Slide("Write your questions down",
          ("Keep a notebook or a note on your phone", "Add questions as they come to you"),
          ("Appointments can feel short and busy.",
           "Write your questions down before you go.",
           "Keep a notebook, or a note on your phone.",
           "Add questions as they come to you.")),
    Slide("Start with what matters most",
          ("Put your 3 most important questions first", "Ask them early, in case time runs short"),
          ("Put your 3 most important questions|at the top of the list.",
           "Ask them first, in case time runs short.")),
    Slide("What to bring",
          ("Your list of questions", "A list of all your medicines", "A notebook and a pen",
           "Someone you trust"),
          ("Bring your list of questions,|and a list of all your medicines.",
           "A notebook and a pen help you|write down the answers.",
           "Someone you trust can listen with you|and take notes.")),
    Slide("On the day",
          ("Arrive 10 minutes early", "Say if you feel nervous or tired",
           "Ask again if something is unclear"),
          ("Try to arrive 10 minutes early.",
           "Tell the team|if you feel nervous or tired.",
           "If something is unclear,|ask them to explain it again.")),
    Slide("After the appointment",
          ("Read your notes again at home", "Write down new questions for next time"),
          ("At home, read your notes again.",
           "Write down any new questions|for next time.")),
    Slide("Your questions matter",
          ("Your care team is there to help",),
          ("Your questions matter.|Your care team is there to help.",)),
)

# Speech and timing. espeak-ng writes 16-bit mono WAV at 22050 Hz; every time below is a whole
# number of samples, and every slide lasts a whole number of video frames.
VOICE = ["-v", "en-gb", "-s", "145", "-p", "45", "-a", "100"]
RATE = 22050
FPS = 5
LEAD_IN = 0.8    # silence before the first sentence
GAP = 0.6        # between two sentences of a slide
SLIDE_TAIL = 1.2  # after the last sentence of a slide (at least; rounded up to a whole frame)
SILENT = 200     # |sample| at or below this is silence (of 32767)
LINGER = 0.5     # a caption stays up to this long after its sentence ends ...
CUE_GAP = 0.12   # ... but ends at least this long before the next one starts
MAX_LINES = 2
MAX_CHARS = 42   # per caption line, Latin, Greek and Cyrillic scripts
MAX_CHARS_CJK = 16
CJK_LANGS = {"zh", "ja", "ko"}
MAX_CUE_SECONDS = 7.0
MIN_CUE_SECONDS = 1.0
MAX_VIDEO_BYTES = 600 * 1024
TOOLS = {"espeak-ng": "espeak-ng", "ffmpeg": "ffmpeg", "pdftoppm": "poppler-utils"}
_BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1"]

SLIDE_CSS = """
@page { size: 640px 360px; margin: 0; }
html, body { margin: 0; }
body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; color: #17303a; }
section { width: 640px; height: 360px; box-sizing: border-box; padding: 34px 44px 0 44px;
          background: #eef5f3; position: relative; break-after: page; overflow: hidden; }
section::before { content: ""; position: absolute; left: 0; top: 0; width: 14px; height: 360px;
                  background: #2f6f7e; }
h1 { font-size: 32px; line-height: 1.15; margin: 0 0 22px 0; color: #1f5563; font-weight: 700; }
ul { margin: 0; padding: 0 0 0 26px; }
li { font-size: 23px; line-height: 1.3; margin: 0 0 10px 0; }
li::marker { color: #2f6f7e; }
.title h1 { font-size: 36px; margin-top: 40px; width: 330px; }
.title p { font-size: 20px; margin: 0 0 8px 0; width: 340px; }
.title img { position: absolute; right: 24px; top: 70px; width: 250px; border-radius: 10px; }
.marker { position: absolute; left: 44px; bottom: 18px; font-size: 15px; font-weight: 700;
          background: #fff4cc; color: #4a3b00; padding: 4px 10px; border-radius: 4px; }
.count { position: absolute; right: 26px; bottom: 20px; font-size: 14px; color: #3f5a63; }
"""


class ToolMissing(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Caption text and WebVTT


def line_limit(lang: str) -> int:
    return MAX_CHARS_CJK if lang.split("-")[0] in CJK_LANGS else MAX_CHARS


def wrap(text: str, limit: int) -> list[str]:
    """One line when it fits; otherwise the two lines, both within ``limit``, that are closest in
    length (a break after punctuation is preferred). Text without spaces (Chinese) breaks between
    characters. Raises ValueError when the text does not fit on two lines."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return [text]
    spaced = " " in text
    if spaced:
        cuts = [(text[:i], text[i + 1:]) for i, ch in enumerate(text) if ch == " "]
    else:
        cuts = [(text[:i], text[i:]) for i in range(1, len(text)) if text[i] not in "，。、；：？！）》”"]
    fitting = [c for c in cuts if len(c[0]) <= limit and len(c[1]) <= limit]
    if not fitting:
        raise ValueError(f"does not fit on {MAX_LINES} lines of {limit} characters: {text!r}")

    def cost(cut: tuple[str, str]) -> tuple[int, int]:
        after_punctuation = cut[0][-1] in ",.;:!?，。、；：？！"
        return (abs(len(cut[0]) - len(cut[1])) - (8 if after_punctuation else 0), len(cut[0]))

    first, second = min(fitting, key=cost)
    return [first, second]


def said(text: str) -> str:
    """A sentence of ``SLIDES`` as spoken (without its line-break mark)."""
    return " ".join(text.replace("|", " ").split())


def caption_lines(text: str, limit: int = MAX_CHARS) -> list[str]:
    """The caption lines of a sentence: split where it has "|", else :func:`wrap`."""
    if "|" not in text:
        return wrap(text, limit)
    lines = [" ".join(part.split()) for part in text.split("|")]
    if len(lines) > MAX_LINES or any(not line or len(line) > limit for line in lines):
        raise ValueError(f"does not fit on {MAX_LINES} lines of {limit} characters: {text!r}")
    return lines


def timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def parse_timestamp(text: str) -> int:
    match = re.fullmatch(r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})", text.strip())
    if not match:
        raise ValueError(f"not a WebVTT time: {text!r}")
    hours, minutes, seconds, millis = (int(g or 0) for g in match.groups())
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def vtt_text(cues: list[tuple[int, int, list[str]]], note: str) -> str:
    out = ["WEBVTT", "", f"NOTE {note}", ""]
    for start, end, lines in cues:
        out += [f"{timestamp(start)} --> {timestamp(end)}", *lines, ""]
    return "\n".join(out)


def caption_cues(spans: list[tuple[int, int]]) -> list[tuple[int, int, list[str]]]:
    """English cues (milliseconds) from the sample spans of the spoken sentences."""
    texts = [t for slide in SLIDES for t in slide.spoken]
    cues = []
    for i, ((start, end), text) in enumerate(zip(spans, texts, strict=True)):
        limit_end = end + round(LINGER * RATE)
        if i + 1 < len(spans):
            limit_end = min(limit_end, spans[i + 1][0] - round(CUE_GAP * RATE))
        cues.append((round(start * 1000 / RATE), round(max(end, limit_end) * 1000 / RATE),
                     caption_lines(text)))
    return cues


# ---------------------------------------------------------------------------------------------
# Building


def require_tools() -> None:
    missing = sorted({pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None})
    if missing:
        raise ToolMissing("make_sample_video: missing programs; install the Debian packages "
                          f"{' '.join(missing)} (as root: apt-get install {' '.join(missing)}) and run again")


def run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({result.returncode}):\n{result.stderr.strip()[-2000:]}")


def speak(text: str, out: Path) -> bytes:
    """The sentence spoken by espeak-ng, without the silence espeak-ng puts around it (so that a
    caption starts and ends with the voice)."""
    run(["espeak-ng", *VOICE, "-w", str(out), said(text)])
    with wave.open(str(out), "rb") as wav:
        if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (1, 2, RATE):
            raise RuntimeError(f"espeak-ng wrote {wav.getparams()}, expected 16-bit mono at {RATE} Hz")
        samples = array.array("h", wav.readframes(wav.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    loud = [i for i, value in enumerate(samples) if abs(value) > SILENT]
    if not loud:
        raise RuntimeError(f"espeak-ng said nothing for {text!r}")
    margin = round(0.02 * RATE)
    kept = samples[max(0, loud[0] - margin):loud[-1] + margin]
    if sys.byteorder == "big":
        kept.byteswap()
    return kept.tobytes()


def build_audio(tmp: Path) -> tuple[Path, list[tuple[int, int]], list[int]]:
    """The whole soundtrack as one WAV; the (start, end) sample of every sentence; the number
    of video frames of every slide."""
    samples_per_frame = RATE // FPS
    pcm = bytearray()
    spans: list[tuple[int, int]] = []
    frames: list[int] = []

    def silence(seconds: float) -> None:
        pcm.extend(b"\0\0" * round(seconds * RATE))

    silence(LEAD_IN)
    slide_start = 0
    n = 0
    for slide in SLIDES:
        for i, text in enumerate(slide.spoken):
            if i:
                silence(GAP)
            clip = speak(text, tmp / f"say-{n:02d}.wav")
            n += 1
            start = len(pcm) // 2
            pcm.extend(clip)
            spans.append((start, len(pcm) // 2))
        silence(SLIDE_TAIL)
        end = -(-(len(pcm) // 2) // samples_per_frame) * samples_per_frame  # a whole frame
        silence((end - len(pcm) // 2) / RATE)
        frames.append((end - slide_start) // samples_per_frame)
        slide_start = end
    out = tmp / "speech.wav"
    with wave.open(str(out), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(bytes(pcm))
    return out, spans, frames


def slides_html(root: Path) -> str:
    sections = []
    picture = (root / GUIDE / "images" / "appointment-notebook.svg").as_uri()
    for number, slide in enumerate(SLIDES, 1):
        e = html.escape
        count = f'<div class="count">{number} / {len(SLIDES)}</div>'
        if number == 1:
            body = (f"<h1>{e(slide.title)}</h1>" + "".join(f"<p>{e(p)}</p>" for p in slide.points)
                    + f'<img src="{e(picture)}" alt="">')
            sections.append(f'<section class="title">{body}<div class="marker">{e(MARKER)}</div>{count}</section>')
        else:
            items = "".join(f"<li>{e(p)}</li>" for p in slide.points)
            marker = f'<div class="marker">{e(MARKER)}</div>' if number == len(SLIDES) else ""
            sections.append(f"<section><h1>{e(slide.title)}</h1><ul>{items}</ul>{marker}{count}</section>")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>{SLIDE_CSS}</style>'
            f"</head><body>{''.join(sections)}</body></html>")


def render_slides(root: Path, tmp: Path) -> list[Path]:
    from weasyprint import HTML  # a guidepress dependency; imported here so --check does not need it

    pdf = tmp / "slides.pdf"
    HTML(string=slides_html(root), base_url=str(root)).write_pdf(pdf)
    run(["pdftoppm", "-png", "-r", "96", str(pdf), str(tmp / "slide")])
    pictures = sorted(tmp.glob("slide-*.png"))
    if len(pictures) != len(SLIDES):
        raise RuntimeError(f"WeasyPrint made {len(pictures)} slides, expected {len(SLIDES)}: shorten a slide's text")
    run(["pdftoppm", "-jpeg", "-jpegopt", "quality=80,optimize=y", "-r", "96", "-f", "1", "-l", "1",
         "-singlefile", str(pdf), str(tmp / "poster")])
    return pictures


def encode(pictures: list[Path], frames: list[int], audio: Path, out: Path) -> None:
    cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    for picture in pictures:
        cmd += ["-loop", "1", "-framerate", str(FPS), "-i", str(picture)]
    cmd += ["-i", str(audio)]
    chains = [f"[{i}:v]trim=end_frame={n},setpts=PTS-STARTPTS[v{i}]" for i, n in enumerate(frames)]
    joined = "".join(f"[v{i}]" for i in range(len(frames)))
    chains.append(f"{joined}concat=n={len(frames)}:v=1:a=0,format=yuv420p[v]")
    starts, total = [], 0
    for n in frames:
        starts.append(f"{total / FPS:.1f}")
        total += n
    chains.append(f"[{len(pictures)}:a]volume=0.7[a]")  # headroom: espeak-ng peaks near full scale
    cmd += ["-filter_complex", ";".join(chains), "-map", "[v]", "-map", "[a]",
            "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "36", "-deadline", "good", "-cpu-used", "1",
            "-threads", "1", "-row-mt", "0", "-tile-columns", "0", "-g", "300",
            "-force_key_frames", ",".join(starts),
            "-c:a", "libopus", "-b:a", "20k", "-ac", "1", "-ar", "48000", "-application", "voip",
            *_BITEXACT, "-f", "webm", str(out)]
    run(cmd)


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.part")
    part.write_bytes(data)
    os.replace(part, path)
    return True


def build(root: Path) -> list[str]:
    require_tools()
    english = source_captions_path(root)
    with tempfile.TemporaryDirectory(prefix="sample-video-") as name:
        tmp = Path(name)
        audio, spans, frames = build_audio(tmp)
        pictures = render_slides(root, tmp)
        encode(pictures, frames, audio, tmp / "video.webm")
        cues = caption_cues(spans)
        outputs = {
            video_path(root): (tmp / "video.webm").read_bytes(),
            poster_path(root): (tmp / "poster.jpg").read_bytes(),
            english: vtt_text(cues, "Generated by scripts/make_sample_video.py from the sentences it speaks; "
                                    "change the script and run it again instead of editing this file.").encode(),
        }
    report = []
    for path, data in outputs.items():
        changed = write_if_changed(path, data)
        report.append(f"{'wrote' if changed else 'unchanged'} {path.relative_to(root)} "
                      f"({len(data) / 1024:.0f} KB, sha256 {hashlib.sha256(data).hexdigest()[:12]})")
    seconds = sum(frames) / FPS
    report.append(f"{len(SLIDES)} slides, {len(cues)} captions, {seconds:.1f} s")
    return report


def retime_translations(root: Path) -> list[str]:
    """Copy the English cue times into every translation that has as many cues."""
    english = [line for line in source_captions_path(root).read_text(encoding="utf-8").splitlines() if "-->" in line]
    report = []
    for lang, path in caption_files(root):
        if lang == SOURCE_LANG:
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        timing = [i for i, line in enumerate(lines) if "-->" in line]
        if len(timing) != len(english):
            report.append(f"skipped {path.relative_to(root)}: {len(timing)} cues, English has {len(english)}")
            continue
        for i, line in zip(timing, english, strict=True):
            lines[i] = line
        if write_if_changed(path, "\n".join(lines).encode()):
            report.append(f"retimed {path.relative_to(root)}")
    return report or ["every translation already has the English times"]


# ---------------------------------------------------------------------------------------------
# Checking the committed files (no ffmpeg, no espeak-ng)


def video_path(root: Path) -> Path:
    return root / GUIDE / "videos" / f"{VIDEO_ID}.webm"


def poster_path(root: Path) -> Path:
    return root / GUIDE / "videos" / f"{VIDEO_ID}.jpg"


def source_captions_path(root: Path) -> Path:
    return root / GUIDE / SOURCE_LANG / "videos" / f"{VIDEO_ID}.vtt"


def caption_files(root: Path) -> list[tuple[str, Path]]:
    """(language, path) of every caption file of the video, English first."""
    found = sorted((p.parent.parent.name, p) for p in (root / GUIDE).glob(f"*/videos/{VIDEO_ID}.vtt"))
    return sorted(found, key=lambda item: item[0] != SOURCE_LANG)


def read_cues(path: Path) -> list[tuple[int, int, int, list[str]]]:
    """(line number, start ms, end ms, text lines) of every cue, read with webvtt-py."""
    import webvtt  # webvtt-py, a guidepress dependency

    captions = webvtt.read(str(path)).captions
    timing_lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "-->" in line]
    if len(timing_lines) != len(captions):
        raise ValueError(f"{path}: {len(timing_lines)} timing lines but webvtt-py read {len(captions)} cues")
    return [(n, parse_timestamp(c.start), parse_timestamp(c.end), list(c.lines))
            for n, c in zip(timing_lines, captions, strict=True)]


def numbers(lines: list[str]) -> list[str]:
    return sorted(re.findall(r"\d+", " ".join(lines)))


def check(root: Path) -> list[str]:
    problems: list[str] = []
    expected = []
    for text in (t for slide in SLIDES for t in slide.spoken):
        try:
            expected.append(caption_lines(text))
        except ValueError as exc:
            expected.append([said(text)])
            problems.append(f"scripts/make_sample_video.py: SLIDES: {exc}")
    for path, magic in ((video_path(root), b"\x1a\x45\xdf\xa3"), (poster_path(root), b"\xff\xd8\xff")):
        rel = path.relative_to(root)
        if not path.is_file():
            problems.append(f"{rel}: missing; run scripts/make_sample_video.py")
        elif not path.read_bytes().startswith(magic):
            problems.append(f"{rel}: not a {path.suffix[1:]} file")
    if video_path(root).is_file() and video_path(root).stat().st_size > MAX_VIDEO_BYTES:
        problems.append(f"{video_path(root).relative_to(root)}: {video_path(root).stat().st_size} bytes, "
                        f"more than {MAX_VIDEO_BYTES}")
    try:
        source = read_cues(source_captions_path(root))
    except Exception as exc:  # any reading problem is reported, not raised
        return [*problems, f"{source_captions_path(root).relative_to(root)}: {exc}"]
    rel_source = source_captions_path(root).relative_to(root)
    if [c[3] for c in source] != expected:
        problems.append(f"{rel_source}: its text is not the text SLIDES speaks; run scripts/make_sample_video.py")
    for lang, path in caption_files(root):
        rel = path.relative_to(root)
        try:
            cues = read_cues(path)
        except Exception as exc:  # reported with the file's name, like the source's
            problems.append(f"{rel}: {exc}")
            continue
        if lang != SOURCE_LANG and "NOTE draft translation, not yet reviewed" not in path.read_text(encoding="utf-8"):
            problems.append(f"{rel}: no 'NOTE draft translation, not yet reviewed' block")
        if len(cues) != len(source):
            problems.append(f"{rel}: {len(cues)} cues, {rel_source} has {len(source)}")
        limit = line_limit(lang)
        for (line, start, end, lines), (_, s_start, s_end, s_lines) in zip(cues, source, strict=False):
            where = f"{rel}:{line}"
            if (start, end) != (s_start, s_end):
                problems.append(f"{where}: times {timestamp(start)} --> {timestamp(end)}, "
                                f"the English cue has {timestamp(s_start)} --> {timestamp(s_end)}")
            if not MIN_CUE_SECONDS * 1000 <= end - start <= MAX_CUE_SECONDS * 1000:
                problems.append(f"{where}: the cue lasts {(end - start) / 1000:.3f} s")
            if len(lines) > MAX_LINES or not all(x.strip() for x in lines):
                problems.append(f"{where}: {len(lines)} lines (at most {MAX_LINES}, none empty)")
            problems += [f"{where}: line of {len(x)} characters (at most {limit}): {x}"
                         for x in lines if len(x) > limit]
            if numbers(lines) != numbers(s_lines):
                problems.append(f"{where}: numbers {numbers(lines)}, the English cue has {numbers(s_lines)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="check the committed files; needs no ffmpeg")
    mode.add_argument("--retime-translations", action="store_true",
                      help="copy the English cue times into the translated captions")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this repository)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.check:
        problems = check(root)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"make_sample_video --check: {len(problems)} problem(s)")
        return 1 if problems else 0
    try:
        report = retime_translations(root) if args.retime_translations else build(root)
    except (ToolMissing, RuntimeError, OSError) as exc:
        print(f"make_sample_video: {exc}" if not isinstance(exc, ToolMissing) else exc, file=sys.stderr)
        return 1
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
