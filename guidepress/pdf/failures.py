"""Documents that could not be rendered: what went wrong, named for the person who can fix it.

A failed job is reported by guide, language and variant (:func:`job_label`) and, when it can be
known, by the guide page (the Markdown file) that holds the problem; an unexpected exception
inside WeasyPrint becomes such a report too, its traceback kept for ``guidepress --debug``.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guidepress.pdf.render import Job, Result


class RenderError(Exception):
    """A document that cannot be rendered: the message names the page and says how to fix it;
    ``details``, the traceback of an unexpected exception, is shown with ``--debug``."""

    def __init__(self, message: str, details: str | None = None):
        super().__init__(message)
        self.details = details


def job_label(job: Job) -> str:
    """``guide, language, variant`` of a job, from its PDF's name (:func:`pdf_name`)."""
    stem = Path(job.output).name.removesuffix(f".{job.variant}.pdf")
    slug, _, lang = stem.rpartition(".")
    return f"{slug}, {lang}, {job.variant}"


@dataclass(frozen=True)
class Failure:
    """A document that could not be rendered."""

    job: Job
    message: str
    """What went wrong, one problem a line, each naming the guide page when it is known."""
    details: str | None = None
    """The traceback of an unexpected exception (``guidepress --debug`` shows it)."""

    def lines(self) -> list[str]:
        """Every problem, each prefixed with the guide, language and variant."""
        return [f"{job_label(self.job)}: {line}" for line in self.message.splitlines() or ["failed"]]

    def summary(self) -> str:
        """One line: the first problem, and how many more there are."""
        lines = self.lines()
        return lines[0] + (f" (and {len(lines) - 1} more problem(s), listed above)" if len(lines) > 1 else "")


class RenderFailed(RenderError):
    """Some documents could not be rendered; the others were (``results``)."""

    def __init__(self, failures: list[Failure], results: list[Result], total: int):
        self.failures, self.results, self.total = failures, results, total
        super().__init__(self.report())

    def report(self, hint: str = "") -> str:
        """A first line, then one line per failed document; ``hint`` ends each line that has a
        traceback to show."""
        head = (f"{len(self.failures)} of {self.total} PDF(s) could not be made"
                + (f" ({len(self.results)} made):" if self.results else ":"))
        return "\n".join([head] + [f"  {f.summary()}{hint if f.details else ''}" for f in self.failures])


def _page_of_crash(exc: BaseException, root) -> str | None:
    """The guide page (``data-gp-source`` of its chapter) of the box WeasyPrint was laying out
    when ``exc`` was raised: the innermost ``box`` of the traceback, and its element's ancestors
    in the document ``root``."""
    element, tb = None, exc.__traceback__
    while tb is not None:
        box_element = getattr(tb.tb_frame.f_locals.get("box"), "element", None)
        element = element if box_element is None else box_element
        tb = tb.tb_next
    if element is None or root is None:
        return None
    parents = {child: parent for parent in root.iter() for child in parent}
    while element is not None and not element.get("data-gp-source"):
        element = parents.get(element)
    return None if element is None else element.get("data-gp-source")


def crashed(exc: Exception, root) -> RenderError:
    """An unexpected exception inside WeasyPrint, as a render error with its traceback."""
    page = _page_of_crash(exc, root)
    where = f"{page}: " if page else ""
    message = str(exc).splitlines()[0] if str(exc).strip() else ""
    return RenderError(f"{where}[pdf] WeasyPrint failed: {type(exc).__name__}" + (f": {message}" if message else ""),
                       details="".join(traceback.format_exception(exc)))


def failure_of(job: Job, exc: Exception) -> Failure:
    """What a job that raised ``exc`` is reported as (anything but a RenderError is unexpected:
    its traceback is kept, including a worker's)."""
    if isinstance(exc, RenderError):
        return Failure(job, str(exc), exc.details)
    return Failure(job, f"[pdf] {type(exc).__name__}: {exc}", "".join(traceback.format_exception(exc)))
