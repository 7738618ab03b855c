"""CPython: room to recurse in one piece of the frame stack, for deep, busy work (WeasyPrint layout).

CPython 3.11 keeps the frames of running functions in chunks of 16 KiB. When a call does not fit
in the current chunk it takes a new one from the system (mmap), and gives it back (munmap) as soon
as that call returns. Code that recurses deeply and often, like WeasyPrint's layout, pays a system
call pair and a fresh zeroed page on every call and return that crosses a chunk boundary, and how
many depend on how deep the stack already is where the work starts: measured with strace on the 6
French benchmark guides, 39,000 map/unmap pairs in one process and 155,000 in two forked pool
workers, whose stack starts deeper (about a second of system time and 250,000 page faults).

:func:`with_stack_room` calls a function from a frame that is declared big (its ``co_stacksize``),
so that the frame gets a chunk of 1 MiB of its own, and everything the function calls fits in the
rest of that chunk: one mapping per call instead of thousands. ``tests/test_speed.py`` counts the
page faults of a recursion that goes back and forth over a chunk boundary, with and without it.

Written for CPython 3.11 (``WRITTEN_FOR``), whose frame stack works this way: on another version
the function is called as it is (one warning says so).
"""

from __future__ import annotations

from guidepress.patches import written_for

WRITTEN_FOR = {"python": "3.11"}

ROOM_SLOTS = 70_000
"""Stack slots (8 bytes each) declared for the frame: 560 KB, which Python rounds up to a chunk of
1 MiB, leaving about 450 KB for the calls below it (thousands of frames)."""


def _roomy(function, *args):
    return function(*args)


_roomy.__code__ = _roomy.__code__.replace(co_stacksize=_roomy.__code__.co_stacksize + ROOM_SLOTS)


def with_stack_room(function, *args):
    """``function(*args)``, with its calls in one chunk of the frame stack (on CPython 3.11)."""
    if written_for("CPython stack room", WRITTEN_FOR):
        return _roomy(function, *args)
    return function(*args)
