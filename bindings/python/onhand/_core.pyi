# Type stubs for onhand._core (the native module).
from decimal import Decimal

class Error(Exception):
    code: str
    kind: str
    item: str | None
    location: str | None
    lot: str | None
    document: str | None
    field: str | None
    requested: Decimal | None
    available: Decimal | None
    position: int | None
    line: int | None
    lines: list[dict[str, object]]

error_codes: dict[str, int]

def quantity(value: Decimal | int | str) -> Decimal: ...
def extend(amount: Decimal | int | str, unit_price: Decimal | int | str, rounding: str = ...) -> Decimal: ...

# One subclass of Error per error code (InsufficientStockError, ...), created
# at import from the code table; see onhand.error_codes.

import datetime as _dt
from collections.abc import Callable, Mapping
import os
from typing import Literal

_Quantity = Decimal | int | str
_Factor = Decimal | int | str  # exact: "0.45359237" or "45359237/100000000"
_Posting = dict[str, object]

SUPPLIER: str
CUSTOMER: str
INVENTORY_LOSS: str
SCRAP: str

class Inventory:
    def __init__(self, *, path: str | os.PathLike[str] | None = ...,
                 synchronous: Literal["full", "normal"] = ...,
                 backdate_limit: _dt.timedelta | None = ...,
                 future_limit: _dt.timedelta | None = ...,
                 clock: Callable[[], _dt.datetime] | None = ...) -> None: ...
    def define_item(self, code: str, *, unit: str = ..., decimals: int = ...,
                    alternates: dict[str, _Factor | tuple[_Factor, str]] = ...,
                    lot_tracked: bool = ...,
                    serial_tracked: bool = ..., shelf_life_days: int | None = ...,
                    description: str = ..., gtins: dict[str, str] = ...,
                    attributes: dict[str, str] = ...) -> None: ...
    def define_location(self, code: str, *, kind: str = ..., parent: str | None = ...,
                        allow_negative: bool = ..., description: str = ...) -> None: ...
    def define_lot(self, item: str, lot: str, *, expiry: _dt.date | str | None = ...,
                   best_before_days: int | None = ..., removal_days: int | None = ...,
                   alert_days: int | None = ...) -> None: ...
    def set_lot_status(self, item: str, lot: str, status: str) -> None: ...
    def items(self) -> list[str]: ...
    def locations(self) -> list[str]: ...
    def post(self, lines: list[dict[str, object]], *, key: str, reason: str = ...,
             effective: _dt.datetime | str | None = ..., reference: str = ...,
             external_line: str = ..., note: str = ...) -> _Posting: ...
    def receive(self, item: str, quantity: _Quantity, *, to: str, key: str, source: str = ...,
                lot: str | None = ..., expiry: _dt.date | str | None = ...,
                unit: str | None = ..., effective: _dt.datetime | str | None = ...,
                reference: str = ..., external_line: str = ..., note: str = ...) -> _Posting: ...
    def ship(self, item: str, quantity: _Quantity, *, source: str, key: str, to: str = ...,
             lot: str | None = ..., unit: str | None = ...,
             effective: _dt.datetime | str | None = ..., reference: str = ...,
             external_line: str = ..., note: str = ...) -> _Posting: ...
    def transfer(self, item: str, quantity: _Quantity, *, source: str, to: str, key: str,
                 lot: str | None = ..., unit: str | None = ...,
                 effective: _dt.datetime | str | None = ..., reference: str = ...,
                 external_line: str = ..., note: str = ...) -> _Posting: ...
    def adjust(self, item: str, quantity: _Quantity, *, location: str, key: str,
               lot: str | None = ..., unit: str | None = ..., reason: str = ...,
               effective: _dt.datetime | str | None = ..., reference: str = ...,
               external_line: str = ..., note: str = ...) -> _Posting: ...
    def scrap(self, item: str, quantity: _Quantity, *, source: str, key: str,
              lot: str | None = ..., unit: str | None = ...,
              effective: _dt.datetime | str | None = ..., reference: str = ...,
              external_line: str = ..., note: str = ...) -> _Posting: ...
    def reverse(self, key: str, *, new_key: str, effective: _dt.datetime | str | None = ...,
                note: str = ...) -> _Posting: ...
    def balance(self, item: str, location: str | None = ..., *, lot: str | None = ...,
                as_of: _dt.datetime | str | None = ..., within: bool = ...) -> Decimal: ...
    def totals(self, item: str, *, lot: str | None = ...,
               as_of: _dt.datetime | str | None = ...) -> dict[str, Decimal]: ...
    def _totals(self, item: str | None = ...,
                as_of: _dt.datetime | str | None = ...) -> list[tuple[str, Decimal, Decimal, Decimal]]: ...
    def _location_kinds(self) -> dict[str, str]: ...
    def _positions(self, item: str | None = ..., day: _dt.date | str | None = ...) -> list[tuple]: ...
    def _history(self, item: str | None = ..., location: str | None = ...) -> list[tuple]: ...
    def _lots(self, item: str | None = ..., location: str | None = ...,
              day: _dt.date | str | None = ...) -> list[tuple]: ...
    def _recall_trace(self, item: str, lot: str) -> tuple[list[tuple], ...]: ...
    def _expiry_risk(self, within_days: int = ..., on: _dt.date | str | None = ...,
                     location: str | None = ...,
                     unit_costs: Mapping[str, Decimal | int | str] | None = ...) -> list[tuple]: ...
    # Reservations and available-to-promise (onhand/_allocation.py wraps the rows).
    def _reserve(self, key: str, item: str, location: str, quantity: _Quantity, *,
                 channel: str | None = ..., customer: str | None = ...,
                 expires: _dt.datetime | str | None = ...,
                 unit: str | None = ...) -> tuple: ...
    def commit_reservation(self, reservation: str, quantity: _Quantity | None = ..., *,
                           key: str, source: str | None = ..., to: str = ...,
                           lot: str | None = ..., unit: str | None = ...,
                           lines: list[dict[str, object]] | None = ..., reason: str = ...,
                           effective: _dt.datetime | str | None = ..., reference: str = ...,
                           external_line: str = ..., note: str = ...) -> _Posting: ...
    def release_reservation(self, reservation: str, quantity: _Quantity | None = ..., *,
                            key: str) -> None: ...
    def advance_reservation_clock(self, at: _dt.datetime | str) -> int: ...
    def set_channel_quota(self, item: str, location: str, channel: str,
                          quantity: _Quantity | None = ..., *,
                          share: _Quantity | float | None = ...) -> None: ...
    def _reservation(self, key: str) -> tuple: ...
    def _reservations(self, item: str | None = ..., status: str | None = ...) -> list[tuple]: ...
    def _available_to_promise(self, item: str, location: str,
                              channel: str | None = ...) -> tuple: ...
    def _atp(self, items: list[str] | None = ..., locations: list[str] | None = ...,
             channel: str | None = ...) -> list[tuple]: ...
    # Valuation (onhand/_valuation.py wraps the report's rows).
    def set_costing_method(self, item: str, method: str, *,
                           standard_cost: Decimal | int | str | None = ...) -> None: ...
    def receive_costed(self, item: str, quantity: _Quantity, unit_cost: Decimal | int | str, *,
                       to: str, key: str, source: str = ..., lot: str | None = ...,
                       unit: str | None = ...,
                       effective: _dt.datetime | str | None = ...) -> _Posting: ...
    def value_of(self, item: str, location: str, *,
                 at: _dt.datetime | str | None = ...) -> tuple[Decimal, Decimal]: ...
    def cost_of_goods_sold(self, start: _dt.datetime | str, end: _dt.datetime | str, *,
                           item: str | None = ..., location: str | None = ...) -> Decimal: ...
    def purchase_price_variance(self, start: _dt.datetime | str, end: _dt.datetime | str, *,
                                item: str | None = ...,
                                location: str | None = ...) -> Decimal: ...
    def _valuation_report(self, at: _dt.datetime | str) -> list[tuple]: ...
    def verify(self) -> None: ...
    def sync(self) -> None: ...
    def _find_gtin(self, gtin14: str) -> tuple[str, str, Decimal] | None: ...
    def _lot_expiry(self, item: str, lot: str) -> _dt.date | None: ...
    @property
    def log_position(self) -> int: ...

# --- onhand._core.planning: distributions, safety stock, lot sizing, orders ---
# Every float/array argument takes a scalar or a 1-d numpy array; scalars
# broadcast. With only scalars in, results are floats (dicts of floats).
# Matrices over many SKU-locations are (series, periods), one row per series,
# for forecasts and safety stock alike (docs/planning.md).
import numpy as np
import numpy.typing as npt

_Column = float | npt.ArrayLike
_Out = float | npt.NDArray[np.float64]
_Exact = Decimal | int | str

# ---------------------------------------------------------------------------
# onhand._core.planning: forecasting, forecast error metrics, classification.
# (The submodule is stubbed as a namespace class; other planning stubs join it.)
import numpy as _np
import numpy.typing as _npt
import pandas as _pd

_Floats = _npt.ArrayLike
_PerSeries = float | _npt.NDArray[_np.float64]

class Forecast:
    fitted: _npt.NDArray[_np.float64] | None
    forecast: _npt.NDArray[_np.float64]
    alpha: _PerSeries | None
    beta: _PerSeries | None
    gamma: _PerSeries | None
    sse: _PerSeries | None
    level: _PerSeries | None
    trend: _PerSeries | None
    seasonal: _npt.NDArray[_np.float64] | None
    size: _PerSeries | None
    interval: _PerSeries | None
    probability: _PerSeries | None
    def to_frame(self, what: str = ...) -> _pd.DataFrame: ...

class planning:
    Forecast = Forecast
    @staticmethod
    def moving_average(series: _Floats, window: int, horizon: int = ...) -> Forecast: ...
    @staticmethod
    def simple_exponential_smoothing(series: _Floats, *, alpha: _Floats | None = ...,
                                     horizon: int = ...,
                                     initial_level: _Floats | None = ...) -> Forecast: ...
    @staticmethod
    def holt(series: _Floats, *, alpha: _Floats | None = ..., beta: _Floats | None = ...,
             horizon: int = ..., initial_level: _Floats | None = ...,
             initial_trend: _Floats | None = ...) -> Forecast: ...
    @staticmethod
    def holt_winters(series: _Floats, season_length: int, *, kind: str = ...,
                     alpha: _Floats | None = ..., beta: _Floats | None = ...,
                     gamma: _Floats | None = ..., horizon: int = ...,
                     initial_level: _Floats | None = ..., initial_trend: _Floats | None = ...,
                     initial_seasonal: _Floats | None = ...) -> Forecast: ...
    @staticmethod
    def croston(series: _Floats, *, alpha: _Floats = ..., horizon: int = ..., kind: str = ...,
                fitted: bool = ...) -> Forecast: ...
    @staticmethod
    def tsb(series: _Floats, *, alpha: _Floats, alpha_probability: _Floats, horizon: int = ...,
            fitted: bool = ...) -> Forecast: ...
    @staticmethod
    def mean_absolute_error(actual: _Floats, forecast: _Floats) -> _PerSeries: ...
    @staticmethod
    def root_mean_squared_error(actual: _Floats, forecast: _Floats) -> _PerSeries: ...
    @staticmethod
    def mean_absolute_percentage_error(actual: _Floats, forecast: _Floats) -> _PerSeries: ...
    @staticmethod
    def forecast_bias(actual: _Floats, forecast: _Floats) -> _PerSeries: ...
    @staticmethod
    def error_standard_deviation(actual: _Floats, forecast: _Floats) -> _PerSeries: ...
    @staticmethod
    def mean_absolute_scaled_error(actual: _Floats, forecast: _Floats, training: _Floats,
                                   season_length: int = ...) -> _PerSeries: ...
    @staticmethod
    def abc_classify(annual_value: _Floats, a_cutoff: float = ...,
                     b_cutoff: float = ...) -> _npt.NDArray[_np.str_]: ...
    @staticmethod
    def coefficient_of_variation(demand: _Floats) -> _PerSeries: ...
    @staticmethod
    def xyz_classify(demand: _Floats, x_cutoff: float = ...,
                     y_cutoff: float = ...) -> _npt.NDArray[_np.str_] | str: ...
    @staticmethod
    def days_of_supply(on_hand: _Floats, daily_demand: _Floats) -> _PerSeries: ...
    @staticmethod
    def inventory_turns(cost_of_goods_sold: _Floats, average_inventory: _Floats) -> _PerSeries: ...
    @staticmethod
    def normal_pdf(x: _Column, mean: _Column | None = ..., std: _Column | None = ...) -> _Out: ...
    @staticmethod
    def normal_cdf(x: _Column, mean: _Column | None = ..., std: _Column | None = ...) -> _Out: ...
    @staticmethod
    def normal_upper_tail(x: _Column, mean: _Column | None = ..., std: _Column | None = ...) -> _Out: ...
    @staticmethod
    def normal_quantile(x: _Column, mean: _Column | None = ..., std: _Column | None = ...) -> _Out: ...
    @staticmethod
    def normal_loss(x: _Column, mean: _Column | None = ..., std: _Column | None = ...) -> _Out: ...
    @staticmethod
    def normal_loss_complement(x: _Column, mean: _Column | None = ..., std: _Column | None = ...) -> _Out: ...
    @staticmethod
    def normal_second_order_loss(x: _Column, mean: _Column | None = ..., std: _Column | None = ...) -> _Out: ...
    @staticmethod
    def normal_second_order_loss_complement(x: _Column, mean: _Column | None = ..., std: _Column | None = ...) -> _Out: ...
    @staticmethod
    def normal_loss_inverse(x: _Column) -> _Out: ...
    @staticmethod
    def poisson_loss(x: _Column, mean: _Column) -> _Out: ...
    @staticmethod
    def poisson_loss_complement(x: _Column, mean: _Column) -> _Out: ...
    @staticmethod
    def poisson_second_order_loss(x: _Column, mean: _Column) -> _Out: ...
    @staticmethod
    def poisson_second_order_loss_complement(x: _Column, mean: _Column) -> _Out: ...
    @staticmethod
    def reorder_point(demand_mean: _Column, demand_std: _Column, lead_time: _Column, service_level: _Column, lead_time_std: _Column = ...) -> dict[str, _Out]: ...
    @staticmethod
    def safety_stock(demand_mean: _Column, demand_std: _Column, lead_time: _Column, service_level: _Column, lead_time_std: _Column = ...) -> _Out: ...
    @staticmethod
    def reorder_point_fill_rate(demand_mean: _Column, demand_std: _Column, lead_time: _Column, order_quantity: _Column, fill_rate: _Column, lead_time_std: _Column = ..., exact: bool = ...) -> dict[str, _Out]: ...
    @staticmethod
    def service_measures(demand_mean: _Column, demand_std: _Column, lead_time: _Column, reorder_point: _Column, order_quantity: _Column, lead_time_std: _Column = ...) -> dict[str, _Out]: ...
    @staticmethod
    def order_up_to(demand_mean: _Column, demand_std: _Column, review_period: _Column, lead_time: _Column, service_level: _Column, lead_time_std: _Column = ...) -> dict[str, _Out]: ...
    @staticmethod
    def order_up_to_fill_rate(demand_mean: _Column, demand_std: _Column, review_period: _Column, lead_time: _Column, fill_rate: _Column, lead_time_std: _Column = ...) -> dict[str, _Out]: ...
    @staticmethod
    def safety_stock_from_errors(errors: npt.ArrayLike, lead_time: _Column, service_level: _Column, method: str = ...) -> dict[str, _Out]:
        """errors: a 1-d series or a (series, periods) array, like a forecast's fitted values."""
    @staticmethod
    def eoq(demand_rate: _Column, order_cost: _Column, holding_cost: _Column) -> dict[str, _Out]: ...
    @staticmethod
    def eoq_cost(demand_rate: _Column, order_cost: _Column, holding_cost: _Column, order_quantity: _Column) -> _Out: ...
    @staticmethod
    def eoq_with_backorders_cost(demand_rate: _Column, order_cost: _Column, holding_cost: _Column, backorder_cost: _Column, order_quantity: _Column, max_backorders: _Column) -> _Out: ...
    @staticmethod
    def epq_cost(demand_rate: _Column, setup_cost: _Column, holding_cost: _Column, production_rate: _Column, order_quantity: _Column) -> _Out: ...
    @staticmethod
    def newsvendor_cost(demand_mean: _Column, demand_std: _Column, underage_cost: _Column, overage_cost: _Column, order_up_to: _Column, lead_time: _Column = ..., distribution: str = ...) -> dict[str, _Out]: ...
    @staticmethod
    def newsvendor_discrete_cost(values: list[float], probabilities: npt.ArrayLike, underage_cost: _Column, overage_cost: _Column, order_up_to: _Column) -> dict[str, _Out]: ...
    @staticmethod
    def newsvendor_profit_at(demand_mean: _Column, demand_std: _Column, price: _Column, purchase_cost: _Column, order_up_to: _Column, salvage_value: _Column = ..., shortage_penalty: _Column = ..., distribution: str = ...) -> dict[str, _Out]: ...
    @staticmethod
    def eoq_with_backorders(demand_rate: _Column, order_cost: _Column, holding_cost: _Column, backorder_cost: _Column) -> dict[str, _Out]: ...
    @staticmethod
    def epq(demand_rate: _Column, setup_cost: _Column, holding_cost: _Column, production_rate: _Column) -> dict[str, _Out]: ...
    @staticmethod
    def all_units_discount(demand_rate: _Column, order_cost: _Column, holding_rate: _Column, breaks: list[float], prices: list[float], holding_cost: _Column = ...) -> dict[str, _Out]: ...
    @staticmethod
    def incremental_discount(demand_rate: _Column, order_cost: _Column, holding_rate: _Column, breaks: list[float], prices: list[float], holding_cost: _Column = ...) -> dict[str, _Out]: ...
    @staticmethod
    def round_order(suggested: _Column, pack_size: _Exact | list[_Exact] = ..., minimum_order: _Exact | list[_Exact] = ...) -> Decimal | npt.NDArray[np.object_]: ...
    @staticmethod
    def min_max_order(position: _Column, min: _Column, max: _Column, pack_size: _Exact | list[_Exact] = ..., minimum_order: _Exact | list[_Exact] = ...) -> Decimal | npt.NDArray[np.object_]: ...
    @staticmethod
    def newsvendor(demand_mean: _Column, demand_std: _Column, underage_cost: _Column, overage_cost: _Column, lead_time: _Column = ..., distribution: str = ...) -> dict[str, _Out]: ...
    @staticmethod
    def newsvendor_discrete(values: list[float], probabilities: npt.ArrayLike, underage_cost: _Column, overage_cost: _Column) -> dict[str, _Out]: ...
    @staticmethod
    def newsvendor_profit(demand_mean: _Column, demand_std: _Column, price: _Column, purchase_cost: _Column, salvage_value: _Column = ..., shortage_penalty: _Column = ..., distribution: str = ...) -> dict[str, _Out]: ...
    @staticmethod
    def rq_cost(demand_rate: _Column, demand_std: _Column, lead_time: _Column, order_cost: _Column, holding_cost: _Column, backorder_cost: _Column, reorder_point: _Column, order_quantity: _Column, distribution: str = ...) -> _Out: ...
    @staticmethod
    def rq_reorder_point(demand_rate: _Column, demand_std: _Column, lead_time: _Column, order_cost: _Column, holding_cost: _Column, backorder_cost: _Column, order_quantity: _Column) -> _Out: ...
    @staticmethod
    def rq_optimal(demand_rate: _Column, demand_std: _Column, lead_time: _Column, order_cost: _Column, holding_cost: _Column, backorder_cost: _Column, method: str = ..., distribution: str = ...) -> dict[str, _Out]: ...
    @staticmethod
    def ss_cost(demand_mean: _Column, order_cost: _Column, holding_cost: _Column, backorder_cost: _Column, reorder_level: _Column, order_up_to: _Column) -> _Out: ...
    @staticmethod
    def ss_optimal(demand_mean: _Column, order_cost: _Column, holding_cost: _Column, backorder_cost: _Column) -> dict[str, _Out]: ...
    @staticmethod
    def ss_power_approximation(demand_mean: _Column, demand_std: _Column, order_cost: _Column, holding_cost: _Column, backorder_cost: _Column, lead_time: _Column = ..., cap: bool = ...) -> dict[str, _Out | bool | npt.NDArray[np.bool_]]: ...

# --- onhand._core.scan (re-exported as onhand.scan) -----------------------
import datetime as _datetime
from collections.abc import Callable

class Gs1Message:
    symbology: str
    elements: list[tuple[str, str]]
    positions: list[int]
    gtin: str | None
    content_gtin: str | None
    sscc: str | None
    lot: str | None
    serial: str | None
    production_date: _datetime.date | None
    due_date: _datetime.date | None
    packaging_date: _datetime.date | None
    best_before: _datetime.date | None
    sell_by: _datetime.date | None
    expiry: _datetime.date | None
    variable_count: int | None
    count: int | None
    measures: list[dict[str, str | Decimal]]
    amounts: list[dict[str, str | Decimal | None]]
    unmet_associations: list[tuple[str, str]]
    gtin_format: int | None
    def to_dict(self) -> dict[str, object]: ...
    def bracketed(self) -> str: ...
    def element_string(self) -> str: ...

class EpcTag:
    scheme: str
    filter: int
    company_prefix: str
    reference: str
    serial: str
    gs1_key: str
    uri: str
    tag_uri: str
    partition: int | None
    def to_hex(self) -> str: ...
    def to_gs1(self) -> Gs1Message: ...

class ScanResolver:
    def __init__(
        self,
        find_gtin: Callable[[str], tuple[str, str, Decimal | int | str] | None],
        known_expiry: Callable[[str, str], _datetime.date | None] | None = ...,
    ) -> None: ...
    def resolve(
        self, text: str, reference_year: int | None = ..., strict: bool = ..., form: str = ...
    ) -> dict[str, object]: ...
    def resolve_epc(self, hex: str) -> dict[str, object]: ...

class _ScanModule:
    Gs1Message: type[Gs1Message]
    EpcTag: type[EpcTag]
    ScanResolver: type[ScanResolver]
    @staticmethod
    def gtin_check_digit(digits: str) -> int: ...
    @staticmethod
    def is_valid_gtin(gtin: str) -> bool: ...
    @staticmethod
    def validate_gtin(gtin: str) -> None: ...
    @staticmethod
    def normalize_gtin(gtin: str) -> str: ...
    @staticmethod
    def parse_gs1(
        text: str, reference_year: int | None = ..., strict: bool = ..., form: str = ...
    ) -> Gs1Message: ...
    @staticmethod
    def gtin_format(gtin: str) -> int: ...
    @staticmethod
    def decode_epc(hex: str) -> EpcTag: ...
    @staticmethod
    def epc_from_gs1(message: Gs1Message, company_prefix_length: int, filter: int = ...) -> EpcTag: ...
    @staticmethod
    def parse_epc_uri(uri: str, filter: int = ...) -> EpcTag: ...
    @staticmethod
    def encode_epc(scheme: str, filter: int, company_prefix: str, reference: str, serial: str = ...) -> str: ...
    @staticmethod
    def encode_sgtin(gtin: str, company_prefix_length: int, serial: str, filter: int = ...) -> str: ...
    @staticmethod
    def encode_sscc(sscc: str, company_prefix_length: int, filter: int = ...) -> str: ...
    @staticmethod
    def encode_sgln(gln: str, company_prefix_length: int, extension: str = ..., filter: int = ...) -> str: ...

scan: _ScanModule

# --- onhand._core.allocation: pick plans, time-phased ATP, expiry waste ---
# Columns as equal-length lists; onhand/allocation.py takes DataFrames.
class _AllocationModule:
    @staticmethod
    def _plan_picks(locations: list[str], lots: list[str | None], quantities: list[_Quantity],
                    expiries: list[_dt.date | str | None],
                    received: list[_dt.datetime | str | None], site_ranks: list[int],
                    removal_days: list[int], statuses: list[str], quantity: _Quantity,
                    on: _dt.date | str, strategy: str, fill: str, partial: bool,
                    min_days: int | None, min_share: float | None,
                    shelf_life_days: int | None,
                    lot: str | None) -> tuple[list[tuple[str, str | None, Decimal]], Decimal, Decimal]: ...
    @staticmethod
    def _time_phased_atp(on_hand: _Quantity, receipt_days: list[_dt.date | str],
                         receipt_quantities: list[_Quantity], demand_days: list[_dt.date | str],
                         demand_quantities: list[_Quantity], start: _dt.date | str,
                         days: int) -> list[tuple[_dt.date, Decimal, Decimal, Decimal]]: ...
    @staticmethod
    def _promise_date(quantity: _Quantity, on_hand: _Quantity, receipt_days: list[_dt.date | str],
                      receipt_quantities: list[_Quantity], demand_days: list[_dt.date | str],
                      demand_quantities: list[_Quantity], start: _dt.date | str,
                      days: int) -> _dt.date | None: ...
    @staticmethod
    def _project_expiry_waste(expiries: list[_dt.date | str], quantities: list[_Quantity],
                              rate_per_day: float, start: _dt.date | str
                              ) -> tuple[list[tuple[_dt.date, Decimal, Decimal, Decimal]], Decimal]: ...

allocation: _AllocationModule

# --- onhand._core.valuation: landed-cost allocation ---
class _ValuationModule:
    @staticmethod
    def allocate_landed_cost(total: Decimal | int | str, lines: list[dict[str, object]], *,
                             by: str = ...) -> list[Decimal]: ...

valuation: _ValuationModule
