"""The content files of the knowledge base (knowledge/content/, format: docs/content-format.md):
`checking` what a file may hold, `reading` the files, the `database` side (serializing, loading
in one transaction), and `writing` them back."""

from knowledge.contentfiles.checking import Checker, ContentError, compact, read_yaml
from knowledge.contentfiles.database import ContentPart, Report, load_content, remove_entries
from knowledge.contentfiles.serializing import KNOWLEDGE_KINDS
from knowledge.contentfiles.writing import dump_yaml, export_content

__all__ = [
    "KNOWLEDGE_KINDS",
    "Checker",
    "ContentError",
    "ContentPart",
    "Report",
    "compact",
    "dump_yaml",
    "export_content",
    "load_content",
    "read_yaml",
    "remove_entries",
]
