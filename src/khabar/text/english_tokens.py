"""English tokens with clitics split off ("Russia's" → "Russia" + "'s", "didn't" → "did" + "n't"), so that
possessives and negation are words of their own. Below the lexicon: the English lexicon compiler tokenizes its
multiword entries with the same function the coder uses on text, so the two always agree.
"""

from __future__ import annotations

import regex

from khabar.model import Token

# a number with thousands separators ("20,000", "1,500,000") is one word; other words may join parts with . - '
_WORD = regex.compile(r"\p{N}{1,3}(?:,\p{N}{3})+(?![\p{N}])(?:\.\p{N}+)?|[\p{L}\p{M}\p{N}_]+(?:[.\-'’][\p{L}\p{N}]+)*"
                      r"|[^\s\p{L}\p{M}\p{N}]")
_CLITIC = regex.compile(r"(n['’]t|['’](?:s|re|ve|ll|d|m))$", regex.IGNORECASE)


def _pieces(word: str, start: int) -> list[tuple[str, int, int]]:
    """A word with an apostrophe, split before its clitic ("Russia's" → "Russia" + "'s")."""
    m = _CLITIC.search(word)
    if m and m.start() > 0:
        cut = m.start()
        return [(word[:cut], start, start + cut), (word[cut:], start + cut, start + len(word))]
    return [(word, start, start + len(word))]


def english_tokens(text: str, start: int, end: int) -> list[Token]:
    out: list[Token] = []
    add, new = out.append, tuple.__new__  # Token is a named tuple: built in C (see khabar.model.Token)
    for m in _WORD.finditer(text, start, end):
        word = m.group()
        if "'" in word or "’" in word:  # only a word with an apostrophe may carry a clitic
            for piece, s, e in _pieces(word, m.start()):
                add(new(Token, (len(out), piece, s, e, piece.lower().replace("’", "'"),
                                 not piece[0].isalnum() and piece[0] not in "'’")))
        else:
            s = m.start()
            add(new(Token, (len(out), word, s, s + len(word), word.lower(), not word[0].isalnum())))
    return out
