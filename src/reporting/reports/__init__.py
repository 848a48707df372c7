"""The reports: one package each, all with the same modules (the registry naming them: :mod:`reporting.registry`).

Every report package (``reporting.reports.<id>``) has the same shape:

- ``compute``: pure functions over the client's tables -> a result dataclass (no language, no HTML);
  ``build(ctx)`` is the entry point a notebook calls;
- ``wording``: sentences and labels in the client's language, where "not enough data to call" is decided;
- ``views``: one function per notebook section, ``(result, t) -> display.Html``;
- ``charts``: figures from the result's frames (drawing only);
- ``summary``: ``payload(result, t)``, the report's part of ``<report>.summary.json``.
"""
