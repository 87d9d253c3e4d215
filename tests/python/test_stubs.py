# SPDX-License-Identifier: Apache-2.0
"""The shipped type stubs name everything the native module exposes."""
import ast
import pathlib

import onhand
from onhand import _core

STUBS = pathlib.Path(onhand.__file__).with_name("_core.pyi")


def defined_names(body):
    """Names a stub body defines: functions, classes, annotated and plain assignments."""
    names = set()
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def stubbed():
    tree = ast.parse(STUBS.read_text())
    members = {node.name: defined_names(node.body)
               for node in tree.body if isinstance(node, ast.ClassDef)}
    # A submodule may be stubbed as `scan: _ScanModule`, a class standing for it.
    for node in tree.body:
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(node.annotation, ast.Name) and node.annotation.id in members):
            members.setdefault(node.target.id, members[node.annotation.id])
    return defined_names(tree.body), members


def public(obj):
    return {name for name in dir(obj) if not name.startswith("_")}


def test_every_native_name_has_a_stub():
    names, members = stubbed()
    generated = {name for name in public(_core)
                 if isinstance(getattr(_core, name), type)
                 and issubclass(getattr(_core, name), _core.Error) and name != "Error"}
    missing = public(_core) - generated - names
    assert not missing, f"not in _core.pyi: {sorted(missing)}"


def test_inventory_and_submodules_are_stubbed():
    _, members = stubbed()
    for name, native in (("Inventory", _core.Inventory), ("planning", _core.planning),
                         ("scan", _core.scan)):
        missing = public(native) - members.get(name, set())
        assert not missing, f"{name} members not in _core.pyi: {sorted(missing)}"
