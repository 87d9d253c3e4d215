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

error_codes: dict[str, int]

def quantity(value: Decimal | int | str) -> Decimal: ...
def extend(amount: Decimal | int | str, unit_price: Decimal | int | str, rounding: str = ...) -> Decimal: ...

# ---------------------------------------------------------------------------
# onhand._core.planning: forecasting, forecast error metrics, classification.
# (The submodule is stubbed as a namespace class; other planning stubs join it.)
import numpy as _np
import numpy.typing as _npt

_Floats = _npt.ArrayLike
_PerSeries = float | _npt.NDArray[_np.float64]

class Forecast:
    fitted: _npt.NDArray[_np.float64] | None
    forecast: _npt.NDArray[_np.float64]
    alpha: _PerSeries | None
    beta: _PerSeries | None
    gamma: _PerSeries | None
    sse: _PerSeries | None

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
