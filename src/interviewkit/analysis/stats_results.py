"""What a comparison of groups returns: the test behind each p-value, and the results.

:class:`CodeTest`, :class:`OverallTest` and :class:`ComparisonResult` are
what :mod:`interviewkit.analysis.stats` returns.

A comparison chooses its test per table: the chi-square test, Fisher's exact
test, a Monte Carlo permutation test with a number of permutations, or no test
at all. :class:`TestMethod` holds that choice. Its words are written here and
nowhere else: the text of the tables (``"Monte Carlo (10000 permutations)"``),
the same in running prose (``"Monte Carlo, 10000 permutations"``) and the
short mark of a terminal table (``"MC"``).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHI_SQUARE",
    "FISHER",
    "NOT_TESTED",
    "CodeTest",
    "ComparisonResult",
    "Method",
    "OverallTest",
    "TestMethod",
]


class Method(Enum):
    """The kinds of test a comparison uses."""

    CHI_SQUARE = "chi-square"
    FISHER = "Fisher's exact"
    MONTE_CARLO = "Monte Carlo"
    NOT_TESTED = "not tested"


_SHORT = {
    Method.CHI_SQUARE: "χ²",
    Method.FISHER: "Fisher",
    Method.MONTE_CARLO: "MC",
    Method.NOT_TESTED: "–",
}


class TestMethod(str):
    """The test behind a p-value: its kind and, for Monte Carlo, the number of permutations.

    The value reads as its text, so that a table of tests is written to CSV,
    JSON, Markdown or Excel as it stands; code that needs to know the test asks
    :attr:`kind` and :attr:`permutations` and never parses the text.

    Attributes:
        kind: The kind of test.
        permutations: The number of random tables of a Monte Carlo test, else None.

    Example:
        >>> method = TestMethod(Method.MONTE_CARLO, 10000)
        >>> method
        TestMethod(Method.MONTE_CARLO, 10000)
        >>> str(method), method.words, method.short
        ('Monte Carlo (10000 permutations)', 'Monte Carlo, 10000 permutations', 'MC')
        >>> TestMethod(Method.CHI_SQUARE) == "chi-square"
        True
    """

    __test__ = False  # not a pytest test class, even when imported into a test module
    kind: Method
    permutations: int | None

    def __new__(cls, kind: Method, permutations: int | None = None) -> TestMethod:
        if (kind is Method.MONTE_CARLO) != (permutations is not None):
            raise ValueError("a Monte Carlo test, and only that, has a number of permutations")
        text = kind.value if permutations is None else f"{kind.value} ({permutations} permutations)"
        method = super().__new__(cls, text)
        object.__setattr__(method, "kind", kind)
        object.__setattr__(method, "permutations", permutations)
        return method

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a TestMethod cannot be changed (tried to set {name})")

    def __reduce__(self) -> tuple[type[TestMethod], tuple[Method, int | None]]:
        return (TestMethod, (self.kind, self.permutations))

    def __repr__(self) -> str:
        extra = "" if self.permutations is None else f", {self.permutations}"
        return f"TestMethod(Method.{self.kind.name}{extra})"

    @property
    def words(self) -> str:
        """The method in running prose, without nested brackets."""
        if self.permutations is None:
            return str(self)
        return f"{self.kind.value}, {self.permutations} permutations"

    @property
    def short(self) -> str:
        """The mark of the method in a narrow table column."""
        return _SHORT[self.kind]

    @property
    def tested(self) -> bool:
        """Whether a test was run at all."""
        return self.kind is not Method.NOT_TESTED


CHI_SQUARE = TestMethod(Method.CHI_SQUARE)
FISHER = TestMethod(Method.FISHER)
NOT_TESTED = TestMethod(Method.NOT_TESTED)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CodeTest:
    """The test of one code: does the share of units carrying it differ between groups?

    Attributes:
        code: The code (the name of the ``with_code`` Series).
        chi2: Pearson's chi-square statistic of the 2 × k table (without
            continuity correction), also when the p-value comes from another
            method. NaN if the code was not tested.
        dof: Degrees of freedom ``(2 - 1) * (k - 1)`` of the groups tested;
            None if the code was not tested.
        p_value: The p-value of the test in ``method``; NaN if not tested.
        method: The test that gave the p-value (it reads as ``"chi-square"``,
            ``"Fisher's exact"``, ``"Monte Carlo (N permutations)"`` or
            ``"not tested"``).
        cramers_v: Cramér's V of the table (bias-uncorrected), between 0 and 1.
        min_expected: The smallest expected count of the table under independence.
        residuals: Adjusted standardized residual of the "with code" cell, per
            group (NaN for a group without units or when the code was not
            tested). Beyond about ±2 a group has clearly more (+) or fewer (−)
            units with the code than the groups' sizes lead one to expect.
        note: What was done, in plain words.
    """

    code: Hashable
    chi2: float
    dof: int | None
    p_value: float
    method: TestMethod
    cramers_v: float
    min_expected: float
    residuals: dict[Hashable, float] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class OverallTest:
    """The test of the whole code × group table of codings (see `compare_groups`).

    Attributes:
        chi2: As in `CodeTest`, for the table of codings with unused codes and
            groups without codings left out; NaN when the table could not be
            tested (as are ``p_value``, ``cramers_v`` and ``min_expected``).
        dof: As in `CodeTest`; None when the table could not be tested.
        p_value: As in `CodeTest`.
        method: As in `CodeTest`.
        cramers_v: As in `CodeTest`.
        min_expected: As in `CodeTest`.
        n_codings: The number of codings in the table (the sum of ``coded``).
        note: What was done, in plain words.
    """

    chi2: float
    dof: int | None
    p_value: float
    method: TestMethod
    cramers_v: float
    min_expected: float
    n_codings: int
    note: str = ""


@dataclass(frozen=True)
class ComparisonResult:
    """Everything `compare_groups` finds.

    Attributes:
        crosstab: Code × group counts of coded units (integers), groups in the
            order of ``coded``'s columns followed by any further groups of ``totals``.
        shares: ``crosstab / totals``: the proportion (0–1) of each group's units
            that carry the code; NaN for a group without units.
        tests: One row per code with columns ``chi2, dof, p_value, p_holm, method,
            cramers_v, min_expected, note`` (``p_holm`` is the Holm-adjusted
            p-value over all tested codes; ``method`` holds TestMethod values).
        residuals: Code × group adjusted standardized residuals of the "with
            code" cells.
        overall: The test of the code × group table of codings as a whole.
        notes: Plain-language remarks about the comparison.
    """

    crosstab: pd.DataFrame
    shares: pd.DataFrame
    tests: pd.DataFrame
    residuals: pd.DataFrame
    overall: OverallTest
    notes: list[str] = field(default_factory=list)
