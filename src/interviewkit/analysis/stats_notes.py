"""The plain English of a comparison: what each test did, and the notes under the table.

:mod:`interviewkit.analysis.stats` decides and computes; the sentences a
researcher reads about it are written here, so that the wording can change
(or be translated) without touching the statistics.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from interviewkit.analysis.stats_results import Method, TestMethod

__all__ = [
    "comparison_notes",
    "empty_groups_prefix",
    "join_labels",
    "left_out_prefix",
    "plural",
    "table_test_note",
]

NOT_TESTED_FEW_GROUPS = "fewer than two groups have units: not tested"
NOT_TESTED_NEVER = "code does not occur in any unit: not tested"
NOT_TESTED_ALWAYS = "code occurs in every unit: not tested"


def _label(value: Hashable) -> str:
    return f"'{value}'"


def join_labels(values: Sequence[Hashable], limit: int = 10) -> str:
    """Labels in quotes, separated by commas, at most ``limit`` of them.

    Example:
        >>> join_labels(["Bonn", "Wuhan"])
        "'Bonn', 'Wuhan'"
        >>> join_labels(list("abcd"), limit=2)
        "'a', 'b' and 2 more"
    """
    shown = ", ".join(_label(value) for value in values[:limit])
    if len(values) > limit:
        shown += f" and {len(values) - limit} more"
    return shown


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` and the noun in the number it asks for.

    Example:
        >>> plural(1, "group"), plural(3, "group")
        ('1 group', '3 groups')
    """
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def table_test_note(
    method: TestMethod, *, min_expected: float, small: int, cells: int, n_permutations: int
) -> str:
    """What the test of one table did and why (``small`` expected counts below the minimum)."""
    below = f"expected counts below {min_expected:g} in {small} of {cells} cells"
    if method.kind is Method.CHI_SQUARE:
        return f"all expected counts are at least {min_expected:g}: chi-square test used"
    if method.kind is Method.FISHER:
        return f"{below}: Fisher's exact test used"
    return (
        f"{below}: p-value from {n_permutations} random permutations "
        "of the units' groups (Monte Carlo)"
    )


def empty_groups_prefix(empty_groups: Sequence[Hashable]) -> str:
    """The start of a code's note when groups without units were left out of its test."""
    if not empty_groups:
        return ""
    return (
        f"{plural(len(empty_groups), 'group')} without units left out "
        f"({join_labels(empty_groups)}); "
    )


def overall_not_tested(few_codes: bool) -> str:
    """Why the table of codings as a whole was not tested."""
    reason = "fewer than two codes occur" if few_codes else "codings fall in fewer than two groups"
    return f"{reason}: the table of codings was not tested"


def left_out_prefix(unused_codes: int, empty_groups: int) -> str:
    """The start of the overall note when unused codes or groups were left out."""
    parts = []
    if unused_codes:
        parts.append(plural(unused_codes, "unused code"))
    if empty_groups:
        parts.append(plural(empty_groups, "group") + " without codings")
    return " and ".join(parts) + " left out; " if parts else ""


def comparison_notes(
    *,
    methods: Sequence[TestMethod],
    codes: Sequence[Hashable],
    empty_groups: Sequence[Hashable],
    tested: int,
    significant: int,
    min_expected: float,
    overall: TestMethod,
    overall_note: str,
    code_notes: Sequence[str] = (),
) -> list[str]:
    """Plain-language remarks about a comparison of ``codes``, tested by ``methods``.

    ``code_notes``: each code's own note; the codes that could not be tested are
    listed with theirs (codes with the same reason together).

    ``significant`` of the ``tested`` codes have a Holm-adjusted p-value of at
    most 0.05.
    """
    notes: list[str] = []
    if not codes:
        notes.append("There are no codes to compare.")
    if empty_groups:
        notes.append(
            f"{plural(len(empty_groups), 'group')} without units "
            f"{'was' if len(empty_groups) == 1 else 'were'} left out of the tests: "
            f"{join_labels(empty_groups)}."
        )
    untested = [code for code, method in zip(codes, methods, strict=True) if not method.tested]
    if untested:
        reasons: dict[str, list[Hashable]] = {}
        said = dict(zip(codes, code_notes, strict=False))
        for code in untested:
            reasons.setdefault(str(said.get(code, "")).rstrip("."), []).append(code)
        listed = "; ".join(
            f"{join_labels(group)}" + (f" ({reason})" if reason else "")
            for reason, group in reasons.items()
        )
        notes.append(f"{plural(len(untested), 'code')} could not be tested: {listed}.")
    fisher = sum(method.kind is Method.FISHER for method in methods)
    monte_carlo = sum(method.kind is Method.MONTE_CARLO for method in methods)
    if fisher or monte_carlo:
        used = []
        if fisher:
            used.append(f"Fisher's exact test for {plural(fisher, 'code')}")
        if monte_carlo:
            used.append(f"a Monte Carlo permutation test for {plural(monte_carlo, 'code')}")
        notes.append(
            f"Some expected counts were below {min_expected:g}, so the chi-square "
            f"approximation was replaced by {' and '.join(used)}."
        )
    if tested:
        notes.append(
            f"p_holm adjusts the p-values of the {plural(tested, 'tested code')} for "
            f"multiple testing (Holm); {significant} of {tested} differ between groups "
            "at the 5% level after adjustment."
        )
        notes.append(
            "Residuals beyond ±2 mark groups with clearly more (+) or fewer (−) units "
            "carrying a code than the group sizes lead one to expect."
        )
    if overall.tested:
        notes.append(
            "The overall test counts codings, and a unit can carry several codes, so its "
            "observations are not independent and its p-value is only approximate."
        )
    else:
        notes.append(overall_note[0].upper() + overall_note[1:] + ".")
    return notes
