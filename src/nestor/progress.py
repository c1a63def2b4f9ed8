"""Progress of an ingest on a text stream: documents read and coded, events, documents per second and,
when the total is known, ``done/total (percent), ETA``.

On a terminal the line is rewritten in place (``\\r``, several times a second) and :meth:`clear` wipes
it before anything else is written, so that it never runs into the next message. Elsewhere (a pipe, a
log file, a Jupyter cell) it writes a whole line every few seconds: each ends with a newline, so nothing
glues onto it either.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .ingest_run import IngestReport


def clock(seconds: float) -> str:
    """``1:05`` or ``2:03:09``."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def progress_text(report: IngestReport) -> str:
    text = (
        f"nestor: {report.read} read, {report.coded} coded, {report.events} events, {report.rate:.1f} docs/s"
    )
    if report.total and report.percent is not None:
        eta = report.eta
        left = f", ETA {clock(eta)}" if eta is not None else ""
        text += f"; {report.done}/{report.total} ({report.percent:.0f}%){left}"
    return text


class ProgressLine:
    """Called with the running report; writes it on ``stream`` when ``enabled``."""

    def __init__(self, enabled: bool, stream: TextIO, tty: bool) -> None:
        self.enabled = enabled
        self.stream = stream
        self.tty = tty
        self.interval = 0.2 if tty else 5.0
        self.last = 0.0
        self.shown = False

    def __call__(self, report: IngestReport) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < self.interval:
            return
        self.last = now
        text = progress_text(report)
        if self.tty:
            self.stream.write("\r" + text + "\x1b[K")
            self.shown = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def clear(self) -> None:
        """Wipes the line in place (terminal), so that the next message starts on a clean line."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def for_stream(stream: TextIO, enabled: bool | None = None) -> ProgressLine:
    """Progress on ``stream``: enabled by default only on a terminal."""
    isatty = getattr(stream, "isatty", None)
    tty = bool(isatty()) if isatty is not None else False
    return ProgressLine(tty if enabled is None else enabled, stream, tty)
