# SPDX-License-Identifier: Apache-2.0
"""GS1 barcode and EPC RFID parsing for receiving and picking."""
from ._core import scan as _native

for _name in dir(_native):
    if not _name.startswith("_"):
        globals()[_name] = getattr(_native, _name)
del _name
