"""Making untrusted article text safe to show: HTML escaping and visible bidi controls.

Bidirectional embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069) in article text could reorder what
readers see (a "Trojan Source" trick: U+202E flips the rest of a line). We never pass them through: in plain strings
they become a visible ``[U+202E]`` tag; in highlighted article HTML a ``<span class="bidi">`` holding that tag. The
ordinary marks LRM/RLM/ALM (U+200E, U+200F, U+061C) are kept: Arabic text legitimately uses them.

>>> neutralize_bidi("a\\u202eb")
'a[U+202E]b'
>>> str(escape_text('<b x="1">\\u202e'))
'&lt;b x=&#34;1&#34;&gt;<span class="bidi" title="bidi control">[U+202E]</span>'
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def neutralize_bidi(text: str) -> str:
    """Replace bidi embedding/override/isolate controls with a visible ``[U+XXXX]`` tag."""
    return BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def escape_text(text: str) -> Markup:
    """HTML-escaped text with bidi controls shown as marked, inert tags."""
    out = []
    last = 0
    for m in BIDI_CONTROLS.finditer(text):
        out.append(str(escape(text[last:m.start()])))
        out.append(f'<span class="bidi" title="bidi control">[U+{ord(m.group()):04X}]</span>')
        last = m.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))
