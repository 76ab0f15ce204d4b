"""Time as the generator handles it: integer microseconds since the epoch, in UTC.

Local times of day are placed with a table of each market's UTC offset, day by day, so that a
sitting at 21:00 in Seoul and one at 21:00 in New York land on the right instants, daylight
saving time included.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "DAY_US",
    "HOUR_US",
    "SECOND_US",
    "OffsetTable",
    "micros",
    "to_micros",
]

SECOND_US = 1_000_000
HOUR_US = 3600 * SECOND_US
DAY_US = 24 * HOUR_US
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(instant: datetime) -> int:
    """Microseconds since the epoch of an aware instant."""
    return (instant - _EPOCH) // timedelta(microseconds=1)


def to_micros(value: date | datetime, tz: str) -> int:
    """Microseconds since the epoch of an instant, or of the first instant of a date in ``tz``."""
    if isinstance(value, datetime):
        return micros(value)
    return micros(datetime.combine(value, time(0), tzinfo=ZoneInfo(tz)))


class OffsetTable:
    """The UTC offset of each market on each day of a span, for vectorized local times.

    Args:
        zones: The IANA zone of each market, in market order.
        first: The first instant of the span.
        last: The last instant of the span.
    """

    def __init__(self, zones: list[str], first: datetime, last: datetime) -> None:
        import numpy as np

        self.first_day = micros(first) // DAY_US - 1
        days = micros(last) // DAY_US - self.first_day + 2
        table = np.zeros((len(zones), days), dtype=np.int64)
        for row, zone in enumerate(zones):
            info = ZoneInfo(zone)
            for day in range(days):
                moment = _EPOCH + timedelta(days=self.first_day + day, hours=12)
                offset = moment.astimezone(info).utcoffset()
                table[row, day] = 0 if offset is None else offset // timedelta(microseconds=1)
        self.table = table

    def offset(
        self, market: npt.NDArray[np.int64], at: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.int64]:
        """The UTC offset (microseconds) in each market at each instant (to the day).

        Args:
            market: Market index per row.
            at: Instant per row, microseconds since the epoch.

        Returns:
            The offset per row; local time = ``at + offset``.
        """
        import numpy as np

        day = np.clip(at // DAY_US - self.first_day, 0, self.table.shape[1] - 1)
        offsets: npt.NDArray[np.int64] = self.table[market, day]
        return offsets
