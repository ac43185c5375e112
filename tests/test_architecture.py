"""Promises of the code's shape, read from the source: imports go one way (no cycle, the model
and the ink pipeline know nothing of pygame or the game, no scene imports another), and
only the modes table asks a mode's name. See docs/architecture.md."""

import ast
import re

import pytest

from tests.helpers import ROOT

PACKAGES = ("game", "training")


def modules():
    """Return {module name: path} of every module of the game and the training tools."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(name, path, known):
    """Return the modules of `known` that module `name` (at path) imports, wherever in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t in known}
    found.discard(name)
    return found


@pytest.fixture(scope="module")
def graph():
    """Return {module: the project modules it imports}."""
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycle_in(graph):
    """Return one import cycle as a list of modules, or None if there is none."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_module_imports_one_that_imports_it_back(graph):
    assert cycle_in(graph) is None, " -> ".join(cycle_in(graph))


def test_the_cycle_finder_finds_a_cycle():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) is None


def scene_modules():
    """Return the modules under game/scenes that define a screen (a Scene subclass; base.py
    defines the protocol itself)."""
    return {
        f"game.scenes.{path.stem}"
        for path in (ROOT / "game" / "scenes").glob("*.py")
        if path.name != "base.py"
        and re.search(r"^class \w+\((Scene|PageScene)\)", path.read_text(encoding="utf-8"), re.M)
    }


def test_no_scene_imports_another_scene_only_the_flow_table_knows_them_all(graph):
    scenes = scene_modules()
    assert {"game.scenes.play", "game.scenes.result", "game.scenes.title"} <= scenes
    for scene in scenes:
        assert not graph[scene] & scenes, f"{scene} imports {graph[scene] & scenes}"
    assert scenes <= graph["game.scenes.flow"]


def test_the_model_the_ink_and_the_stores_know_nothing_of_pygame_or_the_screens():
    pure = [ROOT / "game" / "model", ROOT / "game" / "ink.py", ROOT / "game" / "segment.py"]
    pure += [ROOT / "game" / name for name in ("feedback.py", "modes.py", "games.py", "profile.py", "players.py")]
    for place in pure:
        for path in [place] if place.is_file() else place.rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            assert not re.search(r"^\s*(import pygame|from pygame|from \.+scenes|from \.+ui\b)", source, re.M), path


def test_the_model_imports_nothing_of_the_game_around_it(graph):
    for name, imported in graph.items():
        if name.startswith("game.model"):  # but the atomic writes every file that matters uses
            assert all(m.startswith("game.model") or m == "game.atomic" for m in imported), f"{name}: {imported}"


def test_only_the_modes_table_asks_a_modes_name():
    for path in (ROOT / "game").rglob("*.py"):
        if path.name != "modes.py":
            source = path.read_text(encoding="utf-8")
            assert not re.search(r'mode\.name ==|\.name == "', source), path


def test_the_architecture_page_shows_every_hand_over_of_the_flow_table():
    from game.scenes.flow import FLOW

    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for scene, outcome in FLOW:
        row = f"| {'any page' if scene == '*' else scene} | {outcome} |"
        assert row in page, f"docs/architecture.md lacks the row {row}"


def architecture_page():
    return (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_the_architecture_page_names_every_room_and_no_other():
    table = architecture_page().split("## Every room")[1].split("\n## ")[0]
    named = set(re.findall(r"^\| `([\w/]+\.py)` \|", table, re.M))
    rooms = {str(path.relative_to(ROOT)) for name, path in modules().items() if path.name != "__init__.py"}
    assert not rooms - named, f"docs/architecture.md names no room {sorted(rooms - named)}"
    assert not named - rooms, f"docs/architecture.md names rooms that are not there: {sorted(named - rooms)}"


def diagram_sections():
    """Return [(the folders a part of the page's drawing heads, the files it names)]: a part is
    the lines between two arrows, its heads the paths at the start of its lines."""
    drawing = architecture_page().split("```")[1]
    sections = []
    for part in re.split(r"^\s+v\s*$", drawing, flags=re.M):
        heads = re.findall(r"^  ((?:game|training)/[\w/.]*)", part, re.M)
        folders = {head if head.endswith("/") else head.rpartition("/")[0] + "/" for head in heads}
        sections.append((folders, set(re.findall(r"[\w/]+\.py\b", part))))
    return sections


def test_every_file_the_architecture_drawing_names_is_in_the_room_it_is_drawn_in():
    for folders, files in diagram_sections():
        for name in files:
            places = [name] if name.startswith(("game/", "training/")) else [f + name for f in folders]
            assert any((ROOT / place).is_file() for place in places), f"the drawing puts {name} in {sorted(folders)}"


def test_the_drawing_check_finds_a_file_drawn_in_the_wrong_room():
    page = "```\n  game/scenes/         the screens; ui.py the text\n      v\n  game/model/   network.py\n```"
    original = architecture_page
    try:
        globals()["architecture_page"] = lambda: page
        with pytest.raises(AssertionError, match="ui.py"):
            test_every_file_the_architecture_drawing_names_is_in_the_room_it_is_drawn_in()
    finally:
        globals()["architecture_page"] = original


def test_pygame_is_reached_only_from_the_screens_the_page_names(graph):
    rule = architecture_page().split("pygame is imported only by")[1].split("however far round")[0]
    screens = {f"game.{name[:-3]}" for name in re.findall(r"`([\w]+\.py)`", rule)}
    assert "`scenes/`" in rule
    paths = modules()
    reaching = {n for n, p in paths.items() if re.search(r"^\s*(import pygame|from pygame)", p.read_text(), re.M)}
    while grown := {n for n, imported in graph.items() if imported & reaching} - reaching:
        reaching |= grown
    below = {n for n in reaching if n.startswith("game.") and not n.startswith("game.scenes.")}
    assert below == screens, f"pygame reached from {sorted(below - screens)}; named but not: {sorted(screens - below)}"
