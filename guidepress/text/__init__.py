"""Text: what the words of a page are, independent of how they are published.

The Markdown reader that keeps line numbers (``markdown``), text units per script
(``textunits``: sentences and words in Latin, Greek, Cyrillic and CJK text), word counting and
syllables (``words``), readability figures (``readability``) and their cache
(``readability_cache``). Used by the checks, the status report and the site; imports only the
model.
"""
