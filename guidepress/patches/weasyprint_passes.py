"""WeasyPrint: one layout pass fewer for every PDF, and inline images in right-to-left text.

A print document refers to its own pages: the contents list and every internal link show the
page of their target (``target-counter(attr(href), page)`` in ``print.css``). WeasyPrint 70
lays such a document out three times over:

1. every page; a reference to a later page cannot be filled in yet;
2. every page that holds a reference: they are laid out with the text of step 1, and only
   afterwards is each reference worked out again, now that every target has a page;
3. the same pages again, to show that new text. They are laid out once more also because,
   for WeasyPrint, the pages "changed": it compares all the page counters a reference was
   worked out with, ``pages`` (the page count) included, and the page count went from 0 to
   the real one at the end of step 1.

In a guide with internal links that is about half the pages laid out a third time: a quarter
of all the layout time, for nothing that a reader sees. :func:`install` changes three things:

* before each new pass, every reference in the page content is worked out again with what
  the previous pass found, so that the pages are laid out with their final text at once;
* a reference that does not show the page count is not "changed" when only the page count
  changed;
* when a target moved to another page during a pass (a longer reference pushed the text
  down), the pages with references are laid out once more. WeasyPrint does not do this for
  ``attr(href)`` targets (it cannot tell which anchor such a reference points to), so on its
  own it can print a page number that is one off; with this change the numbers are right.

References that show the page count (``counter(pages)``, ``target-counter(..., pages)``) are
left entirely to WeasyPrint. ``tests/test_pdf_passes.py`` renders real guides with and without
it (byte-identical PDFs, a quarter fewer page layouts) and a document whose references move
their targets (every page number right).

The second adjustment lets an inline image that has a ratio but no size of its own (an SVG
drawing with a ``viewBox`` only) sit in a right-to-left paragraph: WeasyPrint 70 stops there
with an ``AttributeError`` (:func:`_inline_images_right_to_left` says why). It changes nothing
else: such an image gets the width it gets in a left-to-right paragraph.
``tests/test_pdf_rtl.py`` keeps the smallest document that shows the failure, rendered by
WeasyPrint alone (expected to fail: the day it no longer does, this adjustment can go).

Both are applied only to the WeasyPrint version they were written and tested for
(``WRITTEN_FOR``): under another version WeasyPrint renders on its own (one warning says so), and
``tests/test_patches.py`` says it is time to look again.
"""

from __future__ import annotations

from functools import partial

from guidepress.patches import written_for

WRITTEN_FOR = {"weasyprint": "70.0"}


def _page_counters(values: dict) -> dict:
    """Page counter values without the page count."""
    return {k: v for k, v in values.items() if k != "pages"}


def _shows_page_count(lookup) -> bool:
    return "pages" in lookup.missing_counters or any(
        "pages" in names for names in lookup.missing_target_counters.values())


class _CountersButPageCount(dict):
    """The page counters a reference was worked out with, compared without ``pages``.

    WeasyPrint compares ``page_counter_values != lookup.cached_page_counter_values``; as a
    subclass of ``dict`` on the right-hand side, this ``__ne__`` is the one Python calls."""

    def __eq__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        return _page_counters(self) == _page_counters(other)

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None


def _cached_get(lookup):
    return lookup.__dict__["cached_page_counter_values"]


def _cached_set(lookup, values):
    if not _shows_page_count(lookup):
        values = _CountersButPageCount(values)
    lookup.__dict__["cached_page_counter_values"] = values


def _with_references_refreshed(make_all_pages):
    def make_all_pages_refreshed(context, root_box, html, pages):
        collector = context.target_collector
        lookups = [lookup for (_box, token), lookup in collector.counter_lookup_items.items()
                   if token == "content" and lookup.missing_target_counters and not _shows_page_count(lookup)]
        if pages:  # a new pass: lay the references out with what the previous pass found
            for lookup in lookups:
                if lookup.cached_page_counter_values:
                    lookup.parse_again(lookup.cached_page_counter_values)
        before = {name: item.cached_page_counter_values for name, item in collector.target_lookup_items.items()}
        yield from make_all_pages(context, root_box, html, pages)
        # A target that moved to another page in this pass: its references need another pass.
        # (WeasyPrint cannot tell which ones: it does not know the target of attr(href).)
        moved = any(_page_counters(item.cached_page_counter_values) != _page_counters(before.get(name, {}))
                    for name, item in collector.target_lookup_items.items())
        if moved:
            for lookup in lookups:
                if lookup.page_maker_index is not None and lookup.page_maker_index < len(context.page_maker):
                    context.page_maker[lookup.page_maker_index][-1]["content_changed"] = True

    make_all_pages_refreshed.guidepress_original = make_all_pages  # type: ignore[attr-defined]  # marks the wrapper
    return make_all_pages_refreshed


def _inline_images_right_to_left(block_level_width):
    """WeasyPrint 70's ``block_level_width`` that does not fail on an inline image in a
    right-to-left paragraph (the second adjustment, see the module's docstring).

    An ``<img>`` with ``width`` and ``height`` both ``auto`` whose picture has a ratio but no
    size of its own (an SVG with a ``viewBox`` and no ``width``/``height`` attributes, such as
    every guide's drawing) takes, by CSS 2.1 section 10.3.2 point 3, the width of its containing
    block: ``layout/replaced.py`` ``replaced_box_width`` calls ``block_level_width`` for it. That
    function, for a right-to-left containing block, right-aligns the box by moving its
    ``position_x``; an inline box has none yet (the line layout places it afterwards), hence
    ``AttributeError: 'InlineReplacedBox' object has no attribute 'position_x'``. ``max-height``
    plays no part (it is applied afterwards), and ``display: block`` avoids it only because
    block boxes are placed before their width is worked out. Here such a box is given a
    provisional ``position_x`` that is removed afterwards: its width and margins come out as in
    a left-to-right paragraph, and the line layout places it, as it does every inline box."""
    from weasyprint.formatting_structure.boxes import InlineReplacedBox

    def block_level_width_inline_safe(box, containing_block, with_min_max=True):
        if not isinstance(box, InlineReplacedBox) or hasattr(box, "position_x"):
            return block_level_width(box, containing_block, with_min_max)
        box.position_x = 0
        try:
            return block_level_width(box, containing_block, with_min_max)
        finally:
            del box.position_x

    # WeasyPrint calls block_level_width.without_min_max; guidepress_original marks the wrapper
    block_level_width_inline_safe.without_min_max = partial(  # type: ignore[attr-defined]
        block_level_width_inline_safe, with_min_max=False)
    block_level_width_inline_safe.guidepress_original = block_level_width  # type: ignore[attr-defined]
    return block_level_width_inline_safe


def installed() -> bool:
    import weasyprint.layout

    return hasattr(weasyprint.layout.make_all_pages, "guidepress_original")


def install() -> bool:
    """Apply the adjustments (once); True when they are active."""
    import weasyprint.layout
    import weasyprint.layout.block
    from weasyprint.css.targets import CounterLookupItem

    if installed():
        return True
    if not written_for("WeasyPrint passes", WRITTEN_FOR):
        return False
    CounterLookupItem.cached_page_counter_values = property(_cached_get, _cached_set)
    weasyprint.layout.make_all_pages = _with_references_refreshed(weasyprint.layout.make_all_pages)
    weasyprint.layout.block.block_level_width = _inline_images_right_to_left(
        weasyprint.layout.block.block_level_width)
    return True


def uninstall() -> None:
    """Back to WeasyPrint on its own (for the tests that compare both)."""
    import weasyprint.layout
    import weasyprint.layout.block
    from weasyprint.css.targets import CounterLookupItem

    if installed():
        weasyprint.layout.make_all_pages = weasyprint.layout.make_all_pages.guidepress_original
        weasyprint.layout.block.block_level_width = weasyprint.layout.block.block_level_width.guidepress_original
        del CounterLookupItem.cached_page_counter_values
