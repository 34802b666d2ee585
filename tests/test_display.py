"""What the terminal is shown of text from data: controls and reordering made visible."""

from __future__ import annotations

from interviewkit.display import has_control, visible


def test_escape_sequences_become_symbols_of_the_same_length() -> None:
    text = "Bonn\x1b]0;owned\x07 \x1b[2J"
    shown = visible(text)
    assert shown == "Bonn␛]0;owned␇ ␛[2J" and len(shown) == len(text)
    assert visible("a\tb\nc") == "a\tb\nc"  # tab and newline lay text out


def test_bidirectional_overrides_cannot_reorder_what_is_shown() -> None:
    # RLO makes a terminal show "txt.exe" as "exe.txt"; isolates can hide text the same way.
    for control in ("\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2068", "\u2069"):
        text = f"code{control}txe.xslx"
        assert has_control(text)
        assert visible(text) == "code\ufffdtxe.xslx"
    # The marks that right-to-left scripts need are text, not an attack.
    assert visible("שלום\u200fBonn\u200e") == "שלום\u200fBonn\u200e"
    assert not has_control("成都 Düsseldorf")


def test_reports_show_bidirectional_overrides_as_symbols_too() -> None:
    from interviewkit.export.markup import esc, md, plain

    for show in (esc, md, plain):
        assert "\u202e" not in show("code\u202etxe.xslx") and "\ufffd" in show("a\u2066b")
