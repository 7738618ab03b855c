"""The ``readability`` rule: an English page should read at US school grade 9 or below."""

from __future__ import annotations

from guidepress.text import readability
from guidepress.model.errors import Finding
from guidepress.text.markdown import Page


def check_readability(page: Page, where: str, lang: str) -> list[Finding]:
    """A warning when an English page's Flesch-Kincaid grade is above the target, naming the
    lines of its longest sentences. Other languages: no warning (their figures are in
    ``guidepress status``)."""
    if readability.formula_name(lang) != "Flesch-Kincaid grade":
        return []
    figure = readability.measure(page, lang)
    target = readability.ENGLISH_TARGET_GRADE
    if figure.value is None or figure.value <= target:
        return []
    longest = readability.longest_sentences(page, lang)
    lines = [f"{s.line} ({s.words} words)" for s in longest]
    listed = lines[0] if len(lines) == 1 else ", ".join(lines[:-1]) + " and " + lines[-1]
    return [Finding(where, longest[0].line, "readability",
                    f"this page reads at US school grade {figure.value:.1f} (Flesch-Kincaid); the target for "
                    f"guides is grade {target:g} or below. The longest sentences are on line"
                    f"{'s' if len(lines) > 1 else ''} {listed}: shorter sentences and everyday words lower the grade",
                    severity="warning")]
