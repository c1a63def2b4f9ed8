"""Events as an Arrow table and as Parquet: one row per event, the columns of
:data:`nestor.export_schema.EVENT_COLUMNS` with their Arrow types (lists stay lists)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from .export_schema import EVENT_COLUMNS
from .results import require_pyarrow

if TYPE_CHECKING:
    import pyarrow

BATCH_ROWS = 10_000  # rows per Parquet row group written while streaming


def event_schema() -> pyarrow.Schema:
    pa = require_pyarrow()
    types = {
        "string": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
    }
    return pa.schema([pa.field(c.name, types[c.type]) for c in EVENT_COLUMNS])


def _columns(records: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {c.name: [c.get(r) for r in records] for c in EVENT_COLUMNS}


def _float(value: Any) -> Any:
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _batch(records: list[dict[str, Any]], schema: pyarrow.Schema) -> pyarrow.RecordBatch:
    pa = require_pyarrow()
    columns = _columns(records)
    for c in EVENT_COLUMNS:
        if c.type == "float":  # a whole number stored as 1 is still a float column
            columns[c.name] = [_float(v) for v in columns[c.name]]
    return pa.RecordBatch.from_pydict(columns, schema=schema)


def events_table(records: Iterable[dict[str, Any]]) -> pyarrow.Table:
    """The event records as one Arrow table (:func:`event_schema`)."""
    pa = require_pyarrow()
    schema = event_schema()
    return pa.Table.from_batches([_batch(list(records), schema)], schema=schema)


def write_parquet(records: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    """Writes the event records to ``out`` as Parquet, a row group per :data:`BATCH_ROWS`; returns how
    many. An empty selection still writes a file with the columns."""
    require_pyarrow()
    import pyarrow.parquet as pq

    schema = event_schema()
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for record in records:
            chunk.append(record)
            if len(chunk) >= BATCH_ROWS:
                writer.write_batch(_batch(chunk, schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_batch(_batch(chunk, schema))
            n += len(chunk)
    return n
