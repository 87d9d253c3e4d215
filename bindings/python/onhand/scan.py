# SPDX-License-Identifier: Apache-2.0
"""GS1 barcode and EPC RFID parsing."""
from ._core import scan as _scan  # noqa: F401
