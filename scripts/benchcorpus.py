#!/usr/bin/env python3
"""A deterministic synthetic corpus for the benchmark (``scripts/bench.py``).

    .venv/bin/python scripts/benchcorpus.py OUT [--guides 6] [--pages 8] [--locales 18] [--words 800] [--seed 1]

writes the same content in two layouts into OUT:

``OUT/stock/``
    a plain mkdocs-static-i18n project with the folder docs structure, as static-i18n documents it
    (``docs/<lang>/...``; shared assets only in the default language's folder, copied to every
    language by ``fallback_to_default``), Material and search, no guidepress:
    ``docs/<lang>/index.md``, ``docs/<lang>/guides/<slug>/<page>.md``,
    ``docs/en/guides/images/<slug>-figure.svg``.

``OUT/guidepress/``
    the same pages as a guidepress project, self-contained (its own copy of ``overrides/`` and
    ``locales/``): ``guides/<slug>/guide.yml``, ``guides/<slug>/<lang>/<page>.md``,
    ``guides/<slug>/images/<slug>-figure.svg``, ``docs/<lang>/index.md``.

Every page file is byte-identical in both layouts (translated pages carry guidepress's
``translation:`` front matter with the source hash of the English page, which stock MkDocs just
keeps as page metadata). The relative links work in both: pages of a guide are siblings, and the
figure is ``../images/<slug>-figure.svg`` from a page in both layouts.

The text is pseudo-words made from a small syllable inventory per language (accented Latin,
Greek for ``el``, Cyrillic for ``bg``, Chinese characters without spaces for ``zh``), chosen by a
``random.Random`` seeded from the arguments and the page: the same arguments always give the same
bytes. No clock, no network; nothing is copied from anywhere.

``OUT/corpus.json`` records the arguments, the languages and the pages of each language.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_HASH_LOOP = ("import json, sys\n"
              "from guidepress.model.translation import source_hash\n"
              "for line in sys.stdin:\n"
              "    print(source_hash(json.loads(line)), flush=True)\n")


class _Hasher:
    """guidepress's own ``source_hash`` of the project at ``repo`` (imported here when ``repo`` is
    this repository, else asked of a helper process importing ``repo``'s guidepress)."""

    def __init__(self, repo: Path):
        self.proc = None
        if Path(repo).resolve() == ROOT:
            from guidepress.model.translation import source_hash

            self.fn = source_hash
        else:
            import subprocess

            env = dict(os.environ, PYTHONPATH=str(Path(repo).resolve()))
            self.proc = subprocess.Popen([sys.executable, "-c", _HASH_LOOP], cwd=repo, env=env, text=True,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, encoding="utf-8")

    def __call__(self, text: str) -> str:
        if self.proc is None:
            return self.fn(text)
        assert self.proc.stdin is not None and self.proc.stdout is not None  # opened with PIPE
        self.proc.stdin.write(json.dumps(text) + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def close(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            self.proc.stdin.close()
            self.proc.wait()

ALL_LOCALES = "en fr de es it pt nl pl ro el cs hu bg hr sv da fi zh".split()
SOURCE = "en"
NON_LATIN = ("el", "bg", "zh")

# Syllable inventories: invented for this generator, one per language, in the language's script
# and with its usual diacritics, so that text has realistic byte lengths, fonts and search tokens.
SYLLABLES: dict[str, tuple[str, ...]] = {
    "en": ("ba", "ro", "ti", "mel", "san", "do", "ker", "lin", "po", "ve", "stra", "na", "gor", "fi", "lu", "ten",
           "wi", "thar", "cle", "mo", "pen", "sha", "rit", "al"),
    "fr": ("ré", "mon", "cha", "lé", "pou", "ti", "gne", "ère", "ço", "vi", "eau", "dé", "lu", "ran", "moi", "è",
           "sai", "ton", "fê", "que", "ai", "bri", "œu", "ôl"),
    "de": ("ge", "schä", "ber", "ün", "lich", "ke", "mö", "sten", "wa", "ßen", "rei", "tü", "hal", "zu", "ner", "fa",
           "ei", "bau", "ung", "krä", "ob", "pfe", "au", "dor"),
    "es": ("ña", "ción", "pe", "lo", "rí", "te", "ma", "gú", "dos", "bre", "ca", "mén", "ji", "ve", "llo", "sa",
           "que", "ré", "tor", "ué", "mi", "dó", "ha", "ir"),
    "it": ("zio", "ne", "pa", "lò", "ri", "gna", "sche", "tà", "ve", "cu", "mo", "bel", "fi", "ssa", "rè", "co",
           "glia", "to", "per", "ù", "sta", "di", "lu", "ac"),
    "pt": ("ção", "mã", "lhe", "pé", "ri", "nho", "ca", "tô", "vo", "sa", "ê", "de", "bra", "ú", "gue", "mo",
           "ões", "ta", "li", "çar", "fa", "ni", "per", "à"),
    "nl": ("ij", "van", "ge", "oe", "ker", "stel", "blo", "aa", "ui", "ren", "dij", "mo", "sch", "tel", "ve", "ë",
           "zo", "lijk", "hui", "de", "ter", "wa", "eu", "pen"),
    "pl": ("ąż", "prze", "ść", "ło", "wy", "cz", "ni", "ę", "ko", "rzy", "dź", "ma", "sto", "ó", "le", "ńk",
           "szy", "wa", "ją", "po", "że", "la", "cie", "mi"),
    "ro": ("ță", "mâ", "ști", "re", "ă", "lu", "ne", "pă", "îm", "ca", "ri", "so", "de", "bu", "ța", "vi",
           "ea", "tor", "ce", "șa", "mi", "ul", "por", "în"),
    "el": ("κα", "λη", "μέ", "ρα", "πο", "τη", "σου", "νο", "ξε", "θα", "ψυ", "χή", "γι", "ώ", "δε", "ζω",
           "φι", "στο", "ναι", "ού", "βα", "ει", "λά", "ος"),
    "cs": ("ř", "ně", "ch", "ů", "pr", "ká", "so", "ží", "mo", "te", "dě", "lá", "vy", "ště", "no", "bí",
           "za", "ou", "ce", "tý", "ra", "ve", "ko", "ní"),
    "hu": ("ő", "gy", "sz", "ü", "ke", "ály", "ma", "ér", "ző", "ne", "tő", "lo", "cs", "és", "ba", "ny",
           "hoz", "ta", "ság", "ül", "re", "vá", "mi", "ek"),
    "bg": ("ка", "ли", "ще", "жи", "во", "ър", "на", "бъ", "ся", "ду", "пре", "ги", "зо", "та", "ми", "ю",
           "ст", "ле", "чи", "ен", "по", "дя", "ра", "ът"),
    "hr": ("č", "lje", "ž", "nje", "ć", "ra", "sto", "đe", "pi", "ko", "vi", "ša", "ma", "no", "dž", "te",
           "pri", "lo", "je", "zi", "va", "ne", "bo", "ka"),
    "sv": ("å", "sk", "är", "ö", "ti", "ll", "ber", "gå", "ne", "ma", "lo", "kv", "ä", "sto", "ri", "de",
           "fö", "ra", "tt", "ing", "la", "sjuk", "hem", "ve"),
    "da": ("ø", "sk", "æ", "å", "ke", "ne", "lig", "bo", "ri", "ma", "hed", "sø", "te", "vi", "gå", "da",
           "for", "ste", "le", "ud", "ge", "rn", "by", "af"),
    "fi": ("ää", "ka", "lo", "ö", "ssa", "nen", "ti", "va", "kk", "uu", "mi", "ja", "sta", "pe", "lä", "ko",
           "hoi", "to", "ry", "si", "tä", "lli", "in", "ne"),
}
# Chinese: one to three characters make a word; sentences have no spaces.
ZH_CHARS = ("医护团队问题治疗检查身体休息帮助家人朋友时间生活饮食睡眠感觉疼痛药物记录预约"
            "说明准备需要可以如果这些那些我们你们他们一起每天早晚重要简单安全注意联系电话"
            "信息资料照顾自己心情压力运动散步喝水营养建议计划变化结果报告提醒日记笔记")
ZH_WORDS_PER_SENTENCE = (6, 14)


def _words(lang: str, rng: random.Random, n: int) -> list[str]:
    if lang == "zh":
        return ["".join(rng.choice(ZH_CHARS) for _ in range(rng.choice((1, 2, 2, 2, 3)))) for _ in range(n)]
    syl = SYLLABLES[lang]
    return ["".join(rng.choice(syl) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))) for _ in range(n)]


def _join(lang: str, words: list[str]) -> str:
    return ("" if lang == "zh" else " ").join(words)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _stop(lang: str) -> str:
    return "。" if lang == "zh" else "."


def _ascii(rng: random.Random, n: int) -> str:
    """An ASCII slug of n pseudo-words, for file names and anchors (the same in every language)."""
    syl = SYLLABLES["en"]
    return "-".join("".join(rng.choice(syl) for _ in range(rng.choice((1, 2, 2)))) for _ in range(n))


# -- page skeletons: the structure of a page, shared by all its languages ----------------------

def _skeleton(rng: random.Random, words: int, n_pages: int, index: int) -> list[tuple]:
    """Blocks of one page: ('h1', n) ('p', n, links) ('h2', n, anchor) ('h3', n, anchor) ('ul', [n...])
    ('ol', [n...]) ('admon', kind, title_n, n) ('table', cols, rows) ('img', n). ``links`` are
    (word_position, span, target_page_index, target_section) tuples resolved when rendering."""
    blocks: list[tuple] = [("h1", rng.randint(3, 5))]
    n_sections = rng.randint(4, 6)
    fixed = 4
    paras: list[int] = []  # block indexes of paragraphs, filled with the remaining words below

    def para(links=()):
        blocks.append(("p", 0, list(links)))  # its word count is set below
        paras.append(len(blocks) - 1)

    para()
    for s in range(n_sections):
        anchor = _ascii(rng, 2) + f"-{s + 1}"
        n = rng.randint(2, 4)
        blocks.append(("h2", n, anchor))
        fixed += n
        para()
        if s == 0:
            n = rng.randint(8, 14)
            blocks.append(("img", n))
            fixed += n
        if s % 4 == 1:
            items = [rng.randint(4, 10) for _ in range(rng.randint(3, 6))]
            blocks.append(("ul", items))
            fixed += sum(items)
        if s % 4 == 3:
            items = [rng.randint(5, 12) for _ in range(rng.randint(3, 5))]
            blocks.append(("ol", items))
            fixed += sum(items)
        if s == 2:
            t, n = rng.randint(3, 5), rng.randint(20, 35)
            blocks.append(("admon", rng.choice(("note", "warning", "tip")), t, n))
            fixed += t + n
        if s == 1:
            cols, rows = 3, rng.randint(3, 5)
            blocks.append(("table", cols, rows))
            fixed += cols * (rows + 1) * 2
        if s % 2 == 0:
            n = rng.randint(2, 4)
            blocks.append(("h3", n, _ascii(rng, 2) + f"-{s + 1}-sub"))
            fixed += n
            para()
        # internal links: to another page of the guide (or this page when there is only one)
        if s in (1, n_sections - 1):
            target = (index + rng.randint(1, max(1, n_pages - 1))) % n_pages if n_pages > 1 else index
            para(links=[("link", target, rng.randint(0, 3), rng.randint(2, 4))])
    rest = max(words - fixed, 12 * len(paras))
    share = [rng.uniform(0.6, 1.4) for _ in paras]
    total = sum(share)
    for i, w in zip(paras, share, strict=True):
        blocks[i] = ("p", max(12, round(rest * w / total)), blocks[i][2])
    return blocks


def _sentences(lang: str, rng: random.Random, n: int) -> str:
    out, left = [], n
    lo, hi = ZH_WORDS_PER_SENTENCE if lang == "zh" else (6, 14)
    while left > 0:
        k = min(left, rng.randint(lo, hi))
        if 0 < left - k < 4:
            k = left
        s = _join(lang, _words(lang, rng, k))
        if lang == "zh" and k > 7:
            cut = rng.randint(2, len(s) - 2)
            s = s[:cut] + "，" + s[cut:]
        out.append(_cap(s) + _stop(lang))
        left -= k
    return ("" if lang == "zh" else " ").join(out)


def _render_page(lang: str, rng: random.Random, blocks: list[tuple], page_files: list[str],
                 anchors: list[list[str]], slug: str) -> str:
    lines: list[str] = []
    for b in blocks:
        kind = b[0]
        if kind == "h1":
            lines += [f"# {_cap(_join(lang, _words(lang, rng, b[1])))}", ""]
        elif kind in ("h2", "h3"):
            mark = "##" if kind == "h2" else "###"
            lines += [f"{mark} {_cap(_join(lang, _words(lang, rng, b[1])))} {{#{b[2]}}}", ""]
        elif kind == "p":
            text = _sentences(lang, rng, b[1])
            for _, target, section, span in b[2]:
                label = _join(lang, _words(lang, rng, span))
                anchor = anchors[target][section % len(anchors[target])]
                link = f"[{label}]({page_files[target]}#{anchor})"
                text += (f"{_join(lang, _words(lang, rng, 2))}：{link}。" if lang == "zh"
                         else f" {_cap(_join(lang, _words(lang, rng, 2)))}: {link}.")
            lines += [text, ""]
        elif kind == "img":
            alt = _cap(_join(lang, _words(lang, rng, b[1])))
            lines += [f"![{alt}](../images/{slug}-figure.svg)", ""]
        elif kind in ("ul", "ol"):
            for i, n in enumerate(b[1], 1):
                bullet = "-" if kind == "ul" else f"{i}."
                lines.append(f"{bullet} {_cap(_join(lang, _words(lang, rng, n)))}")
            lines.append("")
        elif kind == "admon":
            _, variety, tn, n = b
            title = _cap(_join(lang, _words(lang, rng, tn)))
            lines += [f'!!! {variety} "{title}"', "    " + _sentences(lang, rng, n), ""]
        elif kind == "table":
            _, cols, rows = b

            def cells(cols: int = cols) -> list[str]:
                return [_cap(_join(lang, _words(lang, rng, rng.randint(1, 3)))) for _ in range(cols)]

            lines.append("| " + " | ".join(cells()) + " |")
            lines.append("| " + " | ".join("---" for _ in range(cols)) + " |")
            for _ in range(rows):
                lines.append("| " + " | ".join(cells()) + " |")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _svg(rng: random.Random) -> str:
    shapes = []
    for _ in range(6):
        x, y, w, h = rng.randint(0, 300), rng.randint(0, 160), rng.randint(20, 120), rng.randint(20, 80)
        red, green, blue = rng.randint(40, 220), rng.randint(40, 220), rng.randint(40, 220)
        colour = f"#{red:02x}{green:02x}{blue:02x}"
        if rng.random() < 0.5:
            shapes.append(f'  <rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" fill="{colour}"/>')
        else:
            shapes.append(f'  <circle cx="{x + w // 2}" cy="{y + h // 2}" r="{min(w, h) // 2}" fill="{colour}"/>')
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240" viewBox="0 0 400 240" role="img">\n'
            '  <rect width="400" height="240" fill="#f4f1ea"/>\n' + "\n".join(shapes) + "\n</svg>\n")


def _front_matter(digest: str) -> str:
    return ("---\ntranslation:\n"
            f"  source_hash: {digest}\n"
            "  status: translated\n"
            "  translators:\n"
            "    - name: Benchmark generator (synthetic text)\n"
            "---\n\n")


def _native_name(code: str) -> str:
    from babel import Locale

    return Locale.parse(code).get_display_name(code) or code


# -- configuration ---------------------------------------------------------------------------

def _base_config(repo: Path) -> dict:
    return yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))


def _with_languages(config: dict, locales: list[str], stock: bool) -> dict:
    config = json.loads(json.dumps(config))  # deep copy
    config["site_name"] = "guidepress benchmark (synthetic)" if not stock else "stock benchmark (synthetic)"
    plugins = []
    for entry in config.get("plugins", []):
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == "i18n":
            opts = dict(entry["i18n"])
            opts["docs_structure"] = "folder"
            opts["languages"] = [
                {"locale": code, **({"default": True} if code == SOURCE else {}),
                 "name": _native_name(code) if stock else "auto", "build": True}
                for code in locales]
            plugins.append({"i18n": opts})
        elif name == "guidepress" and stock:
            continue
        elif stock and name != "search":
            continue  # the stock project has Material, search and static-i18n only
        else:
            plugins.append(entry)
    config["plugins"] = plugins
    if stock:
        config.get("theme", {}).pop("custom_dir", None)
        for key in ("extra_css", "extra_javascript", "hooks"):
            config.pop(key, None)
    return config


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def generate(out: Path, guides: int = 6, pages: int = 8, locales: int = 18, words: int = 800, seed: int = 1,
             repo: Path = ROOT) -> dict:
    """Write ``out/stock/`` and ``out/guidepress/`` and return the corpus description. ``repo`` is the
    guidepress checkout whose ``mkdocs.yml``, ``overrides/``, ``locales/`` and source hash are used."""
    if not 1 <= locales <= len(ALL_LOCALES):
        raise ValueError(f"locales must be between 1 and {len(ALL_LOCALES)}")
    if guides < 1 or pages < 1 or words < 50:
        raise ValueError("need at least one guide, one page and 50 words per page")
    langs = ALL_LOCALES[:locales]
    out = Path(out)
    stock, gp = out / "stock", out / "guidepress"
    for d in (stock, gp):
        if d.exists():
            shutil.rmtree(d)
    base = _base_config(repo)
    _write(stock / "mkdocs.yml", "# Generated by scripts/benchcorpus.py: stock mkdocs-static-i18n, no guidepress.\n"
           + yaml.safe_dump(_with_languages(base, langs, stock=True), sort_keys=False, allow_unicode=True))
    _write(gp / "mkdocs.yml", "# Generated by scripts/benchcorpus.py: the same content as a guidepress project.\n"
           + yaml.safe_dump(_with_languages(base, langs, stock=False), sort_keys=False, allow_unicode=True))
    for folder in ("overrides", "locales"):
        shutil.copytree(repo / folder, gp / folder, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))

    listing: dict[str, list[str]] = {lang: [] for lang in langs}
    hasher = _Hasher(repo)

    def emit(rel_stock: str, rel_gp: str, lang: str, text: str) -> None:
        _write(stock / rel_stock, text)
        _write(gp / rel_gp, text)
        listing[lang].append(rel_stock)

    # site home pages
    home_rng = random.Random(f"{seed}:home")
    home = _skeleton(home_rng, min(words, 300), 1, 0)
    home = [b for b in home if b[0] != "img" and not (b[0] == "p" and b[2])]
    source_home = None
    for lang in langs:
        text = _render_page(lang, random.Random(f"{seed}:home:{lang}"), home, ["index.md"], [[]], "home")
        if lang == SOURCE:
            source_home = text
        else:
            assert source_home is not None  # the source language comes first
            text = _front_matter(hasher(source_home)) + text
        emit(f"docs/{lang}/index.md", f"docs/{lang}/index.md", lang, text)

    for g in range(guides):
        grng = random.Random(f"{seed}:guide:{g}")
        slug = f"{_ascii(grng, 2)}-{g + 1:02d}"
        files = [f"{p + 1:02d}-{_ascii(grng, 2)}.md" for p in range(pages)]
        skeletons = [_skeleton(random.Random(f"{seed}:{slug}:{p}"), words, pages, p) for p in range(pages)]
        anchors = [[b[2] for b in sk if b[0] == "h2"] for sk in skeletons]
        svg = _svg(random.Random(f"{seed}:{slug}:svg"))
        _write(stock / "docs" / SOURCE / "guides" / "images" / f"{slug}-figure.svg", svg)
        _write(gp / "guides" / slug / "images" / f"{slug}-figure.svg", svg)
        sources: dict[str, str] = {}
        for lang in langs:
            for p, name in enumerate(files):
                text = _render_page(lang, random.Random(f"{seed}:{slug}:{p}:{lang}"), skeletons[p], files, anchors, slug)
                if lang == SOURCE:
                    sources[name] = hasher(text)
                else:
                    text = _front_matter(sources[name]) + text
                emit(f"docs/{lang}/guides/{slug}/{name}", f"guides/{slug}/{lang}/{name}", lang, text)
        _write(gp / "guides" / slug / "guide.yml", _manifest(grng, slug, langs, files))
    hasher.close()

    info = {
        "generator": "scripts/benchcorpus.py",
        "guides": guides, "pages": pages, "locales": langs, "words": words, "seed": seed,
        "guide_pages": guides * pages * len(langs),
        "files_per_language": {lang: sorted(v) for lang, v in listing.items()},
    }
    _write(out / "corpus.json", json.dumps(info, indent=2, ensure_ascii=False) + "\n")
    return info


def _manifest(rng: random.Random, slug: str, langs: list[str], files: list[str]) -> str:
    def per_lang(n: int) -> dict:
        return {lang: _cap(_join(lang, _words(lang, rng, n))) + ("" if n < 6 else _stop(lang)) for lang in langs}

    data = {
        "status": "example",
        "version": "1.0",
        "published": dt.date(2026, 1, 15),
        "last_reviewed": dt.date(2026, 6, 1),
        "next_review": dt.date(2027, 6, 1),
        "title": per_lang(4),
        "summary": per_lang(18),
        "pages": files,
        "co_creators": [
            {"name": "Synthetic Patient-Expert (benchmark)", "role": "patient-expert"},
            {"name": "Synthetic Caregiver (benchmark)", "role": "caregiver"},
            {"name": "Dr Synthetic Clinician (benchmark)", "role": "oncologist"},
        ],
        "reviewers": [{"name": "Synthetic Editor (benchmark)", "role": "plain-language-editor", "date": dt.date(2026, 6, 1)}],
        "sources": [],
        "funder": {"name": "No funding (synthetic benchmark content)", "independence": per_lang(10)},
    }
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return (f"# Generated by scripts/benchcorpus.py: synthetic benchmark content ({slug}), not medical advice.\n"
            + text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="target folder (its stock/ and guidepress/ are replaced)")
    parser.add_argument("--guides", type=int, default=6)
    parser.add_argument("--pages", type=int, default=8, help="pages per guide")
    parser.add_argument("--locales", type=int, default=18, help=f"the first N of: {' '.join(ALL_LOCALES)}")
    parser.add_argument("--words", type=int, default=800, help="words per page (about)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repo", type=Path, default=ROOT,
                        help="the guidepress checkout to take mkdocs.yml, overrides/, locales/ and the source hash from "
                             "(default: this one)")
    args = parser.parse_args(argv)
    info = generate(args.out, args.guides, args.pages, args.locales, args.words, args.seed, args.repo)
    print(f"{info['guide_pages']} guide pages ({args.guides} guides x {args.pages} pages x {args.locales} locales: "
          f"{' '.join(info['locales'])}), about {args.words} words each, in {args.out}/stock and {args.out}/guidepress")
    return 0


if __name__ == "__main__":
    sys.exit(main())
