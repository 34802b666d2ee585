"""Figures for papers: comparison heatmaps, grouped bar charts, co-occurrence maps.

matplotlib is imported inside the functions, with the file-only Agg backend, so
that neither ``interviewkit --help`` nor a machine without a display pays for it.
Colours are colour-blind safe: a blue–red diverging map (ColorBrewer RdBu) for
residuals, the Okabe–Ito palette (with hatching beyond eight) for groups,
viridis for co-occurrence (:mod:`.cooccur_plot`). The format follows the suffix: .png (200 dpi),
.svg or .pdf. Labels are data: `$…$` in a code name is printed, never parsed as
math, and Chinese labels use an installed CJK font (:mod:`.fonts`), or the
figure warns once (:class:`~interviewkit.export.fonts.FontWarning`) how to get one.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewkit.errors import UsageError
from interviewkit.export.fonts import FontChoice, choose_fonts, font_warning, quiet_matplotlib

if TYPE_CHECKING:
    from interviewkit.analysis.compare import Comparison

__all__ = [
    "FIGURES",
    "FORMATS",
    "check_plot_path",
    "comparison_figure",
    "comparison_image",
    "figure_kinds",
]

FORMATS = ("png", "svg", "pdf")
#: What ``comparison_figure`` draws: heatmap above bars, or one of them.
FIGURES = ("both", "heatmap", "bars")
#: Okabe & Ito (2008), "Color Universal Design"; black last.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
_HATCHES = ("", "//", "..", "xx")
_RESIDUAL_LIMIT = 4.0
_SIGNIFICANT = 0.05
#: Characters of a group name per line under a heatmap column.
_GROUP_WRAP = 14
#: Space between the panels of --pairs (inches), so that tick labels never touch.
_PANEL_PAD = 0.25


def check_plot_path(path: str | Path) -> Path:
    """Fail early (before any work) if a figure cannot be written to ``path``."""
    from interviewkit.export.tables import check_output_path

    return check_output_path(path, dict.fromkeys(FORMATS), what="a figure format")


def figure_kinds(plots: Sequence[Path], figures: Sequence[str]) -> list[str]:
    """What each ``--plot`` file shows: ``--figure`` in order, else both (one file) or the
    heatmap then the bars (two files)."""
    for kind in figures:
        if kind not in FIGURES:
            raise UsageError(f"'{kind}' is not a figure", hint=f"Use one of: {', '.join(FIGURES)}")
    if figures and len(figures) != len(plots):
        raise UsageError(
            f"{len(figures)} --figure for {len(plots)} --plot",
            hint="Give one --figure per --plot, in the same order "
            "(e.g. --plot heat.png --figure heatmap --plot bars.png --figure bars).",
        )
    if figures or not plots:
        return list(figures)
    if len(plots) == 1:
        return ["both"]
    if len(plots) == 2:
        return ["heatmap", "bars"]
    raise UsageError(
        f"{len(plots)} --plot files but no --figure",
        hint="Say what each file shows with --figure heatmap|bars|both, once per --plot.",
    )


@contextmanager
def _matplotlib(choice: FontChoice) -> Iterator[Any]:
    """pyplot with the figures' settings, quiet: its warnings never reach the user."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from interviewkit.export.fonts import rc_params

    with quiet_matplotlib(), matplotlib.rc_context(rc_params(choice)):  # type: ignore[arg-type]
        yield plt


def _save(fig: Any, target: Path | io.BytesIO, fmt: str) -> None:
    import matplotlib.pyplot as plt

    metadata: dict[str, Any] = {"Date": None} if fmt in ("svg", "pdf") else {}
    try:
        fig.savefig(target, format=fmt, dpi=200, bbox_inches="tight", metadata=metadata)
    finally:
        plt.close(fig)


def _texts(fig: Any) -> list[str]:
    """Every text the figure draws (to check that its fonts have their glyphs)."""
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def _zero(value: float) -> float:
    """``-0.04`` rounds to ``-0.0``: a cell shows ``0.0`` instead."""
    rounded = round(value, 1)
    return 0.0 if rounded == 0 else rounded


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


def _stars(ax: Any, comparison: Comparison, x: float) -> None:
    """A ``*`` right of each row whose code differs (p Holm ≤ 0.05) in this panel."""
    for i, code in enumerate(comparison.crosstab.index):
        if _significant(comparison, code):
            ax.text(
                x, i, "*", ha="left", va="center", fontsize=12, fontweight="bold", clip_on=False
            )


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
    ax.set_xticklabels([f"{_wrap(g)}\n(n={int(comparison.totals[g])})" for g in groups], fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(comparison.crosstab.index)))
    ax.set_yticklabels(
        _row_labels(comparison, stars=not panel_stars) if show_labels else [], fontsize=9
    )
    for label, code in zip(ax.get_yticklabels(), comparison.crosstab.index, strict=False):
        if comparison.levels.get(code, 0) == 0 and comparison.tests.at[code, "family"] == "parent":
            label.set_fontweight("bold")
    if panel_stars:
        _stars(ax, comparison, len(groups) - 0.5 + 0.06)
    for i in range(residuals.shape[0]):
        for j in range(residuals.shape[1]):
            r = residuals[i, j]
            share = "–" if shares[i, j] != shares[i, j] else f"{shares[i, j] * 100:.0f}%"
            text = share if r != r else f"{share}\n{_zero(r):+.1f}".replace("+0.0", "0.0")
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
    handles, labels = [], []
    for j, group in enumerate(comparison.groups):
        colour, hatch = colours[j] if small else colours[group]
        labels.append(f"{group} (n={int(comparison.totals[group])})")
        bars = ax.barh(
            positions - 0.4 + height * (j + 0.5),
            np.nan_to_num(shares[:, j]),
            height,
            color=colour,
            hatch=hatch,
            edgecolor="#333333",
            linewidth=0.4,
        )
        handles.append(bars)
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
        ax.legend(handles, labels, fontsize=8, loc="lower right", frameon=True, framealpha=0.9)
    else:
        ax.legend(
            handles,
            labels,
            fontsize=8,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=min(n_groups, 4),
            frameon=False,
            borderaxespad=0.3,
        )


def comparison_figure(
    comparisons: Sequence[Comparison],
    path: str | Path,
    *,
    figure: str = "both",
    caption: bool = True,
    title: str | None = None,
    font: str | Path | None = None,
) -> Path:
    """Draw ``comparisons`` to ``path`` (.png, .svg, .pdf): see :func:`comparison_image`."""
    path = check_plot_path(path)
    choice = choose_fonts(font)
    with _matplotlib(choice) as plt:
        fig = _comparison(plt, comparisons, figure=figure, caption=caption, title=title)
        font_warning(_texts(fig), choice)
        _save(fig, path, path.suffix.lower().lstrip("."))
    return path


def comparison_image(
    comparisons: Sequence[Comparison],
    *,
    fmt: str = "svg",
    figure: str = "both",
    caption: bool = True,
    title: str | None = None,
    font: str | Path | None = None,
) -> bytes:
    """The figure as bytes (``svg`` or ``png``), for a report.

    ``figure``: ``both`` (a heatmap of shares coloured by adjusted residual above
    a grouped bar chart), ``heatmap`` or ``bars``. One comparison gives one
    panel; several (``--pairs``) give small multiples side by side, sharing the
    code labels. ``caption`` adds the lines that explain the cells and stars.
    """
    choice = choose_fonts(font)
    buffer = io.BytesIO()
    with _matplotlib(choice) as plt:
        fig = _comparison(plt, comparisons, figure=figure, caption=caption, title=title)
        font_warning(_texts(fig), choice)
        _save(fig, buffer, fmt)
    return buffer.getvalue()


def _wrap(group: str) -> str:
    """A long group name on several lines, so that neighbouring columns never overlap."""
    return "\n".join(textwrap.wrap(group, _GROUP_WRAP, break_on_hyphens=True)) or group


def _comparison(
    plt: Any,
    comparisons: Sequence[Comparison],
    *,
    figure: str,
    caption: bool,
    title: str | None,
) -> Any:
    import numpy as np
    from matplotlib import colors

    if figure not in FIGURES:
        raise UsageError(f"'{figure}' is not a figure", hint=f"Use one of: {', '.join(FIGURES)}")
    heat, bars = figure in ("both", "heatmap"), figure in ("both", "bars")
    n_codes = max(len(c.crosstab.index) for c in comparisons)
    widths = [max(2, len(c.groups)) for c in comparisons]
    small = len(comparisons) > 1
    per_group = 1.45 if small else 1.1
    most_groups = max(len(c.groups) for c in comparisons)
    heights = []
    if heat:
        heights.append(0.42 * n_codes + 1.2)
    if bars:
        heights.append(n_codes * max(0.45, 0.16 * most_groups) + 1.2)
    fig, axes = plt.subplots(
        len(heights),
        len(comparisons),
        figsize=(max(7.0, per_group * sum(widths) + 3.2), sum(heights)),
        gridspec_kw={"width_ratios": widths, "height_ratios": heights},
        squeeze=False,
        layout="constrained",
    )
    if small:
        fig.get_layout_engine().set(w_pad=_PANEL_PAD, wspace=0.02)
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
        row = 0
        if heat:
            image = _heatmap(
                axes[0, k], comparison, show_labels=k == 0, norm=norm, cmap=cmap, panel_stars=small
            )
            row = 1
        if bars:
            _bars(axes[row, k], comparison, show_labels=k == 0, colours=colours, small=small)
            if small and not heat:
                axes[row, k].set_title(comparison.title, fontsize=10, fontweight="bold")
                _stars(axes[row, k], comparison, 101.0)
    if heat:
        bar = fig.colorbar(
            image,
            ax=list(axes[0]),
            fraction=0.04,
            pad=0.02,
            ticks=np.arange(-_RESIDUAL_LIMIT, _RESIDUAL_LIMIT + 1),
        )
        bar.set_label(
            "adjusted residual\n(blue: fewer, red: more\nunits than expected)", fontsize=8
        )
        bar.ax.tick_params(labelsize=8)
    fig.suptitle(title or _title(comparisons), fontsize=12, x=0.01, ha="left")
    if caption:
        fig.text(0.01, -0.01, _caption(small=small, heat=heat), fontsize=8, va="top")
    return fig


def _caption(*, small: bool, heat: bool) -> str:
    star = "* right of a row: in that comparison, " if small else "* after a code: "
    cells = (
        "Cells: % of the group's respondent units with the code, and the adjusted "
        "standardized residual (beyond ±2: clearly more or fewer than expected)."
        if heat
        else "Bars: % of the group's respondent units with the code."
    )
    return f"{cells}\n{star}p ≤ 0.05 after Holm's adjustment for testing many codes."


def _title(comparisons: Sequence[Comparison]) -> str:
    if len(comparisons) == 1:
        return f"Themes by {comparisons[0].title}"
    return "Themes: each city and its partner city, and country against country"
