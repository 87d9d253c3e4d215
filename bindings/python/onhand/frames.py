# SPDX-License-Identifier: Apache-2.0
"""pandas views of onhand rows.

Quantity columns are float64 by default, so that ``describe()``, arithmetic
and plotting work as on any numeric column; ``exact=True`` keeps them as
``decimal.Decimal`` (object columns), exact as in the ledger. Scalar calls
(``balance()``) always return Decimals. A quantity has at most 6 decimals and
fewer than 16 significant digits in practice, so its float64 prints the same
digits back, but sums of floats may carry binary rounding: reconcile with
``exact=True`` or ``balance()``.

Without pandas installed, the same rows come back as a list of dicts.
"""

POSITION_COLUMNS = ["item", "location", "kind", "on_hand", "quarantined", "available"]
POSITION_QUANTITIES = ["on_hand", "quarantined", "available"]
TOTALS_COLUMNS = ["item", "on_hand", "in_transit", "owned"]
TOTALS_QUANTITIES = ["on_hand", "in_transit", "owned"]
HISTORY_COLUMNS = [
    "effective", "recorded", "document", "key", "reason", "item", "location", "lot",
    "quantity", "balance", "reverses",
]
HISTORY_QUANTITIES = ["quantity", "balance"]
LOT_COLUMNS = ["item", "location", "lot", "quantity", "expiry", "status", "days_to_expiry"]
LOT_QUANTITIES = ["quantity"]


def frame(rows, columns, quantities=(), exact=False, counts=()):
    """A DataFrame of ``rows`` (tuples), or a list of dicts without pandas.

    ``quantities`` names the Decimal columns, made float64 unless ``exact``;
    ``counts`` names int columns that may hold None (nullable Int64).
    """
    if not isinstance(exact, bool) and type(exact).__name__ != "bool_":
        from ._arguments import malformed
        raise malformed(f"exact must be a bool, not {type(exact).__name__}", "exact")
    rows = list(rows)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - exercised only where pandas is absent
        records = [dict(zip(columns, row)) for row in rows]
        if not exact:
            for record in records:
                for column in quantities:
                    record[column] = float(record[column])
        return records
    table = pd.DataFrame.from_records(rows, columns=columns)
    if not exact:
        for column in quantities:
            table[column] = table[column].astype("float64")
    for column in counts:
        table[column] = table[column].astype("Int64")
    return table
