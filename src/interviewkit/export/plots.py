"""Figures for papers: comparison heatmaps, grouped bar charts, co-occurrence maps.

matplotlib is imported inside the functions, with the file-only Agg backend, so
that neither ``interviewkit --help`` nor a machine without a display pays for it.
Colours are colour-blind safe: a blue–red diverging map (ColorBrewer RdBu) for
residuals, the Okabe–Ito palette (with hatching beyond eight) for groups,
viridis for co-occurrence. The format follows the suffix: .png (200 dpi),
.svg or .pdf.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interviewkit.analysis.compare import Comparison
    from interviewkit.analysis.cooccur import Cooccurrence

__all__ = ["FORMATS", "check_plot_path", "comparison_figure", "cooccurrence_figure"]

FORMATS = ("png", "svg", "pdf")
#: Okabe & Ito (2008), "Color Universal Design"; black last.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
_HATCHES = ("", "//", "..", "xx")
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
)
_RESIDUAL_LIMIT = 4.0
_SIGNIFICANT = 0.05


def check_plot_path(path: str | Path) -> Path:
    """Fail early (before any work) if a figure cannot be written to ``path``."""
    from interviewkit.export.tables import check_output_path

    return check_output_path(path, dict.fromkeys(FORMATS), what="a figure format")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    # Chinese code names and city names need a CJK font; use one if the machine has it.
    plt.rcParams["font.family"] = ["DejaVu Sans", *(f for f in _CJK_FONTS if f in installed)]
    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["pdf.fonttype"] = 42
    return plt


def _save(fig: Any, path: Path) -> Path:
    import matplotlib.pyplot as plt

    try:
        fig.savefig(path, dpi=200, bbox_inches="tight")
    finally:
        plt.close(fig)
    return path


def _significant(comparison: Comparison, code: Any) -> bool:
    """``p_holm`` at most 0.05: the rule of the terminal table's ``*`` too."""
    p = comparison.tests.at[code, "p_holm"]
    return bool(p == p and p <= _SIGNIFICANT)


def _row_labels(comparison: Comparison, *, stars: bool) -> list[str]:
    """Code names, children indented; with ``stars``, `` *`` after codes with ``p_holm`` ≤ 0.05."""
    labels = []
    for code in comparison.crosstab.index:
        name = comparison.names.get(code, code)
        level = comparison.levels.get(code, 0)
        mark = " *" if stars and _significant(comparison, code) else ""
        labels.append("   " * level + name + mark)
    return labels


def _heatmap(
    ax: Any, comparison: Comparison, *, show_labels: bool, norm: Any, cmap: Any, panel_stars: bool
) -> Any:
    """Shares coloured by residual; ``panel_stars`` marks significant rows right of the panel
    (small multiples share one set of row labels, but each panel has its own tests)."""
    import numpy as np

    residuals = comparison.residuals.to_numpy(dtype=float)
    shares = comparison.shares.to_numpy(dtype=float)
    image = ax.imshow(np.ma.masked_invalid(residuals), cmap=cmap, norm=norm, aspect="auto")
    groups = comparison.groups
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([f"{g}\n(n={int(comparison.totals[g])})" for g in groups], fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(comparison.crosstab.index)))
    ax.set_yticklabels(
        _row_labels(comparison, stars=not panel_stars) if show_labels else [], fontsize=9
    )
    for label, code in zip(ax.get_yticklabels(), comparison.crosstab.index, strict=False):
        if comparison.levels.get(code, 0) == 0 and comparison.tests.at[code, "family"] == "parent":
            label.set_fontweight("bold")
    if panel_stars:
        for i, code in enumerate(comparison.crosstab.index):
            if _significant(comparison, code):
                ax.text(
                    len(groups) - 0.5 + 0.06,
                    i,
                    "*",
                    ha="left",
                    va="center",
                    fontsize=12,
                    fontweight="bold",
                    clip_on=False,
                )
    for i in range(residuals.shape[0]):
        for j in range(residuals.shape[1]):
            r = residuals[i, j]
            share = "–" if shares[i, j] != shares[i, j] else f"{shares[i, j] * 100:.0f}%"
            text = share if r != r else f"{share}\n{r:+.1f}"
            dark = r == r and abs(r) > 2.5
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=7.5,
                color="white" if dark else "black",
            )
    ax.set_xticks(np.arange(-0.5, len(groups)), minor=True)
    ax.set_yticks(np.arange(-0.5, residuals.shape[0]), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if comparison.title not in ("", "all") and "↔" in comparison.title:
        ax.set_xlabel(comparison.title, fontsize=10, fontweight="bold")
    return image


def _bars(
    ax: Any, comparison: Comparison, *, show_labels: bool, colours: dict[Any, Any], small: bool
) -> None:
    import numpy as np

    shares = comparison.shares.to_numpy(dtype=float) * 100
    n_codes, n_groups = shares.shape
    height = 0.8 / max(1, n_groups)
    positions = np.arange(n_codes)
    for j, group in enumerate(comparison.groups):
        colour, hatch = colours[j] if small else colours[group]
        ax.barh(
            positions - 0.4 + height * (j + 0.5),
            np.nan_to_num(shares[:, j]),
            height,
            label=f"{group} (n={int(comparison.totals[group])})",
            color=colour,
            hatch=hatch,
            edgecolor="#333333",
            linewidth=0.4,
        )
    ax.set_yticks(positions)
    ax.set_yticklabels(_row_labels(comparison, stars=not small) if show_labels else [], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of units" if small else "% of respondent units with the code", fontsize=9)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if show_labels:
        for label, code in zip(ax.get_yticklabels(), comparison.crosstab.index, strict=False):
            if comparison.tests.at[code, "family"] == "parent":
                label.set_fontweight("bold")
    if small:
        ax.legend(fontsize=8, loc="lower right", frameon=True, framealpha=0.9)
    else:
        ax.legend(
            fontsize=8,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=min(n_groups, 4),
            frameon=False,
            borderaxespad=0.3,
        )


def comparison_figure(
    comparisons: Sequence[Comparison], path: str | Path, *, title: str | None = None
) -> Path:
    """A heatmap (shares, coloured by adjusted residual) above a grouped bar chart.

    One comparison gives one heatmap and one bar chart; several (``--pairs``)
    give small multiples side by side, sharing the code labels.
    """
    import numpy as np
    from matplotlib import colors

    path = check_plot_path(path)
    plt = _pyplot()
    n_codes = max(len(c.crosstab.index) for c in comparisons)
    widths = [max(2, len(c.groups)) for c in comparisons]
    small = len(comparisons) > 1
    per_group = 1.45 if small else 1.1
    most_groups = max(len(c.groups) for c in comparisons)
    heat_height = 0.42 * n_codes + 1.2
    bar_height = n_codes * max(0.45, 0.16 * most_groups) + 1.2
    fig, axes = plt.subplots(
        2,
        len(comparisons),
        figsize=(max(7.0, per_group * sum(widths) + 3.2), heat_height + bar_height),
        gridspec_kw={"width_ratios": widths, "height_ratios": [heat_height, bar_height]},
        squeeze=False,
        layout="constrained",
    )
    cmap = plt.get_cmap("RdBu_r").with_extremes(bad="#eeeeee")
    norm = colors.TwoSlopeNorm(vmin=-_RESIDUAL_LIMIT, vcenter=0.0, vmax=_RESIDUAL_LIMIT)
    groups = list(dict.fromkeys(g for c in comparisons for g in c.groups))
    colours: dict[Any, tuple[str, str]] = {  # by group, or by side (0, 1) of a pair
        g: (OKABE_ITO[i % len(OKABE_ITO)], _HATCHES[(i // len(OKABE_ITO)) % len(_HATCHES)])
        for i, g in enumerate(groups)
    }
    if small:  # side by side: the same colour for the same side of every pair
        colours = {0: (OKABE_ITO[0], ""), 1: (OKABE_ITO[4], "")}
    image = None
    for k, comparison in enumerate(comparisons):
        image = _heatmap(
            axes[0, k], comparison, show_labels=k == 0, norm=norm, cmap=cmap, panel_stars=small
        )
        _bars(axes[1, k], comparison, show_labels=k == 0, colours=colours, small=small)
    bar = fig.colorbar(
        image,
        ax=list(axes[0]),
        fraction=0.04,
        pad=0.02,
        ticks=np.arange(-_RESIDUAL_LIMIT, _RESIDUAL_LIMIT + 1),
    )
    bar.set_label("adjusted residual\n(blue: fewer, red: more\nunits than expected)", fontsize=8)
    bar.ax.tick_params(labelsize=8)
    fig.suptitle(title or _title(comparisons), fontsize=12, x=0.01, ha="left")
    star = "* right of a row: in that comparison, " if small else "* after a code: "
    fig.text(
        0.01,
        -0.01,
        "Cells: % of the group's respondent units with the code, and the adjusted "
        "standardized residual (beyond ±2: clearly more or fewer than expected).\n"
        f"{star}p ≤ 0.05 after Holm's adjustment for testing many codes.",
        fontsize=8,
        va="top",
    )
    return _save(fig, path)


def _title(comparisons: Sequence[Comparison]) -> str:
    if len(comparisons) == 1:
        return f"Themes by {comparisons[0].title}"
    return "Themes: each city and its partner city, and country against country"


def cooccurrence_figure(
    cooccurrence: Cooccurrence, path: str | Path, *, measure: str = "jaccard"
) -> Path:
    """A lower-triangle heatmap of co-occurrence (Jaccard or counts), counts written in."""
    import numpy as np

    path = check_plot_path(path)
    plt = _pyplot()
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
    fig.text(
        0.01,
        0.0,
        "Numbers: units carrying both codes (grey diagonal: units with the code)"
        + ("; below them the Jaccard index." if measure == "jaccard" else "."),
        fontsize=8,
        va="top",
    )
    return _save(fig, path)
