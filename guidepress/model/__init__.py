"""The model: what a guide and its translations are, read from the repository.

Manifests (``manifest``, ``manifest_langs``), each page's translation state (``translation``),
the project that ties guides, pages and languages together (``project``, ``languages``), the
interface catalogs (``catalogs``), the glossary and support data (``glossary``, ``support``),
YAML read with line numbers (``yamlfile``, ``datafile``), findings and content errors
(``errors``), and the guarded reading and writing of files (``safefiles``, ``pagerules``,
``files``). Nothing here knows about MkDocs, the PDF or the command line: every other package
imports the model, and the model imports none of them.
"""
