"""Write a report notebook from a list of cells (used to scaffold; notebooks are then edited in JupyterLab).

Usage: python tools/new_notebook.py OUT.ipynb < cells.py  — cells separated by lines '# %%' ('# %% [tag]'
tags the cell, '# %% md' makes a markdown cell).
"""

from __future__ import annotations

import re
import sys

import nbformat


def build(source: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "reporting", "display_name": "Social reporting (project)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for chunk in re.split(r"^# %%", source, flags=re.M)[1:]:
        header, _, body = chunk.partition("\n")
        header = header.strip()
        if header.startswith("md"):
            text = "\n".join(line[2:] if line.startswith("# ") else line.removeprefix("#") for line in body.strip().splitlines())
            nb.cells.append(nbformat.v4.new_markdown_cell(text))
            continue
        tags = re.findall(r"\[([\w-]+)\]", header)
        cell = nbformat.v4.new_code_cell(body.strip())
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
    return nb


if __name__ == "__main__":
    nbformat.write(build(sys.stdin.read()), sys.argv[1])
