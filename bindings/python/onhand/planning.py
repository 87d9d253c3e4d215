# SPDX-License-Identifier: Apache-2.0
"""Forecasting, safety stock and replenishment math over numpy columns."""
from ._core import planning as _planning  # noqa: F401
