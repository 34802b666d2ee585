"""Analysis: theme tables, comparisons and their statistics, agreement between coders."""
