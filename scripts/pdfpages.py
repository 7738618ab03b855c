#!/usr/bin/env python3
"""Turn PDF pages into one PNG strip to look at (pdftoppm + Pillow).

    .venv/bin/python scripts/pdfpages.py FILE.pdf OUT.png [--first 1] [--last 4] [--dpi 45]
"""

import argparse
import subprocess
import tempfile
from pathlib import Path

from PIL import Image


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pdf")
    parser.add_argument("out")
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--last", type=int, default=4)
    parser.add_argument("--dpi", type=int, default=45)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), "-f", str(args.first), "-l", str(args.last),
                        args.pdf, f"{tmp}/p"], check=True)
        images = [Image.open(p) for p in sorted(Path(tmp).glob("p-*.png"))]
        strip = Image.new("RGB", (sum(i.width for i in images) + 8 * len(images), max(i.height for i in images)), "#888")
        x = 0
        for image in images:
            strip.paste(image, (x, 0))
            x += image.width + 8
        strip.save(args.out)
    print(args.out)


if __name__ == "__main__":
    main()
