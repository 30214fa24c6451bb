"""The product's import graph has no loops: between packages, between sibling sub-packages, between modules."""

from __future__ import annotations

import grimp
import pytest

PACKAGES = ("bot", "connectors", "actions", "crm_core", "texts")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # Imports under `if TYPE_CHECKING:` never run, so they cannot form a cycle at import time.
    return grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)


def _loops(nodes: set[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return found


def _collapsed(graph: grimp.ImportGraph, parent: str | None) -> dict[str, set[str]]:
    """Imports among the children of `parent` (top-level packages when None), each child with its descendants."""
    children = set(PACKAGES) if parent is None else graph.find_children(parent)
    owner: dict[str, str] = {}
    for child in children:
        owner[child] = child
        for module in graph.find_descendants(child):
            owner[module] = child
    edges: dict[str, set[str]] = {child: set() for child in children}
    for module, child in owner.items():
        for imported in graph.find_modules_directly_imported_by(module):
            target = owner.get(imported)
            if target is not None and target != child:
                edges[child].add(target)
    return edges


def test_no_loop_between_the_top_level_packages(graph: grimp.ImportGraph) -> None:
    edges = _collapsed(graph, None)
    assert _loops(set(edges), edges) == []


def test_no_loop_between_sibling_modules_and_sub_packages(graph: grimp.ImportGraph) -> None:
    packages = [m for m in graph.modules if graph.find_children(m)]
    loops = {}
    for package in sorted(packages):
        edges = _collapsed(graph, package)
        found = _loops(set(edges), edges)
        if found:
            loops[package] = found
    assert loops == {}


def test_no_module_level_cycle(graph: grimp.ImportGraph) -> None:
    edges = {module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules}
    assert _loops(set(edges), edges) == []
