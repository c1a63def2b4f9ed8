"""The ``nestor`` command: a thin click layer over the library.

Each command resolves the settings (defaults < ``--settings`` file < ``NESTOR_*`` environment < flags),
calls one library function and writes its result. Library errors become one ``nestor: error:`` line
that says how to fix the problem; exit status 1 means some input or the store failed, 2 a usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from . import __version__
from .chronicle import Chronicle
from .errors import InputError, NestorError, SettingsError
from .export import FORMATS, Column, write_events, write_rows, write_table
from .filters import EVENT_FILTERS, EVENT_PAGING, Filter, filter_help
from .ingest_run import interruption, sigterm_as_interrupt
from .progress import ProgressLine
from .settings import SETTINGS, Settings, load_settings
from .store import Store
from .store.event_query import QueryError

if TYPE_CHECKING:
    from .chronicle import IngestResult

DOCUMENT_TABLE = (
    Column("id", "id", 28),
    Column("publication", "publication", 24),
    Column("published", "published", 20),
    Column("events", "events", 6, align=">"),
    Column("derived_from", "derived from", 22),
    Column("title", "title"),
)

STORY_TABLE = (
    Column("id", "story", 14),
    Column("first_date", "from", 10),
    Column("last_date", "to", 10),
    Column("size", "reports", 7, align=">"),
    Column("independent_sources", "indep.", 6, align=">"),
    Column("outlets", "outlets", 40),
    Column("label", "headline"),
)

CLAIM_TABLE = (
    Column("document", "document", 22),
    Column("sourced", "sourced", 7),
    Column("claimant", "claimant", 24),
    Column("cue", "cue", 18),
    Column("claim", "claim"),
)

ENTITY_TABLE = (
    Column("type", "type", 6),
    Column("name", "name", 34),
    Column("code", "code", 4),
    Column("mentions", "docs", 4, align=">"),
    Column("aliases", "aliases"),
)

ACTOR_TABLE = (
    Column("type", "type", 6),
    Column("name", "name", 26),
    Column("code", "code", 4),
    Column("sector", "sector", 6),
    Column("office", "office", 26),
    Column("documents", "docs", 4, align=">"),
    Column("first_seen", "first seen", 10),
    Column("last_seen", "last seen", 10),
    Column("source", "source"),
)

ACTOR_EVIDENCE_TABLE = (
    Column("date", "date", 10),
    Column("actor", "actor", 16),
    Column("document", "document", 16),
    Column("code", "code", 4),
    Column("office", "office", 20),
    Column("disagrees", "disagrees", 20),
    Column("context", "in the report"),
)
ACTOR_EVIDENCE_CSV = tuple(
    Column(key, key)
    for key in (
        "actor", "type", "registry_code", "source", "date", "published", "document", "publication", "name",
        "text", "code", "sector", "office", "disagrees", "context",
    )
)  # fmt: skip

SETTINGS_TABLE = (
    Column("name", "name"),
    Column("section", "section"),
    Column("env", "environment"),
    Column("default", "default"),
    Column("help", "help"),
)

LOG_TABLE = (
    Column("run_id", "run", 4, align=">"),
    Column("ts", "time", 20),
    Column("status", "status", 9),
    Column("where", "input", 36, keep_end=True),
    Column("document_id", "document", 24),
    Column("error", "error"),
)


# how long a command that writes (ingest, merge) waits for another nestor writer of the same store
WRITER_WAIT_SECONDS = 600.0


class CommandError(click.ClickException):
    """A library error, shown as one ``nestor: error:`` line (exit status 1)."""

    def show(self, file: Any = None) -> None:
        click.echo(f"nestor: error: {self.format_message()}", err=True)


class UsageProblem(CommandError):
    """A bad setting (file, environment variable, flag) or filter value: a usage error, exit status 2."""

    exit_code = 2


@contextmanager
def library_errors() -> Iterator[None]:
    try:
        yield
    except (SettingsError, QueryError) as exc:
        raise UsageProblem(str(exc)) from exc
    except NestorError as exc:
        raise CommandError(str(exc)) from exc


def resolve_settings(ctx: click.Context, **flags: Any) -> Settings:
    with library_errors():
        return load_settings((ctx.obj or {}).get("settings_file"), **flags)


def open_store(settings: Settings, create: bool, write: bool | None = None) -> Store:
    """The store of ``settings``: a writer when ``write`` (by default: when ``create``), else a reader.

    A writer holds the store's writer lock until it closes; while another process holds it, a writer
    command says so on stderr and waits (up to WRITER_WAIT_SECONDS). A reader neither waits nor writes,
    and never creates a store.
    """
    writer = create if write is None else write
    with library_errors():
        if not writer:
            return Store.open(settings.db, read_only=True, wait=WRITER_WAIT_SECONDS, on_wait=_say)
        return Store.open(settings.db, create=create, wait=WRITER_WAIT_SECONDS, on_wait=_say)


def open_chronicle(settings: Settings) -> Chronicle:
    """The library's view of the store of ``settings``: readers neither wait nor write; ingest and merge
    wait (up to WRITER_WAIT_SECONDS, saying so on stderr) for another nestor writer."""
    return Chronicle(config=settings, wait=WRITER_WAIT_SECONDS, on_wait=_say)


def _say(message: str) -> None:
    click.echo(f"nestor: {message}", err=True)


def _help_settings(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo("Settings, weakest first: default < --settings FILE ([nestor] table of a TOML file)")
    click.echo("< environment variable < command-line flag. In the file, give them flat or in their")
    click.echo("section's table: [nestor.coding] model = \"...\" (or [coding]).\n")
    rows = [
        {
            "name": s.name,
            "section": s.section,
            "env": "NESTOR_" + s.name.upper(),
            "default": repr(s.default),
            "help": s.help,
        }
        for s in SETTINGS
    ]
    write_table(rows, SETTINGS_TABLE, stdout(), noun="setting", width=1_000)  # never cut the help
    ctx.exit()


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        metavar="PATH",
        help="SQLite store [default: $NESTOR_DB, else the settings file's, else ./nestor.db]",
    )(f)


def format_option(choices: tuple[str, ...] = FORMATS, default: str = "table") -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices, case_sensitive=False),
        default=default,
        show_default=True,
        help="output format",
    )


def stdout() -> TextIO:
    return click.get_text_stream("stdout")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="nestor", message="%(prog)s %(version)s")
@click.option(
    "--settings",
    "settings_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="TOML settings file (keys as in --help-settings, optionally under [nestor])",
)
@click.option(
    "--help-settings",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_help_settings,
    help="List the settings, their environment variables and defaults, and exit.",
)
@click.pass_context
def cli(ctx: click.Context, settings_file: str | None) -> None:
    """nestor: news reports in, PLOVER political event records out.

    \b
    Ingest reports into a SQLite store, then query and export the events:
      nestor ingest reports.jsonl folder/ -
      nestor events --country KAZ --type REQUEST --since 2022-01
      nestor events --format jsonl > events.jsonl
    """
    ctx.obj = {"settings_file": settings_file}


# -- ingest ----------------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATHS...")
@db_option
@click.option(
    "--workers", type=click.IntRange(min=0), help="processes for coding (0 = one per core, 1 = no pool)"
)
@click.option("--model", metavar="NAME", help="spaCy pipeline package to load")
@click.option(
    "--actors",
    metavar="FILE",
    help="your actor dictionary (PETRARCH/Phoenix actors file, or CSV): its names outrank nestor's own",
)
@click.option(
    "--dayfirst",
    is_flag=True,
    help="read numeric publication dates as day first (05/03/2024 = 5 March); without it they are refused",
)
@click.option("--monthfirst", is_flag=True, help="read them as month first (3 May); not with --dayfirst")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="show progress on stderr [default: when stderr is a terminal]",
)
@click.option(
    "--merge/--no-merge",
    "do_merge",
    default=True,
    show_default=True,
    help="link the new reports with the store's stories, events and entities afterwards (`nestor merge`)",
)
@format_option(("text", "json"), "text")
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[str, ...],
    db: str | None,
    workers: int | None,
    model: str | None,
    actors: str | None,
    dayfirst: bool,
    monthfirst: bool,
    progress: bool | None,
    do_merge: bool,
    fmt: str,
) -> None:
    """Read news reports from PATHS and code them into the store.

    PATHS are JSONL, JSON, CSV/TSV, text or HTML files (optionally .gz), folders of them, or - for
    standard input. Documents the store already holds with the same text are left as they are
    (unchanged); a document whose text changed is coded again and its events replaced. An input that
    cannot be read is reported (file:line) and logged, and the rest are stored.

    A record whose id was already read in the same run with a different text is skipped with a warning
    (the first copy is kept).

    Exit status: 0 when no input failed, 1 when some failed, 2 for a usage error, 130 when interrupted
    (143 when stopped by SIGTERM).
    --format json also prints the counts as JSON on stdout.
    """
    if dayfirst and monthfirst:
        raise click.UsageError("--dayfirst and --monthfirst exclude each other: give one")
    date_order = "dmy" if dayfirst else "mdy" if monthfirst else None
    settings = resolve_settings(
        ctx, db=db, workers=workers, model=model, actors=actors, date_order=date_order
    )
    _read_actors(settings)
    err = click.get_text_stream("stderr")
    tty = err.isatty()
    line = ProgressLine(tty if progress is None else progress, err, tty)

    def reporter(kind: str) -> Callable[[InputError], None]:
        def report(error: InputError) -> None:
            line.clear()
            click.echo(f"nestor: {kind}: {error}", err=True)

        return report

    chronicle = open_chronicle(settings)
    result: IngestResult | None = None
    try:
        with library_errors(), sigterm_as_interrupt():
            result = chronicle.ingest(
                list(paths),
                merge=do_merge,
                progress=line if line.enabled else None,  # no line: no counting of the inputs
                on_error=reporter("error"),
                on_warning=reporter("warning"),
                on_merge=_teller(err if line.enabled else None, line),
                stdin=click.get_binary_stream("stdin"),
            )
    except KeyboardInterrupt as stop:  # SIGINT, or SIGTERM (Terminated)
        line.clear()
        how, status = interruption(stop)
        click.echo(
            f"nestor: {how}; what was stored is complete: run the same command again to finish", err=True
        )
        ctx.exit(status)
    finally:
        line.clear()
        chronicle.close()
    assert result is not None
    if result.merge is not None and line.enabled:
        click.echo(f"nestor: {result.merge.summary()}", err=True)
    click.echo(f"nestor: {result.summary()}", err=True)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict()))
    ctx.exit(0 if result.ok else 1)


def _read_actors(settings: Settings) -> None:
    """Reads the user's actor dictionary before anything is coded: a malformed line stops the command
    (``nestor: error: FILE:LINE: why``); what nestor reads past is told as warnings."""
    if not settings.actors:
        return
    from .resolve.dictionaries import load_dictionary

    with library_errors():
        dictionary = load_dictionary(settings.actors)
    for warning in dictionary.warnings:
        click.echo(f"nestor: warning: {warning}", err=True)


def _teller(err: TextIO | None, line: ProgressLine | None = None) -> Callable[[str], None]:
    """Tells the merge's stages on ``err`` (when given), on a line of their own."""

    def say(msg: str) -> None:
        if err is not None:
            if line is not None:
                line.clear()
            click.echo(f"nestor: {msg}", err=True)

    return say


@cli.command()
@db_option
@format_option(("text", "json"), "text")
@click.pass_context
def merge(ctx: click.Context, db: str | None, fmt: str) -> None:
    """Link the store's reports across outlets: stories, sources, entities, event clusters, discrepancies.

    `nestor ingest` runs this after every ingest; run it by hand after `ingest --no-merge`. Only reports
    and events not merged yet are placed (with what they touch): running it again changes nothing.
    """
    settings = resolve_settings(ctx, db=db)
    with open_chronicle(settings) as chronicle, library_errors():
        report = chronicle.merge(progress=_teller(click.get_text_stream("stderr")))
    click.echo(f"nestor: {report.summary()}", err=True)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict()))


# -- reading ---------------------------------------------------------------------------------------


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--type PROTEST,ASSAULT --type aid`` -> ("PROTEST", "ASSAULT", "aid")."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def filter_options(filters: tuple[Filter, ...]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The click options of ``filters`` (nestor.filters): ``--NAME``, its type, choices and help."""

    def option(f: Filter) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        kw: dict[str, Any] = {"help": filter_help(f), "multiple": f.multiple}
        if f.kind is bool and f.choices is None:
            kw["is_flag"] = True
        elif f.split:
            pass  # text: "1,2" or "actual,planned", split and checked by nestor.filters.event_query
        elif f.choices is not None:
            kw["type"] = click.Choice(f.choices, case_sensitive=False)
        elif f.kind is int:
            kw["type"] = click.IntRange(f.low, f.high)
        if f.metavar and (f.choices is None or f.split):
            kw["metavar"] = f.metavar
        if f.name == "sort":
            kw.update(default="date", show_default=True)
        if f.name == "offset":
            kw["default"] = 0
        return click.option(f"--{f.name}", f.name, **kw)

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for f in reversed(filters):
            command = option(f)(command)
        return command

    return decorate


@cli.command()
@db_option
@filter_options(EVENT_FILTERS)
@click.option(
    "--merged",
    is_flag=True,
    help="one record per real event (event cluster), with its reports, sources and independent sources",
)
@click.option(
    "--min-sources", type=click.IntRange(min=1), default=1, help="with --merged: independent sources at least"
)
@filter_options(EVENT_PAGING)
@format_option(("table", "jsonl", "csv", "parquet"))
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    type=click.Path(dir_okay=False, writable=True),
    help="write to FILE instead of standard output (parquet: needed unless stdout is redirected)",
)
@click.pass_context
def events(
    ctx: click.Context,
    db: str | None,
    merged: bool,
    min_sources: int,
    fmt: str,
    output: str | None,
    **filters: Any,
) -> None:
    """List the events in the store that match every filter given.

    A filter given several times (or with commas, except --document) matches any of its values; its
    values are checked as the library and the API check them. --format jsonl
    writes the records as stored (the output contract) with their event cluster, reports, sources and
    independent sources; csv flattens them, one row per event; parquet writes the same columns with
    Arrow types and list columns (docs/export-schema.md). --merged lists one record per real event
    instead: the best-supported report's record with every report that tells it (filters select the
    events whose clusters are listed; --sort/--desc order the clusters by their first matching event).
    """
    settings = resolve_settings(ctx, db=db)
    if fmt == "parquet" and output is None and stdout().isatty():
        raise UsageProblem("--format parquet writes binary data: give --output FILE, or redirect stdout")
    with open_chronicle(settings) as chronicle, library_errors():
        records = chronicle.events(merged=merged, min_sources=min_sources, **filters)
        if fmt == "parquet":
            from .export_arrow import write_parquet

            if output is None:
                write_parquet(records, click.get_binary_stream("stdout"))
            else:
                with replacing(output, binary=True) as out:
                    write_parquet(records, out)
            return
        paged = filters.get("limit") is not None or filters.get("offset", 0) > 0
        total = chronicle.count(**filters) if fmt == "table" and paged and not merged else None
        if output is None:
            write_events(records, fmt, stdout(), total=total)
        else:
            with replacing(output) as out:
                write_events(records, fmt, out, total=total)


@contextmanager
def replacing(path: str, binary: bool = False) -> Iterator[Any]:
    """A file written beside ``path`` that replaces it once complete: a query or write that fails
    leaves ``path`` as it was (no empty or half-written file)."""
    import os
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix=".nestor-", suffix=".part", dir=folder)
    try:
        mode = "wb" if binary else "w"
        kw: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kw) as out:
            yield out
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


@cli.command()
@db_option
@click.option("--limit", type=click.IntRange(min=0), help="at most this many documents")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="skip this many documents first")
@format_option()
@click.pass_context
def documents(ctx: click.Context, db: str | None, limit: int | None, offset: int, fmt: str) -> None:
    """List the documents in the store with the number of events coded from each, their outlet, and what
    they derive from (a wire or report they reprint or rewrite: `derived_from`) once merged."""
    settings = resolve_settings(ctx, db=db)
    with open_chronicle(settings) as chronicle, library_errors():
        write_rows(chronicle.documents(limit, offset), fmt, stdout(), DOCUMENT_TABLE, noun="document")


# -- cross-report views ----------------------------------------------------------------------------


@cli.command()
@db_option
@click.option("--limit", type=click.IntRange(min=0), help="at most this many stories")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="skip this many stories first")
@format_option()
@click.pass_context
def stories(ctx: click.Context, db: str | None, limit: int | None, offset: int, fmt: str) -> None:
    """List the stories: groups of reports about the same crisis, with their outlets and dates."""
    settings = resolve_settings(ctx, db=db)
    with open_chronicle(settings) as chronicle, library_errors():
        rows = chronicle.stories(limit, offset).to_list()
        if fmt != "jsonl":
            for r in rows:
                r["documents"] = " ".join(r["documents"])
                r["outlets"] = "; ".join(r["outlets"])
                r.pop("reports")
        write_rows(rows, fmt, stdout(), STORY_TABLE, noun="story")


@cli.command()
@db_option
@click.option("--story", metavar="ID", help="only this story")
@format_option()
@click.pass_context
def discrepancies(ctx: click.Context, db: str | None, story: str | None, fmt: str) -> None:
    """List where reports of the same event or statement disagree: numbers, dates, lists."""
    from .merge import discrepancy_table, views

    settings = resolve_settings(ctx, db=db)
    store = open_store(settings, create=False)
    with store, library_errors():
        rows = views.discrepancies(store, story)
        if fmt != "jsonl":  # JSONL: each discrepancy whole, every figure with its evidence
            rows = discrepancy_table.table_rows(rows)
        write_rows(rows, fmt, stdout(), discrepancy_table.COLUMNS, noun="discrepancy")


@cli.command()
@db_option
@click.option(
    "--unsourced", is_flag=True, help="only claims an outlet makes in its own voice, naming no source"
)
@click.option("--sourced", is_flag=True, help="only claims of a named source")
@click.option("--story", metavar="ID", help="only this story")
@click.option("--document", metavar="ID", help="only this document")
@format_option()
@click.pass_context
def claims(
    ctx: click.Context,
    db: str | None,
    unsourced: bool,
    sourced: bool,
    story: str | None,
    document: str | None,
    fmt: str,
) -> None:
    """List claims: statements of named sources, and the outlets' own unsourced claims ("It is now clear
    that ..."), with the reports of other independent sources that say the same (corroborated_by)."""
    if unsourced and sourced:
        raise UsageProblem("--unsourced and --sourced exclude each other")
    settings = resolve_settings(ctx, db=db)
    with open_chronicle(settings) as chronicle, library_errors():
        which = True if unsourced else False if sourced else None
        rows = chronicle.claims(unsourced=which, story=story, document=document).to_list()
        if fmt != "jsonl":
            for r in rows:
                who = r["claimant"] or {}
                r["claimant"] = who.get("identifier_text") or who.get("entity_text")
                r["corroborated_by"] = " ".join(r["corroborated_by"])
        write_rows(rows, fmt, stdout(), CLAIM_TABLE, noun="claim")


@cli.command()
@db_option
@click.option("--type", "type_", type=click.Choice(["PERSON", "ORG", "PLACE"], case_sensitive=False))
@click.option("--limit", type=click.IntRange(min=0), help="at most this many entities")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="skip this many entities first")
@format_option()
@click.pass_context
def entities(
    ctx: click.Context, db: str | None, type_: str | None, limit: int | None, offset: int, fmt: str
) -> None:
    """List canonical persons, organisations and places with every spelling seen (aliases) and why each
    spelling was linked (evidence)."""
    settings = resolve_settings(ctx, db=db)
    with open_chronicle(settings) as chronicle, library_errors():
        rows = chronicle.entities(type_, limit, offset).to_list()
        if fmt != "jsonl":
            for r in rows:
                r["aliases"] = "; ".join(r["aliases"])
                r.pop("evidence")
        write_rows(rows, fmt, stdout(), ENTITY_TABLE, noun="entity")


@cli.command()
@db_option
@click.option("--type", "type_", type=click.Choice(["PERSON", "ORG"], case_sensitive=False))
@click.option("--name", metavar="TEXT", help="only actors whose name contains TEXT (any case)")
@click.option(
    "--code", "codes", multiple=True, metavar="CODE", help="only actors with this code (KAZ, IGO; - for none)"
)
@click.option(
    "--show", metavar="NAME", help="what each report said about NAME instead, with dates and disagreements"
)
@click.option("--limit", type=click.IntRange(min=0), help="at most this many actors")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="skip this many actors first")
@format_option()
@click.pass_context
def actors(
    ctx: click.Context,
    db: str | None,
    type_: str | None,
    name: str | None,
    codes: tuple[str, ...],
    show: str | None,
    limit: int | None,
    offset: int,
    fmt: str,
) -> None:
    """List the actor registry: every person and organisation the reports name, with the country code,
    sector and office most reports give it (source: learned) and the days it was first and last seen.

    --show NAME lists the evidence instead: each report that names NAME, its date, what it says and where
    it disagrees with the registry. To correct the registry, name a CSV file (name,type,code,sector,office;
    an empty field keeps what the reports say, - says none) in the actor_overrides setting
    (NESTOR_ACTOR_OVERRIDES): the next merge applies it (source: override). The merge gives events whose
    named actor or recipient has no code the registry's code (code_from "registry").
    """
    settings = resolve_settings(ctx, db=db)
    with open_chronicle(settings) as chronicle, library_errors():
        if show is not None:
            rows = chronicle.actor_evidence(show, type_).to_list()
            if not rows:
                raise CommandError(f"no actor called {show!r}; `nestor actors --name TEXT` finds one")
            if fmt != "jsonl":
                for r in rows:
                    r["date"] = (r["published"] or "")[:10] or None
            columns = ACTOR_EVIDENCE_CSV if fmt == "csv" else ACTOR_EVIDENCE_TABLE
            write_rows(rows, fmt, stdout(), columns, noun="report")
            return
        rows = chronicle.actors(type_, name, _split(codes), limit, offset).to_list()
        write_rows(rows, fmt, stdout(), ACTOR_TABLE, noun="actor")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="NESTOR_TOKEN",
    metavar="TOKEN",
    help="accept reports at POST /api/ingest with this bearer token (env NESTOR_TOKEN); read-only without",
)
@click.pass_context
def serve(ctx: click.Context, db: str | None, host: str, port: int, token: str | None) -> None:
    """Serve the dashboard and the REST API (OpenAPI at /api/openapi.json) over the store."""
    from .web.server import serve as run_server

    settings = resolve_settings(ctx, db=db)
    open_store(settings, create=False).close()  # a clear error, writing nothing, unless it is a store
    with library_errors():  # with a token the app opens a writer: another one may hold the store
        run_server(settings.db, host=host, port=port, token=token or None, settings=settings)


@cli.command()
@db_option
@click.option("--failed", is_flag=True, help="only inputs that were not stored (failed or skipped), and why")
@click.option("--run", "run_id", metavar="ID|last", help="only this ingest run (a number, or 'last')")
@click.option("--limit", type=click.IntRange(min=0), help="at most this many lines")
@format_option()
@click.pass_context
def log(
    ctx: click.Context, db: str | None, failed: bool, run_id: str | None, limit: int | None, fmt: str
) -> None:
    """Show the ingest log: what became of every input of every run, oldest first."""
    if run_id not in (None, "last") and not run_id.strip().lstrip("-").isdigit():
        raise click.BadParameter(f"{run_id!r} is not a run number or 'last'", param_hint="--run")
    settings = resolve_settings(ctx, db=db)
    with open_chronicle(settings) as chronicle, library_errors():
        rows = chronicle.log(failed=failed, run=run_id, limit=limit)
        write_rows(rows, fmt, stdout(), LOG_TABLE, noun="log line")


# -- the learned layer ------------------------------------------------------------------------------


@cli.command()
@click.argument(
    "corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default="data/training"
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="where to write the model: a path stem, giving STEM.types.npz and STEM.modes.npz "
    "(default: the model nestor ships, nestor/data/models/event)",
)
@click.option(
    "--folds",
    type=click.IntRange(0, 20),
    default=5,
    show_default=True,
    help="cross-validation folds (0 or 1: none, only build the model)",
)
@click.option("--no-save", is_flag=True, help="cross-validate only; write no model")
@format_option(("text", "json"), "text")
@click.pass_context
def train(ctx: click.Context, corpus: Path, out: Path | None, folds: int, no_save: bool, fmt: str) -> None:
    """Build the learned event-type model from a training corpus (default: data/training).

    Every `*.txt` in CORPUS holds one sentence a line with its events marked `[words|TYPE|mode]`. The
    model is the same on every run over the same corpus. Prints cross-validated recall, precision and
    F1 per type, the share of event-free sentences the model leaves event-free, and mode accuracy.
    """
    from .learn.train import train as train_model
    from .learn.typer import MODEL_STEM, MODELS
    from .nlp import build_nlp

    settings = resolve_settings(ctx)
    if out is not None and out.suffix == ".npz":
        out = out.with_suffix("")  # "x/ev.npz" names the stem "x/ev"
    target = None if no_save else (out or MODELS / MODEL_STEM)
    with library_errors():
        report = train_model(
            corpus,
            build_nlp(settings.model),
            target,
            folds=folds,
            progress=lambda m: click.echo(f"nestor: {m}", err=True),
            threshold=settings.model_confidence,
        )
    if fmt == "json":
        click.echo(json.dumps(report.as_dict()))
        return
    click.echo(f"{report.sentences} sentences, {report.examples} candidates, {report.seconds} s")
    if report.per_type:
        click.echo(f"{'type':<10} {'examples':>8} {'recall':>7} {'precision':>9} {'F1':>6}")
        for name, row in report.per_type.items():
            figures = f"{row['recall']:>7.3f} {row['precision']:>9.3f} {row['f1']:>6.3f}"
            click.echo(f"{name:<10} {row['examples']:>8} {figures}")
        click.echo(
            f"accuracy {report.accuracy:.3f}; on events {report.event_accuracy:.3f}; "
            f"modes {report.mode_accuracy:.3f}; event-free sentences left event-free "
            f"(confidence {report.threshold}) {report.none_sentence_precision:.3f}"
        )
    if target is not None:
        click.echo(f"model written: {target}.types.npz, {target}.modes.npz")


@cli.command()
@db_option
@click.option("--document", "documents", multiple=True, metavar="ID", help="only this document's places")
@click.option("--limit", type=click.IntRange(min=0), help="the places of at most this many documents")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="skip this many documents first")
@format_option()
@click.pass_context
def places(
    ctx: click.Context, db: str | None, documents: tuple[str, ...], limit: int | None, offset: int, fmt: str
) -> None:
    """List the place names of the stored reports, resolved in context: document, offsets, text, GeoNames
    id, feature class, admin1, country, lat/lon and precision (continent, country, admin1, admin2, place)."""
    from .resolve.place_report import PLACE_TABLE, place_mentions

    settings = resolve_settings(ctx, db=db)
    with open_chronicle(settings) as chronicle, library_errors():
        rows = place_mentions(chronicle.reader(), documents, limit, offset, chronicle.settings.cache)
        write_rows(rows, fmt, stdout(), PLACE_TABLE, noun="place mention")


def main() -> None:
    """The console-script entry point."""
    cli(prog_name="nestor")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
