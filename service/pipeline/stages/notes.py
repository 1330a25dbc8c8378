"""The notes stage: correction, clarification and editor's notes leave the body.

    Correction: An earlier version of this story misstated ...
    Clarification: This story has been updated to make clear ...
    Editor's note: This story contains ...      EDITOR'S NOTE — ...
    (ATTN: ADDS details in paras 3-4)           an advisory to editors
    An earlier version of this story ...        This story has been corrected to ...

The stage runs after the headline stage (a "CORRECTED:" headline label is
the headline's, not a note). Only the first and last paragraphs are read (a note in brackets anywhere),
and a note is at most a few sentences long, written as a sentence. The notes are kept as printed in `Article.notes` (the ninjs
mapping to edNote is the lifecycle stage's); what they mean for the story's status (a
correction, a kill) is the lifecycle stage's to decide.
"""

from __future__ import annotations

import re

from service.copies import replace
from service.model import Article
from service.pipeline.runner import stage
from service.pipeline.stages.textnorm import ends_sentence

NOTE_ZONE = 4  # paragraphs read at each end of the body
MAX_NOTE_CHARS = 600
# A labelled note: "Correction:", "CORRECTION —", "Editor's Note:", "Note to readers:".
LABELLED_NOTE = re.compile(
    r"^[(\[]?\s*(?:editor(?:'|\u2019)?s(?:'|\u2019)?\s+notes?|editors?\s+note|corrections?|attn|"
    r"clarifications?|note to (?:readers|editors)|correction appended|rectificatif|correctif|"
    r"nota de la redacci[oó]n|fe de errores|korrektur|richtigstellung|anmerkung der redaktion|"
    r"note de la r[ée]daction)\s*(?::|\.|[-\u2013\u2014]+)\s*\S",
    re.IGNORECASE)
# An unlabelled note: a sentence about this story's own earlier version.
SELF_REFERENCE = re.compile(
    r"^[(\[]?\s*(?:an?\s+(?:earlier|previous)\s+version\s+of\s+this\s+(?:story|article|report)"
    r"|this\s+(?:story|article|report)\s+(?:has\s+been|was)\s+(?:corrected|updated\s+to\s+(?:correct|"
    r"clarify|make\s+clear|reflect|include|show|add|remove)|amended|clarified))\b",
    re.IGNORECASE)


# A bracketed advisory ("(ATTN: ...)", "[Editor's note: ...]") is a note wherever it stands.
_BRACKETED = re.compile(r"^\s*[(\[].*[)\]]\s*$")


def is_note(paragraph: str) -> bool:
    """A note is written as a sentence; "CORRECTED: Nikkei ends higher" is a headline's label."""
    return len(paragraph) <= MAX_NOTE_CHARS and ends_sentence(paragraph) and bool(
        LABELLED_NOTE.match(paragraph) or SELF_REFERENCE.match(paragraph))


@stage("notes", "1")
def notes(a: Article) -> Article:
    count = len(a.paragraphs)
    found = [i for i, p in enumerate(a.paragraphs)
             if (i < NOTE_ZONE or i >= count - NOTE_ZONE or _BRACKETED.match(p)) and is_note(p)]
    if not found:
        return a
    body = tuple(p for i, p in enumerate(a.paragraphs) if i not in found)
    return replace(a, paragraphs=body, notes=a.notes + tuple(a.paragraphs[i] for i in found))
