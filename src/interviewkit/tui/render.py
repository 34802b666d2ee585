"""One unit of a transcript as rich Text: its head, its codes as chips, its coded text.

Accepted codes are labels on their code's colour (with a contrasting letter
colour, so they read in light and dark themes alike); pending suggestions
are a coloured diamond and an italic name; rejected ones are struck through;
other coders' work is dim and names its coder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text

from interviewkit.codebook.model import Code
from interviewkit.display import has_control, visible
from interviewkit.models import Unit
from interviewkit.tui.session import Chip, Session

#: Colour-blind-safe fallbacks (Okabe–Ito) for codes without a colour.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
SEARCH_STYLE = "bold black on #ffd75f"
SELECTION_STYLE = "reverse"

# A sentence ends at . ! ? or their full-width forms, with closing quotes after.
_SENTENCE = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+[\"'”’」』)]*|$)")
# A word step: one CJK character, or a run of anything but space and CJK.
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")


def shown(text: Text) -> Text:
    """``text`` with control characters from data made visible (same length: styles fit).

    Escape sequences in a code name or a transcript must not reach the terminal;
    everything the app draws passes through here or is built from :func:`visible`.
    """
    if not has_control(text.plain):
        return text
    copy = text.copy()
    copy.plain = visible(text.plain)
    return copy


def code_colors(session: Session) -> dict[str, str]:
    return {
        code.id: code.color or PALETTE[i % len(PALETTE)] for i, code in enumerate(session.codes)
    }


def contrast(color: str) -> str:
    """Black or white, whichever reads better on ``color``."""
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    try:
        r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return "white"
    return "black" if (0.299 * r + 0.587 * g + 0.114 * b) > 140 else "white"


@dataclass(frozen=True)
class Look:
    """What, besides the stored codings, changes how a unit looks."""

    chip: int | None = None  # the selected chip, on the cursor's unit
    selection: tuple[int, int] | None = None  # offsets into the transcript
    search: str = ""


def timespan(unit: Unit) -> str:
    if unit.time_start is None:
        return ""
    end = f"–{_clock(unit.time_end)}" if unit.time_end is not None else ""
    return _clock(unit.time_start) + end


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def unit_text(session: Session, unit: Unit, colors: dict[str, str], look: Look) -> Text:
    """The unit as it stands in the transcript pane (without the cursor's gutter)."""
    out = Text(no_wrap=False, overflow="fold")
    head = Text(f"{unit.index}", style="bold")
    if unit.speaker:
        head.append(
            f" {visible(unit.speaker)}", style="dim italic" if unit.interviewer else "bold cyan"
        )
    if span := timespan(unit):
        head.append(f"  {span}", style="dim")
    memos = session.memos(unit.index)
    if memos:
        head.append(f"  ✎{len(memos)}", style="bold")
    out.append_text(head)
    # Codes follow the head on its line, so that the first code on a unit adds
    # no line (a change of height re-lays the whole pane out).
    chips = session.chips(unit.index)
    for number, chip in enumerate(chips):
        out.append("  ")
        out.append_text(chip_text(session, chip, unit, colors, selected=number == look.chip))
    out.append("\n")
    out.append_text(body(session, unit, chips, colors, look))
    for memo in memos:
        out.append(f"\n✎ {visible(memo.coder)}: {visible(memo.text)}", style="italic")
    return out


def chip_text(
    session: Session, chip: Chip, unit: Unit, colors: dict[str, str], *, selected: bool
) -> Text:
    coding = chip.coding
    color = colors.get(coding.code, "#999999")
    name = visible(session.name(coding.code))
    if (coding.start, coding.end) != (unit.start, unit.end):
        name += " ⌁"  # a part of the unit
    if coding.memo:
        name += " ✎"
    mark = "▸" if selected else ""
    text = Text(mark, style="bold")
    if chip.kind in ("accepted", "mine"):
        text.append(f" {name} ", style=f"bold {contrast(color)} on {color}")
    elif chip.kind == "pending":
        text.append("◇", style=f"bold {color}")
        text.append(f"{name}?", style="italic")
    elif chip.kind == "rejected":
        text.append(f"✗{name}", style="dim strike")
    if chip.kind in ("accepted", "pending", "rejected") and coding.origin == "auto":
        # Side by side: what the other coders decided on this suggestion.
        others = [(c, v) for c, v in coding.decisions if c != session.coder]
        if others and session.show_others:
            marks = {"accepted": "✓", "rejected": "✗"}
            text.append(" " + " ".join(f"{c}{marks[v]}" for c, v in others), style="dim")
    if chip.kind == "other":
        if coding.origin == "auto":
            marks = {"accepted": "✓", "rejected": "✗"}
            who = " ".join(f"{c}{marks[v]}" for c, v in coding.decisions) or coding.coder + "?"
            text.append(f"{name}·{visible(who)}", style="dim italic")
        else:
            sign = "✗" if coding.status == "rejected" else ""
            text.append(f"{sign}{name}·{visible(coding.coder)}", style="dim italic")
    if selected:
        text.stylize("underline")
    return text


def body(
    session: Session, unit: Unit, chips: list[Chip], colors: dict[str, str], look: Look
) -> Text:
    """The unit's words: evidence of suggestions underlined, coded parts in colour."""
    # Visible, and of the same length: rich would drop some control characters and
    # shift every highlight after them.
    raw = visible(session.text(unit))
    text = Text(raw, style="dim" if unit.interviewer else "")
    for chip in chips:
        coding = chip.coding
        color = colors.get(coding.code, "#999999")
        if chip.kind == "pending":
            for start, end in coding.evidence:
                text.stylize(f"underline {color}", start - unit.start, end - unit.start)
        elif chip.kind in ("accepted", "mine") and (coding.start, coding.end) != (
            unit.start,
            unit.end,
        ):
            text.stylize(
                f"{contrast(color)} on {color}", coding.start - unit.start, coding.end - unit.start
            )
    if look.search:
        for match in re.finditer(re.escape(look.search), raw, flags=re.IGNORECASE):
            text.stylize(SEARCH_STYLE, match.start(), match.end())
    if look.selection:
        start, end = look.selection
        text.stylize(SELECTION_STYLE, start - unit.start, end - unit.start)
    return text


def sentences(text: str, offset: int) -> list[tuple[int, int]]:
    """The sentences of a unit's text, as transcript offsets, without surrounding space."""
    out = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((offset + start, offset + end))
    return out


def word_ends(text: str, offset: int) -> list[int]:
    """Where a selection may end: after each word (or CJK character)."""
    return [offset + m.end() for m in _WORD.finditer(text)]


def code_detail(code: Code, color: str) -> Text:
    """A code's name in its colour, its definition, criteria and two examples."""
    text = Text.assemble((f" {code.name} ", f"bold {contrast(color)} on {color}"), "\n")
    for title, value in (
        ("Definition", code.description),
        ("Include", code.include),
        ("Exclude", code.exclude),
    ):
        if value:
            text.append(f"{title}: ", style="bold")
            text.append(f"{value.strip()}\n")
    for example in code.examples[:2]:
        text.append("e.g. ", style="bold")
        text.append(f"{example.strip()}\n", style="italic")
    return text
