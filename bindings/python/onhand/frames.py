# SPDX-License-Identifier: Apache-2.0
"""pandas views of onhand results (used when pandas is installed)."""
