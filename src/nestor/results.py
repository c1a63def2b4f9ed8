"""What the library's readers return: :class:`Results`, rows you iterate, or turn into a pandas
DataFrame or an Arrow table.

Results are lazy: the store is read when you iterate (every time you iterate), so a large listing
streams. ``list(results)``, ``len(results)`` and ``results[i]`` read it once and keep the rows.

* ``to_arrow()`` needs ``pyarrow`` (a nestor dependency). Event results become one row per event with
  the flat analyst columns and Arrow list columns where PLOVER has lists (:mod:`nestor.export_arrow`);
  other results are converted row by row, nested values as Arrow structs and lists.
* ``to_pandas()`` needs ``pandas``, an optional extra (``pip install 'nestor[pandas]'``): nestor itself
  never needs it, and it is large.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    import pandas
    import pyarrow

Row = dict[str, Any]


class Results:
    """Rows of one kind (``"events"``, ``"stories"`` ...) read from a store, each a dict."""

    def __init__(self, kind: str, rows: Callable[[], Iterable[Row]]) -> None:
        self.kind = kind
        self._read = rows
        self._rows: list[Row] | None = None

    def __iter__(self) -> Iterator[Row]:
        if self._rows is not None:
            return iter(self._rows)
        return iter(self._read())

    def to_list(self) -> list[Row]:
        """The rows, read once and kept."""
        if self._rows is None:
            self._rows = list(self._read())
        return self._rows

    def __len__(self) -> int:
        return len(self.to_list())

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        return self.to_list()[index]

    def __repr__(self) -> str:
        shown = f"{len(self._rows)} rows" if self._rows is not None else "not read yet"
        return f"<nestor Results {self.kind}: {shown}>"

    def to_arrow(self) -> pyarrow.Table:
        """An Arrow table: for events, the analyst schema (:data:`nestor.export_arrow.EVENT_SCHEMA`)."""
        if self.kind == "events":
            from .export_arrow import events_table

            return events_table(self)
        return rows_table(self.to_list())

    def to_pandas(self) -> pandas.DataFrame:
        """A pandas DataFrame of :meth:`to_arrow` (one row per event, list columns as Python lists).
        Whole-number columns are pandas' nullable ``Int64``: a missing value is ``<NA>``, and the
        numbers stay whole (never turned into floats by a gap)."""
        pd = require_pandas()
        pa = require_pyarrow()

        def types(arrow_type: pyarrow.DataType) -> Any:
            return pd.Int64Dtype() if pa.types.is_integer(arrow_type) else None

        return self.to_arrow().to_pandas(types_mapper=types)


def rows_table(rows: list[Row]) -> pyarrow.Table:
    """Rows as an Arrow table, nested values as structs and lists; a column whose values Arrow cannot
    give one type (a discrepancy's values: numbers in one row, names in another) becomes JSON text."""
    pa = require_pyarrow()
    if not rows:
        return pa.table({})
    try:
        return pa.Table.from_pylist(rows)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    keys = list(dict.fromkeys(k for row in rows for k in row))
    columns: dict[str, list[Any]] = {}
    for key in keys:
        values = [row.get(key) for row in rows]
        try:
            pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            values = [
                None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True) for v in values
            ]
        columns[key] = values
    return pa.table(columns)


def require_pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as exc:  # pragma: no cover - a nestor dependency
        raise ImportError("this needs pyarrow: pip install pyarrow") from exc
    return pyarrow


def require_pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(
            "to_pandas() needs pandas, which nestor does not install by itself: "
            "pip install 'nestor[pandas]' (or pip install pandas); to_arrow() works without it"
        ) from exc
    return pandas
