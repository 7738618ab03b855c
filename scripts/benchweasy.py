#!/usr/bin/env python3
"""Plain WeasyPrint, the PDF baseline of the benchmark (scripts/bench.py): render the given print
documents one after the other in this one process, each with ``weasyprint.HTML(filename=...)``,
the page size of the variant as an extra stylesheet (the documents carry guidepress's print
stylesheet inline, as guidepress renders them) and the same PDF variant (PDF/UA-1), and print a
JSON line with the documents, the pages and the render seconds. Imports nothing of guidepress.

    python scripts/benchweasy.py --out DIR [--size A4] [--pdf-variant pdf/ua-1] PRINT.html...
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("html", nargs="+", type=Path, help="print documents (index.html of each guide's print page)")
    p.add_argument("--out", type=Path, required=True, help="folder for the PDFs")
    p.add_argument("--size", default="A4", help="the @page size (default: %(default)s)")
    p.add_argument("--pdf-variant", default="pdf/ua-1", help="WeasyPrint's pdf_variant (default: %(default)s)")
    args = p.parse_args(argv)
    start = time.perf_counter()
    from weasyprint import CSS, HTML

    imported = time.perf_counter() - start
    css = CSS(string=f"@page {{ size: {args.size}; }}")
    args.out.mkdir(parents=True, exist_ok=True)
    pages = 0
    for i, html in enumerate(args.html):
        document = HTML(filename=str(html)).render(stylesheets=[css], pdf_variant=args.pdf_variant)
        pages += len(document.pages)
        document.write_pdf(args.out / f"{i:03d}.pdf", pdf_variant=args.pdf_variant)
    print(json.dumps({"documents": len(args.html), "pages": pages, "import_s": round(imported, 3),
                      "total_s": round(time.perf_counter() - start, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
