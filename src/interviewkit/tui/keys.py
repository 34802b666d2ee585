"""The review app's keys: what each does, and the rows of its help screen."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding, BindingType

#: The number keys that apply the first ten codes (1 … 9, then 0 for the tenth).
CODE_KEYS = "1234567890"


def _b(keys: str, action: str, description: str, *, show: bool = True) -> Binding:
    return Binding(keys, action, description, show=show)


BINDINGS: list[BindingType] = [
    _b("j,down", "move(1)", "next unit"),
    _b("k,up", "move(-1)", "previous unit"),
    _b("pagedown", "move(10)", "10 units down"),
    _b("pageup", "move(-10)", "10 units up"),
    _b("g,home", "first", "first unit"),
    _b("G,end", "last", "last unit"),
    _b("n", "next_pending", "next unit with a pending suggestion or no code"),
    _b("l,right", "chip(1)", "select the next code on the unit"),
    _b("h,left", "chip(-1)", "select the previous code on the unit"),
    _b("a", "accept", "accept the selected suggestion"),
    _b("r", "reject", "reject the selected suggestion / remove your selected code"),
    _b("A", "accept_all", "accept all suggestions of the unit"),
    _b("R", "reject_all", "reject all suggestions of the unit"),
    *(
        _b(
            key,
            f"code({i})",
            "apply or remove code 1 … 10; with more codes, type its number (e.g. 1 2)",
            show=False,
        )
        for i, key in enumerate(CODE_KEYS)
    ),
    _b("c", "pick_code", "find a code by name and apply or remove it"),
    _b("s", "sentence(1)", "select the next sentence of the unit (code a part)"),
    _b("S", "sentence(-1)", "select the previous sentence"),
    _b("shift+right", "extend(1)", "extend the selection by a word"),
    _b("shift+left", "extend(-1)", "shrink the selection by a word"),
    _b("escape", "clear", "clear the selection / the search"),
    _b("m", "memo", "memo on the selected code, or on the unit if none is selected"),
    _b("slash", "search", "search the transcript"),
    _b("N", "search_next", "next search match"),
    _b("u", "undo", "undo"),
    _b("ctrl+r", "redo", "redo"),
    _b("o", "others", "show or hide other coders' work"),
    _b("right_square_bracket", "doc(1)", "next document"),
    _b("left_square_bracket", "doc(-1)", "previous document"),
    _b("tab", "focus_next", "next pane (Enter opens a document / applies a code)"),
    _b("ctrl+t", "theme", "switch between the dark and the light theme"),
    _b("question_mark", "help", "this help"),
    _b("q,ctrl+q", "quit", "quit (everything is saved already)"),
]


_KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "ctrl+r": "Ctrl+R",
    "ctrl+q": "Ctrl+Q",
    "ctrl+t": "Ctrl+T",
}


def key_name(key: str) -> str:
    return _KEY_NAMES.get(key, key)


def help_rows(bindings: Sequence[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for the help screen; the number keys as one row."""
    keys: list[tuple[str, str]] = []
    for binding in bindings:
        assert isinstance(binding, Binding)
        shown = ", ".join(key_name(k) for k in binding.key.split(","))
        if binding.action.startswith("code("):
            if binding.action != "code(0)":
                continue
            shown = "1 … 9, 0"
        keys.append((shown, binding.description))
    return keys
