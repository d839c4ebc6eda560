"""Diagrams drawn from the knowledge base on the server, as inline SVG: pure Python, no Django.

`pathway`: roots -> plexuses -> nerves -> muscles, in detail; `motor`: the whole motor pathway,
level by level, from the brain to the muscle; `arteries`: the arterial tree of the leg."""

from knowledge.diagrams.arteries import arterial_tree_rows, arterial_tree_svg
from knowledge.diagrams.layout import pathway_rows
from knowledge.diagrams.motor import motor_pathway_rows, motor_pathway_svg
from knowledge.diagrams.pathway import pathway_svg

__all__ = [
    "arterial_tree_rows",
    "arterial_tree_svg",
    "motor_pathway_rows",
    "motor_pathway_svg",
    "pathway_rows",
    "pathway_svg",
]
