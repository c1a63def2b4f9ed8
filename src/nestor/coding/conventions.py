"""PLOVER's coding conventions that turn what happened into what gets coded.

- cooperation reported in the future tense (or offered) is AGREE; a declared withdrawal is CONCEDE;
- a conflictual action announced for the future (or offered under a condition), or anything held out
  under "unless", is THREATEN;
- a refusal to cooperate ("will not allow", "would not meet the demands") is REJECT; so is a failure to
  agree or cooperate ("failed to reach agreement");
- force being readied ("prepared to storm") is MOBILIZE.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ontology import Ontology
from .realis import Realis
from .triggers import TriggerLexicon

COOPERATIVE_QUADS = frozenset({1, 2})
# cooperation that parties fail to reach is coded as its rejection
FAILED_IS_REJECT = frozenset({"AGREE", "COOPERATE"})
# force that, being readied, is a mobilization ("prepared to storm the town")
READIED_FORCE = frozenset({"ASSAULT"})
MOBILIZE_CODE = "150"
# events that the act they are the purpose of performs ("went on strike to protest")
PERFORMED_BY_ITS_MEANS = frozenset({"PROTEST"})


@dataclass(frozen=True, slots=True)
class Coded:
    type: str
    cameo: str
    mode: str | None
    realis: str
    cue: str | None


def apply_conventions(
    etype: str, cameo: str, mode: str | None, r: Realis, lex: TriggerLexicon, onto: Ontology
) -> Coded:
    quad = onto.quad(etype)
    realis, cue = r.realis, r.cue
    if realis == "negated" and r.future and quad in COOPERATIVE_QUADS and etype != "AGREE":
        # "will not allow", "would not meet the demands": a refusal, which itself happened
        code = lex.frame_code("reject", cameo)
        return Coded("REJECT", code, onto.entry(code).mode, "actual", cue)
    if realis == "negated" and r.future and etype == "AGREE":
        code = lex.frame_code("reject", cameo)
        return Coded("REJECT", code, None, "actual", cue)
    if realis == "negated" and r.failed and etype in FAILED_IS_REJECT:
        # "failed to reach agreement", "failed to cooperate": the parties' failure to agree happened
        code = lex.frame_code("reject", cameo)
        return Coded("REJECT", code, onto.entry(code).mode, "actual", cue)
    if realis == "planned" and r.purpose and etype in PERFORMED_BY_ITS_MEANS:
        # "shunned work to protest the settlements", "marched to demand reforms": the act done for the
        # purpose is the protest itself
        realis, cue = "actual", None
    # held out under a condition, with "will" or a modal ("may halt its mediation if …"; not the
    # condition itself: "if Russia attacks")
    announced = realis == "planned" or (
        realis == "possible"
        and r.condition is not None
        and (r.future or not r.in_condition)
    )
    if realis == "planned" and r.readied and etype in READIED_FORCE:
        # "the army prepared to resume shelling", "troops are preparing to storm the town": readying
        # force is a mobilization, which happened where the preparing did; no threat is made
        return Coded("MOBILIZE", MOBILIZE_CODE, None, "actual" if cue == r.readied else realis, cue)
    if r.condition == "unless" and r.future and etype not in ("AGREE", "THREATEN"):
        # "will withdraw its force unless…", "will boycott the elections unless…": held out as a threat
        code = lex.frame_code("threaten", "166" if mode == "withdraw" else cameo)
        return Coded("THREATEN", code, onto.entry(code).mode, realis, cue)
    if announced and quad == 4:
        code = lex.frame_code("threaten", cameo)
        return Coded("THREATEN", code, onto.entry(code).mode, realis, cue)
    if announced and quad in COOPERATIVE_QUADS and etype != "AGREE" and not r.purpose:
        # (cooperation that is the purpose of an act done is no promise: "opened the bridge to allow
        # aid through", "sent envoys to negotiate" keep their type, planned)
        if etype in ("RETREAT", "CONCEDE") and mode == "withdraw":
            return Coded("CONCEDE", cameo, None, realis, cue)
        if etype == "RETREAT" and mode == "resign":
            return Coded(etype, cameo, mode, realis, cue)  # an announced resignation is the concession
        code = lex.frame_code("intent", cameo)
        return Coded("AGREE", code, None, realis, cue)
    return Coded(etype, cameo, mode, realis, cue)
