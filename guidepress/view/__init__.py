"""The reader view: what a reader is told about a guide and a page, for the site and the PDF.

Turns the model (guide, page state, reviews, people, addresses per language) into the notices,
the "About this guide" panel and the download links that the site's templates and the print
template both render, so the two cannot say different things; and the escaping rules every
template follows (``escaping``). Imports only the model and text.
"""
