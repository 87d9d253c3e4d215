# SPDX-License-Identifier: Apache-2.0
"""pandas views of a lot's recall trace and of expiry risk
(Inventory.recall_trace, Inventory.expiry_risk)."""
import numbers

from .frames import frame

MOVEMENT_COLUMNS = ["document", "key", "reason", "effective", "from", "to", "quantity",
                    "reverses", "paired_by_amount"]
HOLDING_COLUMNS = ["location", "kind", "quantity"]
CUSTOMER_COLUMNS = ["customer", "shipped", "returned", "net"]
CUSTOMER_QUANTITIES = ["shipped", "returned", "net"]
DOCUMENT_COLUMNS = ["location", "kind", "document", "key", "reason", "effective", "reference",
                    "reference_line", "quantity"]
EXPIRY_RISK_COLUMNS = ["item", "location", "lot", "expiry", "days_to_expiry", "expired",
                       "status", "quantity", "value"]


class RecallTrace:
    """The recall trace of one lot: six DataFrames.

    ``movements``: every movement of the lot in log order (document, key, reason,
    effective, from, to, quantity, reverses, paired_by_amount).
    ``locations``: where it is now, its non-zero balance at each internal and
    transit location (location, kind, quantity).
    ``customers``: forward, per customer location: shipped, returned, net.
    ``customer_documents``: forward, per document and customer (location, kind,
    document, key, reason, effective, reference, reference_line, quantity > 0
    shipped, < 0 returned); ``reference`` is the document's external reference,
    where order numbers go.
    ``other_destinations``: scrap, production and inventory loss, same columns
    (quantity > 0 went there, < 0 came from there).
    ``sources``: backward, the receipts per document and supplier, same columns
    (quantity > 0 received, < 0 returned to the supplier).
    """

    __slots__ = ("item", "lot", "movements", "locations", "customers", "customer_documents",
                 "other_destinations", "sources")

    def __init__(self, item, lot, rows, exact):
        movements, holdings, customers, customer_documents, other, sources = rows
        self.item, self.lot = item, lot
        self.movements = frame(movements, MOVEMENT_COLUMNS, ["quantity"], exact)
        self.locations = frame(holdings, HOLDING_COLUMNS, ["quantity"], exact)
        self.customers = frame(customers, CUSTOMER_COLUMNS, CUSTOMER_QUANTITIES, exact)
        self.customer_documents = frame(customer_documents, DOCUMENT_COLUMNS, ["quantity"], exact)
        self.other_destinations = frame(other, DOCUMENT_COLUMNS, ["quantity"], exact)
        self.sources = frame(sources, DOCUMENT_COLUMNS, ["quantity"], exact)

    def __repr__(self):
        return (f"<onhand.RecallTrace {self.item} lot {self.lot}: "
                f"{len(self.movements)} movements, {len(self.customers)} customers, "
                f"{len(self.sources)} receipts>")


def recall_trace(inventory, item, lot, exact):
    return RecallTrace(item, lot, inventory._recall_trace(item, lot), exact)


def expiry_risk(inventory, within_days, on, location, unit_costs, exact):
    if isinstance(within_days, bool) or not isinstance(within_days, numbers.Integral):
        from ._arguments import malformed
        raise malformed(f"within_days must be an int, not {type(within_days).__name__}",
                        "within_days")
    if not -2**31 <= within_days < 2**31:
        from ._arguments import malformed
        raise malformed("within_days is out of range (at most 2**31 - 1 days)", "within_days")
    rows = inventory._expiry_risk(int(within_days), on, location, unit_costs)
    return frame(rows, EXPIRY_RISK_COLUMNS, ["quantity", "value"], exact)
