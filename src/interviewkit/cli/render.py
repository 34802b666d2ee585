"""Rich renderings of coded units and code tables, shared by several commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from interviewkit.codebook.model import Codebook
    from interviewkit.coding.coder import CodedUnit

#: Colour-blind-safe fallbacks (Okabe–Ito) for codes without a colour.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")


def visible(text: str) -> str:
    """Data for the terminal: control characters as symbols (:mod:`interviewkit.display`)."""
    from interviewkit.display import visible as shown

    return shown(text)


def code_colors(codebook: Codebook) -> dict[str, str]:
    colors = {}
    for i, code in enumerate(codebook.codes):
        colors[code.id] = code.color or PALETTE[i % len(PALETTE)]
    return colors


def _contrast(color: str) -> str:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return "black" if (0.299 * r + 0.587 * g + 0.114 * b) > 140 else "white"


def code_label(code_id: str, name: str, color: str) -> Text:
    from rich.text import Text

    return Text(f" {visible(name)} ", style=f"bold {_contrast(color)} on {color}")


def coded_unit(
    unit: CodedUnit, codebook: Codebook, colors: dict[str, str], *, show_cancelled: bool = True
) -> RenderableType:
    """The unit's text with matched words highlighted in their code's colour."""
    from rich.console import Group
    from rich.text import Text

    head = Text()
    head.append(visible(unit.doc_id), style="bold")
    head.append(f" · unit {unit.unit.index}", style="dim")
    if unit.unit.speaker:
        head.append(f" · {visible(unit.unit.speaker)}", style="cyan")
    head.append("  ")
    names = {c.id: c.name for c in codebook.codes}
    for code in unit.codes:
        head.append_text(code_label(code, names.get(code, code), colors.get(code, "#999999")))
        head.append(" ")
    # Control characters visible and of the same length, so that the highlights still fit.
    body = Text(visible(unit.text))
    for m in unit.matches:
        if m.cancelled is None:
            body.stylize(f"bold underline {colors.get(m.code, '#999999')}", m.start, m.end)
        elif show_cancelled:
            body.stylize("strike dim", m.start, m.end)
    parts: list[RenderableType] = [head, body]
    cancelled = [m for m in unit.matches if m.cancelled is not None]
    if cancelled and show_cancelled:
        notes = "; ".join(
            f"'{visible(m.text)}' ({visible(names.get(m.code, m.code))}) {m.cancelled}"
            for m in cancelled
        )
        parts.append(Text(f"not counted: {notes}", style="dim italic"))
    parts.append(Text(""))
    return Group(*parts)
