"""``make catalogs``: extract the interface strings into ``locales/messages.pot`` and bring every
``locales/<lang>/LC_MESSAGES/messages.po`` up to date with it, writing only what really changed.

``pybabel extract`` stamps a new ``POT-Creation-Date`` on every run and ``pybabel update``
rewrites every catalog, so running them with nothing changed used to touch 18 files. Here the
template is replaced only when its messages changed (the date alone is not a change), and a
catalog is written only when its updated form differs from the file. The committed catalogs
are in the form written here (Babel's, 76 columns), so a run with nothing changed leaves
``git status`` clean (``tests/test_catalogs_script.py``).

    python scripts/catalogs.py [--root DIR]
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from guidepress.model.catalogs import SYNTAX_MESSAGE, load_catalog

POT = Path("locales/messages.pot")
EXTRACT = ["-F", "babel.cfg", "-k", "N_", "-k", "_", "--no-location", "--sort-output",
           "--project=guidepress", "--copyright-holder=guidepress contributors",
           "--msgid-bugs-address=translators@example.org"]
_DATE = re.compile(rb'^"POT-Creation-Date: [^"]*"\n', re.M)


def _without_date(data: bytes) -> bytes:
    return _DATE.sub(b"", data)


def extract(root: Path) -> bool:
    """Refresh ``locales/messages.pot``; True when its messages changed."""
    pybabel = Path(sys.executable).with_name("pybabel")
    with tempfile.TemporaryDirectory() as tmp:
        new_pot = Path(tmp) / "messages.pot"
        proc = subprocess.run([str(pybabel), "extract", *EXTRACT, "-o", str(new_pot), "."], cwd=root,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"pybabel extract failed:\n{proc.stderr}")
        new = new_pot.read_bytes()
    target = root / POT
    if target.is_file() and _without_date(target.read_bytes()) == _without_date(new):
        return False
    target.write_bytes(new)
    return True


def update(root: Path) -> list[Path]:
    """Bring every catalog up to date with the template; return the files written. Every catalog
    is read first, as ``check`` and the build read it (:func:`guidepress.model.catalogs.load_catalog`):
    a line Babel would silently drop stops the update before any file is written."""
    with (root / POT).open("rb") as fh:
        template = read_po(fh)
    catalogs = []
    for path in sorted((root / "locales").glob("*/LC_MESSAGES/messages.po")):
        where = path.relative_to(root).as_posix()
        catalog, findings = load_catalog(path, where, path.parent.parent.name, root)
        if catalog is None or any(f.message == SYNTAX_MESSAGE for f in findings):
            raise SystemExit("\n".join(str(f) for f in findings) + f"\nfix {where} first: no catalog was written")
        catalogs.append((path, catalog))
    written = []
    for path, catalog in catalogs:
        catalog.update(template, no_fuzzy_matching=True)
        buf = io.BytesIO()
        write_po(buf, catalog, ignore_obsolete=True, width=76)
        if buf.getvalue() != path.read_bytes():
            path.write_bytes(buf.getvalue())
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=Path(__file__).resolve().parent.parent, type=Path)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    changed = extract(root)
    print(f"{POT}: {'messages changed' if changed else 'unchanged'}")
    written = update(root)
    for path in written:
        print(f"{path.relative_to(root)}: updated")
    if not written:
        print("every catalog is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
