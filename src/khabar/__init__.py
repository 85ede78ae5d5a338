"""khabar (خبر): Arabic-native political event coding.

>>> import khabar
>>> doc = khabar.code_text("قال مسؤول أمريكي إن الرئيس الصيني قد يزور موسكو.", date="2023-09-05")
>>> [(e.source.actor.code, e.cameo, e.modality) for e in khabar.filter_events(doc, actors="both")]
[('CHNGOV', '042', 'possible')]

``Coder.code`` returns every event the text reports, also those whose source or target is not resolved (``None``);
``filter_events(doc_or_events, actors="one"|"both")`` keeps the ones naming one or both actors.
"""

from importlib.metadata import PackageNotFoundError, version

from khabar import compiled  # noqa: F401 (first: decides whether the hot modules run compiled or from source)
from khabar.errors import KhabarError
from khabar.model import (
    ACTORS_FILTERS,
    Actor,
    ActorRef,
    ActorsFilter,
    Attribution,
    Document,
    Event,
    Mention,
    Place,
    Sentence,
    SentenceRef,
    Token,
    actor_resolved,
    event_has_actors,
    filter_events,
)
from khabar.pipeline import Coder, code_text, detect_language

try:
    __version__ = version("khabar")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = ["ACTORS_FILTERS", "Actor", "ActorRef", "ActorsFilter", "Attribution", "Coder", "Document", "Event",
           "KhabarError", "Mention", "Place", "Sentence", "SentenceRef", "Token", "actor_resolved", "code_text",
           "detect_language", "event_has_actors", "filter_events"]
