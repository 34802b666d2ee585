"""Figures: fonts for Chinese labels, data never parsed as math, separate heatmap and bars,
no ``-0.0``, panels of --pairs that keep apart."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import pytest

from tests.conftest import CODEBOOK, SAMPLES

REPORT = Path(__file__).resolve().parents[1] / "data" / "report"


def _comparison(attr: str = "city", *, files: Path = REPORT / "transcripts", book: Path | None = None):  # type: ignore[no-untyped-def]
    from interviewkit.analysis.compare import compare_themes_counted
    from interviewkit.analysis.counting import document_counts
    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.transcripts import read_transcripts
    from interviewkit.workflow import one_shot

    codebook = load_codebook(book or REPORT / "codebook.yaml")
    with one_shot(read_transcripts(files), codebook, Coder(codebook)) as project:
        counted = document_counts(project, codebook)
    return compare_themes_counted(counted, codebook, by=[attr], n_permutations=200)


@pytest.fixture(scope="module")
def by_city():  # type: ignore[no-untyped-def]
    return _comparison()


def _cjk_font_or_skip() -> str:
    import os

    from interviewkit.export.fonts import choose_fonts

    choice = choose_fonts()
    if choice.cjk is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no CJK font is installed: .ci/run installs fonts-wqy-microhei")
        pytest.skip("no font with Chinese characters installed (Debian: fonts-wqy-microhei)")
    return choice.cjk


def test_an_installed_cjk_font_draws_every_glyph(by_city) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.export.fonts import FontWarning, choose_fonts, missing_glyphs
    from interviewkit.export.plots import comparison_image

    _cjk_font_or_skip()
    labels = ["成都", "Düsseldorf", "不确定性", "Städtepartnerschaft", "χ²", "≤ ±"]
    assert missing_glyphs(labels, choose_fonts()) == ""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        svg = comparison_image([by_city], fmt="svg").decode("utf-8")
    assert "成都" in svg
    assert [w for w in caught if issubclass(w.category, FontWarning)] == []
    assert not [w for w in caught if "missing from" in str(w.message)]


def test_without_a_cjk_font_one_line_says_how_to_get_one(by_city, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.export import fonts, plots

    def latin_only(font=None):  # type: ignore[no-untyped-def]
        return fonts.FontChoice(("DejaVu Sans",), None)

    monkeypatch.setattr(plots, "choose_fonts", latin_only)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = plots.comparison_figure([by_city], tmp_path / "city.png")
    assert path.stat().st_size > 10_000  # the figure is still written
    ours = [str(w.message) for w in caught if issubclass(w.category, fonts.FontWarning)]
    assert len(ours) == 1
    assert "成都" in ours[0] and "fonts-noto-cjk" in ours[0] and "--font FILE" in ours[0]
    assert not [w for w in caught if "missing from" in str(w.message)]  # matplotlib's own


def test_font_named_by_file_and_by_name(tmp_path: Path) -> None:
    from matplotlib import font_manager

    from interviewkit.errors import UsageError
    from interviewkit.export.fonts import choose_fonts

    dejavu = font_manager.findfont("DejaVu Sans")
    assert choose_fonts(dejavu).families[0] == "DejaVu Sans"
    assert choose_fonts("dejavu sans").named == "DejaVu Sans"
    with pytest.raises(UsageError, match="no installed font has this name"):
        choose_fonts("Comic Sans Nowhere")
    with pytest.raises(UsageError, match="no such font file"):
        choose_fonts(tmp_path / "missing.ttf")
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    with pytest.raises(UsageError, match="not a font file"):
        choose_fonts(broken)


def test_dollar_signs_in_data_are_text_not_math(tmp_path: Path) -> None:
    """issue 18: `$…$` in a code name or a group value reaches matplotlib's math parser."""
    import pandas as pd

    from interviewkit.analysis.compare import Comparison
    from interviewkit.analysis.stats import compare_groups
    from interviewkit.export.plots import comparison_figure

    groups = ["$5$ city", "_under"]  # matplotlib's legend drops labels that start with _
    coded = pd.DataFrame([[3, 9], [8, 2]], index=["a", "b"], columns=groups)
    totals = pd.Series([20, 20], index=groups)
    result = compare_groups(coded, totals, n_permutations=200, seed=0)
    tests = result.tests.assign(family="leaf")
    comparison = Comparison(
        title="$x$",
        by=("city",),
        crosstab=result.crosstab,
        shares=result.shares,
        residuals=result.residuals,
        tests=tests,
        overall=result.overall,
        totals=totals,
        names={"a": "Costs $x^2$", "b": r"$\frac"},  # the second does not even parse as math
        levels={},
    )
    svg = comparison_figure([comparison], tmp_path / "math.svg").read_text(encoding="utf-8")
    for text in ("Costs $x^2$", "$5$ city", r"$\frac", "_under (n=20)", "Themes by $x$"):
        assert text in svg
    comparison_figure([comparison], tmp_path / "math.png")  # no math parse error in raster


def test_heatmap_and_bars_apart_without_negative_zero(by_city, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.export.plots import comparison_figure

    heat = comparison_figure([by_city], tmp_path / "heat.svg", figure="heatmap")
    bars = comparison_figure([by_city], tmp_path / "bars.svg", figure="bars", caption=False)
    heat_svg, bars_svg = heat.read_text(encoding="utf-8"), bars.read_text(encoding="utf-8")
    assert "adjusted residual" in heat_svg and "% of respondent units" not in heat_svg
    assert "% of respondent units with the code" in bars_svg and "adjusted residual" not in bars_svg
    assert "Cells:" in heat_svg and "Bars:" not in bars_svg  # the caption is optional
    assert "-0.0" not in heat_svg and "+0.0" not in heat_svg
    # Uncertainty is coded once in each city: residual 0 exactly, shown as 0.0
    assert ">0.0<" in heat_svg.replace("\n", "<").replace("%", "<")


def test_negative_zero_is_never_shown() -> None:
    from interviewkit.export.plots import _zero

    assert f"{_zero(-0.04):+.1f}" == "+0.0"
    assert _zero(-0.05) == -0.1 or _zero(-0.05) == 0.0  # banker's rounding either way
    assert f"{_zero(-0.26):+.1f}" == "-0.3"


def test_pairs_panels_do_not_overlap_their_tick_labels() -> None:
    """Every tick label of one panel keeps clear of the next panel's, heatmap and bars."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from interviewkit.analysis.counting import document_counts
    from interviewkit.analysis.pairs import compare_pairs_counted
    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.export.fonts import choose_fonts
    from interviewkit.export.plots import _comparison, _matplotlib
    from interviewkit.transcripts import read_transcripts
    from interviewkit.workflow import one_shot

    book = load_codebook(CODEBOOK)
    docs = read_transcripts(SAMPLES, metadata_file=SAMPLES / "metadata.csv")
    with one_shot(docs, book, Coder(book)) as project:
        counted = document_counts(project, book)
    comparisons = compare_pairs_counted(counted, book, n_permutations=200)
    assert len(comparisons) == 4
    with _matplotlib(choose_fonts()) as plt:
        fig = _comparison(plt, comparisons, figure="both", caption=True, title=None)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        axes = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
        rows: dict[float, list] = {}
        for ax in axes:
            rows.setdefault(round(ax.get_position().y0, 3), []).append(ax)
        for row in rows.values():
            row.sort(key=lambda ax: ax.get_position().x0)
            for left, right in itertools.pairwise(row):
                ends = [t.get_window_extent(renderer).x1 for t in left.get_xticklabels() if t.get_text()]
                starts = [t.get_window_extent(renderer).x0 for t in right.get_xticklabels() if t.get_text()]
                starts += [t.get_window_extent(renderer).x0 for t in right.get_yticklabels() if t.get_text()]
                assert max(ends) + 4 < min(starts), (max(ends), min(starts))
        plt.close(fig)


def test_compare_cli_two_plots_font_and_figure_choice(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = ["compare", REPORT / "transcripts", "-c", REPORT / "codebook.yaml", "--permutations", "200"]
    heat, bars = tmp_path / "heat.svg", tmp_path / "bars.svg"
    result = cli(*files, "--plot", heat, "--plot", bars)
    assert result.exit_code == 0, result
    assert "adjusted residual" in heat.read_text(encoding="utf-8")
    assert "adjusted residual" not in bars.read_text(encoding="utf-8")
    assert "Glyph" not in result.stderr and "findfont" not in result.stderr
    only = tmp_path / "only.png"
    result = cli(*files, "--plot", only, "--figure", "bars", "--no-caption")
    assert result.exit_code == 0, result
    result = cli(*files, "--plot", only, "--figure", "pie")
    assert result.exit_code == 2 and "'pie' is not a figure" in result.stderr, result
    result = cli(*files, "--plot", only, "--font", "No Such Font 123")
    assert result.exit_code == 2 and "--font No Such Font 123" in result.stderr, result
    assert "Hint:" in result.stderr
    result = cli(*files, "--plot", heat, "--plot", bars, "--plot", only)
    assert result.exit_code == 2 and "--figure" in result.stderr, result


def test_cooccur_plot_takes_a_font_and_no_caption(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from matplotlib import font_manager

    figure = tmp_path / "co.svg"
    dejavu = font_manager.findfont("DejaVu Sans")
    result = cli("cooccur", REPORT / "transcripts", "-c", REPORT / "codebook.yaml",
                 "--plot", figure, "--font", dejavu, "--no-caption")
    assert result.exit_code == 0, result
    svg = figure.read_text(encoding="utf-8")
    assert r"Competition $\alpha$ &lt;i&gt;rivals&lt;/i&gt;" in svg and "Numbers:" not in svg
