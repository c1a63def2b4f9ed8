"""Coding sentences into PLOVER events: ontology tables, the rule coder, realis and attribution."""
