# SPDX-License-Identifier: Apache-2.0
"""GS1 barcode and EPC RFID parsing for receiving and picking.

Argument errors (an unknown keyword, a missing argument, bytes or a wrong type
where text goes) raise ``MalformedInputError`` naming the argument, as
everywhere in onhand; an int out of its range (``reference_year``,
``filter``, ``company_prefix_length``), however large, raises the error of
that range, naming it too.
"""
from ._arguments import check_methods, checked
from ._core import scan as _native

for _name in dir(_native):
    if _name.startswith("_"):
        continue
    _value = getattr(_native, _name)
    globals()[_name] = _value if isinstance(_value, type) else checked(_value)
del _name, _value


@check_methods
class ScanResolver(_native.ScanResolver):
    __doc__ = _native.ScanResolver.__doc__
