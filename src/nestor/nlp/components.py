"""spaCy components nestor adds to the pipeline it loads."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPHS = "nestor_paragraphs_v1"


@Language.component(PARAGRAPHS)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Starts a sentence after every line break, so headlines, datelines and bylines without a full stop
    do not run into the next sentence. Runs before the parser, which keeps these boundaries."""
    for tok in doc[:-1]:
        if "\n" in tok.text or (tok.is_space and "\n" in tok.text_with_ws):
            doc[tok.i + 1].is_sent_start = True
    return doc
