"""Date arithmetic of the counting rules (DOMAIN §3), free of the ORM so it is easy to test.

Two conventions coexist, as the contracts and the registers write them:
- presence (stays, memberships): ``end`` is the first day no longer present (half-open ``[start, end)``);
- coverage (leases, subleases, blocked periods, resources, reinforced support): ``end`` is the last day
  covered (closed ``[start, end]``).
"""

from calendar import monthrange
from datetime import date as calendar_date
from datetime import timedelta

from dateutil.relativedelta import relativedelta

DAYS_PER_MONTH = 30.4375  # 365.25 / 12: the average used for "average length of stay in months"

AGE_BRACKETS = (
    ("0-17", 0, 17),
    ("18-24", 18, 24),
    ("25-39", 25, 39),
    ("40-59", 40, 59),
    ("60+", 60, None),
)
AGE_UNKNOWN = "unknown"


def is_present(start, end, date):
    """Presence convention: present on ``date`` when start <= date < end (end may be empty)."""
    return bool(start) and start <= date and (not end or end > date)


def covers(start, end, date):
    """Coverage convention: ``date`` lies within [start, end] (end may be empty)."""
    return bool(start) and start <= date and (not end or end >= date)


def overlap(start1, end1, start2, end2, closed=True):
    """Whether two periods share a day; an empty end is open. ``closed``: ends are last days (coverage
    convention); otherwise ends are first days after (presence convention)."""
    if closed:
        return (not end2 or start1 <= end2) and (not end1 or start2 <= end1)
    return (not end2 or start1 < end2) and (not end1 or start2 < end1)


def _months_between(start, end):
    """Completed months from ``start`` to ``end`` exactly as ``relativedelta(end, start)`` counts them (a
    month after the 31st is the last day of a shorter month), without building one: the counting rules take
    ages and durations of tens of thousands of persons."""
    if end < start:
        delta = relativedelta(end, start)
        return delta.years * 12 + delta.months
    months = (end.year - start.year) * 12 + end.month - start.month
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    if end < calendar_date(year, month, min(start.day, monthrange(year, month)[1])):
        months -= 1
    return months


def age_at(birthdate, date):
    """Completed years on ``date``; None when the birth date is unknown."""
    if not birthdate:
        return None
    months = _months_between(birthdate, date)
    return months // 12 if months >= 0 else -(-months // 12)


def age_bracket(age):
    if age is None:
        return AGE_UNKNOWN
    for code, low, high in AGE_BRACKETS:
        if age >= low and (high is None or age <= high):
            return code
    return AGE_UNKNOWN


def completed_months(start, end):
    """Completed calendar months from ``start`` to ``end``, as dateutil counts them: a month after
    31 January is the last day of February (31 Jan → 28 Feb 2024 is 0 months, → 29 Feb is 1)."""
    return _months_between(start, end)


def average_months(days_list):
    """Average of durations given in days, in months with one decimal; None for no duration."""
    if not days_list:
        return None
    return round(sum(days_list) / len(days_list) / DAYS_PER_MONTH, 1)


def covered_days(start, end, date_from, date_to):
    """Days of the closed interval [start, end] (end may be empty) inside [date_from, date_to]."""
    low = max(start, date_from)
    high = min(end, date_to) if end else date_to
    return max((high - low).days + 1, 0)


def merge_closed(intervals):
    """Union of closed date intervals [(start, end)] as a sorted list of disjoint ones."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def month_start_in(vals, field):
    """Set ``vals[field]`` (a date, or its text) to the first day of its month, in place: for fields that
    hold a month (a CAF statement's, a line's month covered)."""
    if vals.get(field):
        value = vals[field]
        vals[field] = (calendar_date.fromisoformat(value[:10]) if isinstance(value, str) else value).replace(day=1)
    return vals
