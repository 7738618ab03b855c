"""Print-ready documents and PDFs: one per guide and language, in several variants.

``document`` assembles, during the MkDocs build, one print-ready HTML document per guide and
language from the same rendered Markdown as the website (published as the "print the whole
guide" page). ``render`` turns those documents into PDFs with WeasyPrint, in a pool of worker
processes, skipping documents whose inputs did not change. ``printing`` collects the print
documents during the site build, ``reference`` renders the back matter (glossary and support
pages), ``build`` plans the PDF jobs and ``failures`` explains a failed render. The print package
imports the view, text and the model, never the site or the commands.
"""
