"""The date range an analytics report covers: whole UTC days, `start` included, `end` not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func
from sqlalchemy.orm import QueryableAttribute, Session

from assistant.errors import InvalidInputError

MAX_DAYS = 366
ORDER_WINDOW = timedelta(hours=24)
# Orders that brought money in; pending, cancelled and refunded orders are not revenue.


@dataclass(frozen=True)
class Period:
    """One store's report window."""

    store_id: str
    first_day: date
    last_day: date

    @classmethod
    def of(cls, store_id: str, first_day: date, last_day: date) -> Period:
        """A period of whole days; refuses a reversed or overlong range (422)."""
        if last_day < first_day:
            raise InvalidInputError(
                "'from' must not be after 'to'",
                details={"from": first_day.isoformat(), "to": last_day.isoformat()},
            )
        if (last_day - first_day).days + 1 > MAX_DAYS:
            raise InvalidInputError(f"a report covers at most {MAX_DAYS} days")
        return cls(store_id, first_day, last_day)

    @property
    def start(self) -> datetime:
        """The first instant of the period."""
        return datetime.combine(self.first_day, time.min, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.last_day + timedelta(days=1), time.min, tzinfo=UTC)

    def days(self) -> list[date]:
        """Every day of the period, in order."""
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=n) for n in range(count)]


def utc_day(session: Session, column: QueryableAttribute[datetime]) -> ColumnElement[str]:
    """The UTC calendar day of a timestamp column as 'YYYY-MM-DD', on SQLite and PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.strftime("%Y-%m-%d", column)


def ratio(part: int, whole: int) -> float | None:
    """part / whole rounded to four places, or None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None
