"""An import-linter contract for this project's layers of apps (``make lint`` runs it).

import-linter's own ``layers`` contract orders whole packages, but here each app holds two
kinds of module: its **domain** (models, selectors, services, tasks, receivers, engines) and
its **interface** (views, API, admin, URLs, forms, template tags, management commands). An
app's pages may show what a higher app computes (the product page shows recommendations), so
the interface of any app may read any app's domain; a domain may only build on the domains of
the apps below it. This contract checks, over every import including those inside functions
and under ``TYPE_CHECKING``:

* a domain imports domains of its own layer or lower ones only (apps separated by ``|`` in one
  layer are independent; by ``:`` they may use each other);
* no domain imports an interface, and nothing but the composition root imports it;
* libraries (framework-free helpers) import no app;
* there is no cycle between apps, each app's domain and interface counted apart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import cast

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output

DOMAIN, INTERFACE = "domain", "interface"


@dataclass(frozen=True)
class Place:
    app: str
    role: str  # DOMAIN or INTERFACE; libraries and the composition root are apps of their own
    layer: int


class AppLayersContract(Contract):
    apps = fields.ListField(subfield=fields.StringField())
    libraries = fields.ListField(subfield=fields.StringField(), required=False, default=[])
    interface = fields.ListField(subfield=fields.StringField())
    composition = fields.ListField(subfield=fields.StringField(), required=False, default=[])

    def _option(self, name: str) -> list[str]:
        """A list option as parsed (the class attribute is the field that parses it)."""
        return cast(list[str], getattr(self, name))

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        layer_of, independent = self._layers()
        interface_names = {name for name in self._option("interface") if "." not in name}
        interface_packages = {name for name in self._option("interface") if "." in name}
        top = len(self._option("apps")) + 1

        def place(module: str) -> Place | None:
            for root in self._option("composition"):
                if _within(module, root):
                    return Place(root, "composition", top + 1)
            for package in interface_packages:
                if _within(module, package):
                    return Place(package, INTERFACE, top)
            for library in self._option("libraries"):
                if _within(module, library):
                    return Place(library, "library", -1)
            app = max((a for a in layer_of if _within(module, a)), key=len, default=None)
            if app is None:
                return None
            rest = module[len(app) + 1 :].split(".") if module != app else []
            role = INTERFACE if interface_names & set(rest) else DOMAIN
            return Place(app, role, layer_of[app])

        violations: list[str] = []
        edges: dict[tuple[str, str], tuple[str, str]] = {}
        for importer in sorted(graph.modules):
            source = place(importer)
            if source is None:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = place(imported)
                if target is None or (target.app == source.app and target.role == source.role):
                    continue
                where = _where(graph, importer, imported)
                reason = self._refusal(source, target, independent)
                if reason:
                    violations.append(f"{where}: {reason}")
                edges.setdefault((_node(source), _node(target)), (importer, imported))
        for cycle in _cycles(edges):
            chain = "; ".join(
                _where(graph, *edges[(cycle[i], cycle[(i + 1) % len(cycle)])])
                for i in range(len(cycle))
            )
            violations.append(f"cycle {' -> '.join([*cycle, cycle[0]])}: {chain}")
        if verbose:
            output.verbose_print(verbose, f"{len(edges)} dependencies between app parts checked")
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for violation in check.metadata["violations"]:
            output.print_error(violation, bold=False)
            output.new_line()

    def _layers(self) -> tuple[dict[str, int], set[frozenset[str]]]:
        layer_of: dict[str, int] = {}
        independent: set[frozenset[str]] = set()
        for level, spec in enumerate(self._option("apps")):
            separator = "|" if "|" in spec else ":"
            names = [name.strip() for name in spec.split(separator)]
            for name in names:
                layer_of[name] = level
            if separator == "|":
                independent |= {frozenset((a, b)) for a in names for b in names if a != b}
        return layer_of, independent

    def _refusal(self, source: Place, target: Place, independent: set[frozenset[str]]) -> str:
        if target.role == "composition":
            return f"only the entry points import {target.app}"
        if source.role == "composition":
            return ""
        if source.role == "library":
            return f"the library {source.app} imports an app ({target.app})"
        if target.role == INTERFACE and source.role != INTERFACE:
            return f"the {source.app} domain imports an interface ({target.app} {target.role})"
        if source.role == INTERFACE or target.role == "library":
            return ""
        if target.layer > source.layer:
            return (
                f"{source.app} (layer {source.layer}) imports {target.app} (layer {target.layer})"
            )
        if frozenset((source.app, target.app)) in independent:
            return f"{source.app} and {target.app} are independent of each other"
        return ""


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _node(place: Place) -> str:
    return place.app if place.role in (DOMAIN, "library", "composition") else f"{place.app}[ui]"


def _where(graph: ImportGraph, importer: str, imported: str) -> str:
    lines = sorted(
        {d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported)}
    )
    return f"{importer} -> {imported} (l.{', '.join(map(str, lines))})"


def _cycles(edges: dict[tuple[str, str], tuple[str, str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of app parts (Tarjan's algorithm)."""
    successors: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        successors[a].append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in successors[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(list(successors)):
        if node not in index:
            visit(node)
    return [_a_cycle(group, successors) for group in groups]


def _a_cycle(group: list[str], successors: dict[str, list[str]]) -> list[str]:
    """A shortest cycle through the group's first member, by breadth-first search."""
    members = set(group)
    start = min(group)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in successors[node]:
                if nxt not in members:
                    continue
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return list(reversed(path))
                if nxt not in previous:
                    previous[nxt] = node
                    following.append(nxt)
        frontier = following
    return [start]
