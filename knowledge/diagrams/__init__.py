"""Diagrams drawn from the knowledge base on the server, as inline SVG: pure Python, no Django."""

from knowledge.diagrams.layout import pathway_rows
from knowledge.diagrams.pathway import pathway_svg

__all__ = ["pathway_rows", "pathway_svg"]
