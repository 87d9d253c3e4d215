# SPDX-License-Identifier: Apache-2.0
"""pandas views of onhand rows.

Quantities stay ``decimal.Decimal`` (object columns): exact, as in the
ledger. Without pandas installed, the same rows come back as a list of dicts.
"""

POSITION_COLUMNS = ["item", "location", "on_hand", "quarantined", "available"]
HISTORY_COLUMNS = [
    "effective", "recorded", "document", "key", "reason", "item", "location", "lot",
    "quantity", "balance", "reverses",
]


def frame(rows, columns):
    """A DataFrame of ``rows`` (tuples), or a list of dicts without pandas."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - exercised only where pandas is absent
        return [dict(zip(columns, row)) for row in rows]
    return pd.DataFrame.from_records(list(rows), columns=columns)
