"""Cross-report merging: the global step after the per-document work.

:func:`merge_store` links reports (derivation, stories), names (entities) and event records (clusters, plan
links) across the store and finds where reports disagree; :mod:`.views` reads the results back.
"""

from .run import MergeReport, merge_store

__all__ = ["MergeReport", "merge_store"]
