# SPDX-License-Identifier: Apache-2.0
"""Forecasting, safety stock and replenishment math over numpy columns.

Every function takes numpy arrays (or scalars, which broadcast) and returns
numpy arrays: one call per column of SKU-locations, never one per SKU.
"""
from ._core import planning as _native

for _name in dir(_native):
    if not _name.startswith("_"):
        globals()[_name] = getattr(_native, _name)
del _name
