"""The batch engine: plan client × report jobs, skip the unchanged, run them in kernels, render, index, send.

Nothing here computes a report: it runs the notebooks in ``notebooks/`` and stores
what they produce. Modules import nothing heavy at module level, so a no-change
``reporting run`` finishes in well under a second.
"""
