"""REFI-QDA exchange: codebooks (.qdc) and projects (.qdpx) to and from other QDA tools.

>>> from interviewkit.refi import export_project, import_file   # doctest: +SKIP
>>> export_project(project, "study.qdpx")                        # doctest: +SKIP
>>> report = import_file(project, "from_nvivo.qdpx")             # doctest: +SKIP
"""

from interviewkit.refi.exports import ExportReport, export_codebook, export_project
from interviewkit.refi.imports import ImportReport, import_file

__all__ = ["ExportReport", "ImportReport", "export_codebook", "export_project", "import_file"]
