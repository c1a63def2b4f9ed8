"""Settings: each defined once (section, default, help), given flat or in sections, and handed to the
library as Settings, a TOML file or a mapping."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from nestor import Chronicle
from nestor.errors import SettingsError
from nestor.settings import SECTIONS, SETTINGS, Settings, load_settings


def test_every_setting_is_defined_once_with_its_section() -> None:
    assert [s.name for s in SETTINGS] == [f.name for f in fields(Settings)]
    defaults = Settings()
    for s in SETTINGS:
        assert getattr(defaults, s.name) == s.default and s.section in SECTIONS and s.help
    assert set(defaults.section("ingest")) == {
        "workers",
        "batch_size",
        "max_file_bytes",
        "max_doc_chars",
        "date_order",
    }
    with pytest.raises(SettingsError, match="unknown settings section"):
        defaults.section("gui")


@pytest.mark.parametrize(
    "text",
    [
        '[nestor]\nmodel = "m"\nstory_threshold = 0.8\n',
        '[nestor.coding]\nmodel = "m"\n[nestor.merge]\nstory_threshold = 0.8\n',
        '[coding]\nmodel = "m"\n[merge]\nstory_threshold = 0.8\n',
    ],
)
def test_a_settings_file_flat_or_in_sections(tmp_path: Path, text: str) -> None:
    file = tmp_path / "nestor.toml"
    file.write_text(text, encoding="utf-8")
    settings = load_settings(file, env={})
    assert settings.model == "m" and settings.story_threshold == 0.8
    chronicle = Chronicle(tmp_path / "x.db", file)
    assert chronicle.settings.model == "m" and chronicle.settings.db == str(tmp_path / "x.db")


def test_a_setting_in_the_wrong_section_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "nestor.toml"
    file.write_text("[coding]\nstory_threshold = 0.8\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"'story_threshold' .* belongs in \[merge\], not \[coding\]"):
        load_settings(file, env={})


def test_the_library_takes_a_mapping_and_reads_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NESTOR_MODEL", "from_env")
    assert Chronicle("a.db", {"workers": 1}).settings.model == Settings().model
    assert Chronicle("a.db", {"workers": "2"}).settings.workers == 2
    with pytest.raises(SettingsError, match="unknown setting 'wokers'"):
        Chronicle("a.db", {"wokers": 1})


def test_the_merge_is_given_its_own_part() -> None:
    from dataclasses import fields as dc_fields

    from nestor.settings import MergeSettings

    settings = Settings().with_overrides(story_threshold=0.5, plan_horizon_days=7)
    part = MergeSettings.of(settings)
    assert [f.name for f in dc_fields(MergeSettings)] == list(settings.section("merge"))
    assert part.story_threshold == 0.5 and part.plan_horizon_days == 7
    with pytest.raises(TypeError):  # no defaults of its own: only ever read from resolved settings
        MergeSettings()  # type: ignore[call-arg]


def test_a_misspelt_setting_names_where_it_came_from_and_what_was_meant() -> None:
    with pytest.raises(SettingsError, match=r"'wokers' in command line \(did you mean 'workers'\?\)"):
        load_settings(env={}, wokers=1)
    with pytest.raises(SettingsError, match=r"'bach_size' in the config mapping \(did you mean 'batch_size'"):
        Chronicle(config={"bach_size": 3})
    with pytest.raises(SettingsError, match=r"unknown setting 'zzz' in the config mapping; known: db,"):
        Chronicle(config={"zzz": 3})
