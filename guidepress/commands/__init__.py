"""The commands a person runs: ``guidepress build``, ``check``, ``status``, ``diff``, ``new``,
``mark-current``, ``migrate`` and ``serve`` (``cli``), the checks behind ``check``
(``checks``), the status report (``status``, ``status_lang``), scaffolding of new guides and
translations (``scaffold``) and manifest migration (``migrate``). The top of the house: it
may import every other package, and none imports it.
"""
