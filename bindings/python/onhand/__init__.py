# SPDX-License-Identifier: Apache-2.0
"""onhand: an exact, embeddable inventory engine.

Stock ledger, available-to-promise, lots and FEFO, and replenishment math.
Quantities go in and come out as ``decimal.Decimal`` (ints accepted; floats
are refused because they are not exact). Every failure raises a subclass of
``onhand.Error`` carrying ``code`` and the context of the failure.
"""
from . import _core
from ._core import Error, error_codes, extend, quantity  # noqa: F401

# One exception class per error code, e.g. onhand.InsufficientStockError.
for _name in dir(_core):
    if _name.endswith("Error") and _name != "Error":
        globals()[_name] = getattr(_core, _name)
del _name

from . import planning, scan  # noqa: E402,F401

__version__ = "0.1.0"
