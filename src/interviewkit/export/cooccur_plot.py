"""The co-occurrence figure: a lower-triangle heatmap of codes found in the same unit.

Settings, fonts and the quiet use of matplotlib are those of :mod:`.plots`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewkit.export.fonts import choose_fonts, font_warning
from interviewkit.export.plots import _matplotlib, _save, _texts, check_plot_path

if TYPE_CHECKING:
    from interviewkit.analysis.cooccur import Cooccurrence

__all__ = ["cooccurrence_figure"]


def cooccurrence_figure(
    cooccurrence: Cooccurrence,
    path: str | Path,
    *,
    measure: str = "jaccard",
    caption: bool = True,
    font: str | Path | None = None,
) -> Path:
    """A lower-triangle heatmap of co-occurrence (Jaccard or counts), counts written in."""
    path = check_plot_path(path)
    choice = choose_fonts(font)
    with _matplotlib(choice) as plt:
        fig = _cooccurrence(plt, cooccurrence, measure=measure, caption=caption)
        font_warning(_texts(fig), choice)
        _save(fig, path, path.suffix.lower().lstrip("."))
    return path


def _cooccurrence(plt: Any, cooccurrence: Cooccurrence, *, measure: str, caption: bool) -> Any:
    import numpy as np

    counts = cooccurrence.counts.to_numpy()
    values = (cooccurrence.jaccard if measure == "jaccard" else cooccurrence.counts).to_numpy(
        dtype=float
    )
    n = len(counts)
    mask = np.triu(np.ones((n, n), dtype=bool), k=0)  # the diagonal is drawn apart
    labels = [cooccurrence.names.get(c, c) for c in cooccurrence.counts.index]
    size = max(5.0, 0.6 * n + 2.5)
    fig, ax = plt.subplots(figsize=(size + 1.2, size), layout="constrained")
    cmap = plt.get_cmap("viridis").with_extremes(bad="white")
    shown = np.ma.masked_array(values, mask=mask | np.isnan(values))
    below = values[~mask & ~np.isnan(values)]
    top = float(below.max()) if below.size and below.max() > 0 else 1.0
    image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=top)
    from matplotlib.patches import Rectangle

    for i in range(n):
        ax.add_patch(Rectangle((i - 0.5, i - 0.5), 1, 1, facecolor="#e6e6e6", edgecolor="none"))
        for j in range(i + 1):
            value = values[i, j]
            dark = i != j and value == value and value < 0.55 * top
            text = f"{counts[i, j]}"
            if measure == "jaccard" and i != j and value == value:
                text += f"\n{value:.2f}"
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=7.5,
                color="white" if dark else "black",
            )
    ax.set_xticks(range(n))
    ax.set_xticklabels(labels, rotation=40, ha="right", fontsize=9)
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels, fontsize=9)
    for spine in ax.spines.values():
        spine.set_visible(False)
    what = "Jaccard index" if measure == "jaccard" else "units with both codes"
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.03)
    bar.set_label(what, fontsize=9)
    ax.set_title(f"Code co-occurrence in the same unit (colour: {what})", fontsize=11, loc="left")
    if caption:
        fig.text(
            0.01,
            0.0,
            "Numbers: units carrying both codes (grey diagonal: units with the code)"
            + ("; below them the Jaccard index." if measure == "jaccard" else "."),
            fontsize=8,
            va="top",
        )
    return fig
