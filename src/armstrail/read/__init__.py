"""READ stage: files, directories and standard input to ``Article``s and ``Problem``s.

Importing this package registers the built-in formats (json, jsonl, text, feeds, html, warc,
compressed files and archives). A new format is one function decorated with ``registry.register``;
``read_paths`` picks it up by suffix.
"""

from __future__ import annotations

from armstrail.read import containers, feeds, html, records, text, warc
from armstrail.read.paths import read_file, read_paths, read_stream
from armstrail.read.registry import Format, format_for, formats, register

__all__ = [
    "Format",
    "containers",
    "feeds",
    "format_for",
    "formats",
    "html",
    "read_file",
    "read_paths",
    "read_stream",
    "records",
    "register",
    "text",
    "warc",
]
