"""khabar (خبر): Arabic-native political event coding.

>>> import khabar
>>> doc = khabar.code_text("قال مسؤول أمريكي إن الرئيس الصيني قد يزور موسكو.", date="2023-09-05")
>>> [(e.source.actor.code, e.cameo, e.modality) for e in doc.events]
[('CHNGOV', '042', 'possible')]
"""

from importlib.metadata import PackageNotFoundError, version

from khabar.errors import KhabarError
from khabar.model import Actor, ActorRef, Attribution, Document, Event, Mention, Place, Sentence, Token
from khabar.pipeline import Coder, code_text, detect_language

try:
    __version__ = version("khabar")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = ["Actor", "ActorRef", "Attribution", "Coder", "Document", "Event", "KhabarError", "Mention", "Place",
           "Sentence", "Token", "code_text", "detect_language"]
