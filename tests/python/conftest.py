# SPDX-License-Identifier: Apache-2.0
import decimal

import pytest


@pytest.fixture
def D():
    return decimal.Decimal
