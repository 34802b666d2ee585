"""The chi-square test of ``contingency`` is SciPy's, to the last bit, without importing scipy.stats."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats as scipy_stats

from interviewkit.analysis import contingency as kernel


@pytest.mark.parametrize("seed", range(3))
def test_the_same_numbers_as_scipy_chi2_contingency(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(200):
        rows, columns = int(rng.integers(2, 5)), int(rng.integers(2, 12))
        scale = 10 ** int(rng.integers(0, 7))
        table = rng.integers(1, scale + 2, size=(rows, columns))
        expected = scipy_stats.chi2_contingency(table, correction=False)
        chi2, dof, p_value, frequencies = kernel.chi_square(table)
        assert chi2 == float(expected.statistic)
        assert dof == expected.dof
        assert p_value == float(expected.pvalue)
        assert np.array_equal(frequencies, expected.expected_freq)


def test_large_counts_leave_scipy_stats_unimported() -> None:
    code = (
        "import sys\n"
        "import pandas as pd\n"
        "from interviewkit.analysis.stats import compare_groups\n"
        "coded = pd.DataFrame({'Bonn': [300, 120], 'Wuhan': [200, 260]}, index=['a', 'b'])\n"
        "totals = pd.Series({'Bonn': 1000, 'Wuhan': 900})\n"
        "result = compare_groups(coded, totals)\n"
        "assert set(result.tests['method']) == {'chi-square'}, result.tests\n"
        "print('scipy.stats' in sys.modules)\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True)
    assert found.stdout.strip() == "False"
