"""English arguments by word order: the subject is the nearest actor before a verb that no preposition governs
(over auxiliaries, modals and cue verbs); a relative pronoun hands over its antecedent; "was attacked by X" swaps
the roles; a noun takes its source from a possessive or demonym or from the clause subject, its target from a
preposition of its entry. The candidate assembly on top of these is lang/en/events.py."""

from __future__ import annotations

from khabar.clauses.view import SentenceView, frame_at
from khabar.lexicon.english import EnglishLexicon
from khabar.model import Mention

_SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she"})


def surfaces_of(m: Mention, cls: str | None = None):
    """The lexicon readings of a mention, of one word class (verb, noun) when given."""
    return [s for s in m.surfaces if cls is None or s.cls == cls]


class EnglishArguments:
    """How English word order names the parts of an event in one analysed sentence: the reading of a trigger (verb
    or noun, active or passive), its subject, object, prepositional targets and possessor."""

    def __init__(self, view: SentenceView, en: EnglishLexicon) -> None:
        self.view = view
        self.en = en
        self.toks = view.sentence.tokens
        self.words = en.words
        self.actors = [m for m in view.mentions if m.kind == "actor"]
        self.preps = en.words["prepositions"]
        self.last_subject: Mention | None = None
        self.provisional: set[int] = set()  # attack nouns waiting for a casualty verb to give their target
        # the last verb coded in the sentence: (trigger, code, subject, object), for infinitives after it
        self.last_verb: tuple[Mention, str, Mention | None, Mention | None] | None = None

    # ------------------------------------------------------------------ reading of the trigger
    def _is_noun(self, m: Mention) -> bool:
        verbs, nouns = surfaces_of(m, "verb"), surfaces_of(m, "noun")
        if not verbs:
            return True
        if not nouns:
            return False
        before = self.toks[m.first - 1].norm if m.first else ""
        if before in self.words["determiners"] or before in ("'s", "of", "for", "in", "on", "with", "between"):
            return True
        if not before:
            return True  # "Clashes erupted …", "Fighting broke out …": a sentence opens with a noun, not a verb
        prev = self.view.by_token.get(m.first - 1)
        if prev is not None and prev.kind == "actor" and before not in ("'s",):
            # "Russia attacks Ukraine" (verb) vs "the US-led strikes" (noun): a verb agrees with a bare subject
            opener = self.toks[prev.first - 1].norm if prev.first else ""
            if opener in ("a", "an", "the") and not m.text.lower().endswith("s") and not prev.plural:
                return True  # "a Turkish drone strike", "the Israeli army raid": no bare verb after a singular
            k = prev.first - 1 - (opener in ("a", "an", "the"))
            if k >= 0 and self.toks[k].norm in self.words.get("giving_verbs", frozenset()):
                return True  # "gave Jordan aid": the second object of a giving verb
            return self._prev_is_modifier(prev)
        if prev is not None and prev.kind == "trigger":
            return True  # "missile tests", "arms trade": the second of two triggers heads a compound noun
        return False

    def _verb_position(self, m: Mention) -> bool:
        """A verb reading where a verb can stand (not after an article, a possessive or another trigger)."""
        if not surfaces_of(m, "verb"):
            return False
        before = self.toks[m.first - 1].norm if m.first else ""
        prev = self.view.by_token.get(m.first - 1)
        return not (before in self.words["determiners"] or before in ("'s", "of") or (
            prev is not None and prev.kind == "trigger")) and not (surfaces_of(m, "noun") and self._is_noun(m))

    def _prev_is_modifier(self, prev: Mention) -> bool:
        parts = prev.parts or []
        return bool(parts) and parts[-1].kind == "demonym" and len(parts) == 1

    def _is_passive(self, m: Mention) -> bool:
        verbs = surfaces_of(m, "verb")
        if not any(s.feats == "VBN" for s in verbs):
            return False
        i = m.first - 1
        while i >= 0 and self.toks[i].norm in self.words["auxiliaries"]:
            i -= 1
        if i >= 0 and self.toks[i].norm in self.words["be"]:
            return True
        # a reduced relative: "resolutions, backed by Russia," / "the shells supplied by Pyongyang"
        k = m.last + 1
        return k < len(self.toks) and self.toks[k].norm == "by" and i >= 0 and self.toks[i].norm in (",", "the")

    # ------------------------------------------------------------------ arguments
    def _governed(self, a: Mention) -> str | None:
        """The preposition right before an actor (over articles), if any."""
        k = a.first - 1
        while k >= 0 and self.toks[k].norm in ("the", "a", "an"):
            k -= 1
        if k >= 0 and self.toks[k].norm in self.preps:
            return self.toks[k].norm
        return None

    def _limits(self, m: Mention) -> tuple[int, int]:
        start, end = self.view.clause_of(m.first)
        frame = frame_at(self.view, m.first)
        if frame is not None:
            start, end = max(start, frame.start), min(end, frame.end)
        return start, end

    def _subject(self, m: Mention, start: int) -> tuple[Mention | None, str]:
        """Nearest ungoverned actor before the trigger inside its clause."""
        toks = self.toks
        k = m.first - 1
        # a relative pronoun right before the verb stands for the actor before it
        j = k
        while j >= start and toks[j].norm in self.words["auxiliaries"]:
            j -= 1
        if j > 0 and toks[j].norm in ("which", "who", "that"):
            head = self.view.by_token.get(j - 1)
            if toks[j].norm != "who" and head is not None and head.kind == "trigger" and self._is_noun(head):
                return None, "relative pronoun → an event noun, no actor"  # "the strikes that killed ten people"
            ante = self._antecedent(j)
            if ante is not None:
                return ante, "relative pronoun → antecedent"
        best = None
        for a in reversed(self.actors):
            if a.last >= m.first or a.first < start:
                continue
            if self._locative_before(a):
                continue  # "a strike in northeastern Syria killed …": where it happened does not do it
            head = self.view.by_token.get(a.last + 1)
            if head is not None and head is not m and head.kind == "trigger" and self._is_noun(head) and (
                    not self._is_noun(m)) and not any(s.ref.get("instrument") for s in head.surfaces):
                break  # "a Turkish drone strike … killed": the strike kills (but "Russian missiles struck": the
                # weapons' owner does)
            if head is not None and head is not m and head.kind == "trigger" and self._is_noun(m) and (
                    self._is_noun(head)) and a.group and "-" in a.text:
                break  # "a U.S.-French proposal for a truce": the joint authors own the proposal, not the truce
            governor = self._governed(a)
            if governor == "of" and self._collective_before(a):
                governor = None  # "a group of Moroccan diplomats held talks": the diplomats act
            if governor is not None and not (governor in self.words["clause_boundaries"] and a.first - 1 <= start):
                continue  # "talks with Iran" (governed) — but "since North Korea closed" opens a clause
            if self._verb_between(a, m):
                break
            if self._is_speaker(a, m):
                continue
            best = a
            break
        if best is not None:
            head = self._apposition_head(best, m, start)
            if head is not None:
                return head, "subject: the actor an apposition describes ('Jordan, a close US ally, refused')"
            return best, "subject before the verb"
        speaker = self._speaker_pronoun(m, start)
        if speaker is not None:
            return speaker, "subject: a pronoun standing for the speaker (said it had …)"
        speaker = self._gerund_speaker(m)
        if speaker is not None:
            return speaker, "subject: the speaker of the report the gerund completes (denied displacing …)"
        rel = self.view.after_relative.get(start)
        if rel is not None or (start > 0 and toks[start].norm in ("which", "who") and toks[start - 1].norm == ","):
            ante = self._antecedent(rel if rel is not None else start)
            if ante is not None:
                return ante, "subject before the relative clause"
        return None, ""

    def _apposition_head(self, a: Mention, m: Mention, start: int) -> Mention | None:
        """ "Jordan, a close U.S. ally, has refused …": an actor inside an apposition set off by commas right
        before the verb describes the actor before the apposition, which is the subject. None when ``a`` is in no
        such apposition, or the words before it name no actor ("Kenzo Oshima, the UN relief coordinator, said":
        the apposition's own actor stands for the unknown name)."""
        toks, words = self.toks, self.words
        close = m.first - 1
        while close > a.last and (toks[close].norm in words["auxiliaries"] or toks[close].norm in words["have"]
                                  or toks[close].norm in words["be"]):
            close -= 1
        if close <= a.last or toks[close].norm != ",":
            return None
        open_ = a.first - 1
        while open_ > start and a.first - open_ <= 8 and toks[open_].norm not in (",", ";", "."):
            open_ -= 1
        if open_ <= start or toks[open_].norm != "," or toks[open_ + 1].norm not in ("a", "an", "the"):
            return None
        if any(toks[k].norm in (",", "that", "which", "who", "and", "or") for k in range(open_ + 1, close)):
            return None  # "Iran, the country that attacked …" (a clause), "Egypt, the US and Jordan" (a list)
        head = self.view.by_token.get(open_ - 1)
        if head is None or head.kind != "actor" or head.actor is None or not (head.actor.code or "").strip("-"):
            return None
        return head

    def _speaker_pronoun(self, m: Mention, start: int) -> Mention | None:
        """ "Switzerland said it had expelled …": a subject pronoun opening a reported clause is its speaker, when
        they agree (it: a state or an organization; they: a group or a state; he, she: a person)."""
        k = m.first - 1
        if not any(t.norm in _SUBJECT_PRONOUNS for t in self.toks[max(start, k - 8):m.first]):
            return None
        if self._is_noun(m):  # "he will extend the night-time curfew": over the article and the verb that takes it
            while k > start and self.toks[k].norm in self.words["determiners"]:
                k -= 1
            word = self.toks[k].text
            if k > start and word.isalpha() and word.islower() and self.toks[k].norm not in self.preps and (
                    self.view.by_token.get(k) is None):
                k -= 1
        while k >= start and (self.toks[k].norm in self.words["auxiliaries"] or self.toks[k].norm in self.words["have"]
                              or self.toks[k].norm in self.words["be"]):
            k -= 1
        if k < 0 or self.toks[k].norm not in _SUBJECT_PRONOUNS:
            return None
        frame = frame_at(self.view, m.first)
        speaker = frame.speaker if frame is not None else None
        if speaker is None or speaker.actor is None or not speaker.actor.code or speaker.last >= k:
            return None
        kind, pronoun = speaker.actor.kind, self.toks[k].norm
        title = speaker.parts[-1] if speaker.parts else speaker
        institution = kind == "agent" and not (title.surfaces and title.surfaces[0].ref.get("person"))
        fits = {"it": kind in ("state", "org") or institution, "they": kind != "person" or speaker.plural,
                "he": kind == "person", "she": kind == "person"}[pronoun]
        return speaker if fits else None

    def _gerund_speaker(self, m: Mention) -> Mention | None:
        """ "Israel's military denied forcibly displacing Palestinians": a gerund right after a reporting verb
        (over adverbs) is what its speaker says it did or did not do."""
        if not self.toks[m.first].text.lower().endswith("ing"):  # "denied displacing", "ruled out sending troops"
            return None
        k = m.first - 1
        while k >= 0 and self.toks[k].norm.endswith("ly") and self.view.by_token.get(k) is None:
            k -= 1
        verb = self.view.by_token.get(k) if k >= 0 else None
        if verb is None or verb.kind != "report":
            return None
        frame = next((f for f in self.view.frames if f.verb is verb), None)
        return frame.speaker if frame is not None and frame.speaker is not None and frame.speaker.actor else None

    def _collective_before(self, a: Mention) -> bool:
        """Is the "of" before actor ``a`` that of a number or part of a group ("hundreds of", "a group of")?"""
        k = a.first - 1
        while k >= 0 and self.toks[k].norm in ("the", "a", "an"):
            k -= 1
        return k >= 1 and self.toks[k].norm == "of" and self.toks[k - 1].norm in self.words["collectives"]

    def _verb_between(self, a: Mention, m: Mention) -> bool:
        """For an event noun, a verb or a "that" between it and a candidate subject means another predicate
        owns that subject ("Russia proposed that it join drills")."""
        if not self._is_noun(m) or (m.first and self.toks[m.first - 1].norm in ("in", "its", "their", "his", "her")):
            return False  # "in protest at", "its war": the clause's subject owns the noun
        for k in range(a.last + 1, m.first):
            if self.toks[k].norm == "that":
                return True
            other = self.view.by_token.get(k)
            if other is not None and other.kind in ("trigger", "report") and self._verb_position(other) and not (
                    surfaces_of(other)[0].ref.get("light")):
                return True
        return False

    def _antecedent(self, rel: int) -> Mention | None:
        k = rel - 1
        if k >= 0 and self.toks[k].norm == ",":
            k -= 1
        for a in reversed(self.actors):
            if k - 10 <= a.last <= k and self._governed(a) in (None, "of"):
                return a
        return None

    def _is_speaker(self, a: Mention, m: Mention) -> bool:
        return any(f.speaker is a and not (f.start <= m.first < f.end and f.start > a.last) for f in self.view.frames
                   if f.speaker is not None) and not any(f.start <= a.first < f.end for f in self.view.frames)

    def _object(self, m: Mention, end: int, places: bool = False) -> Mention | None:
        """The first actor after a verb, over articles, adverbs and modifiers, that no preposition governs; with
        ``places``, a place too ("struck Gaza", "raided Jenin": its state is the target of a conflict event)."""
        k = m.last + 1
        limit = min(end, m.last + 5)
        while k < limit:
            a = self.view.by_token.get(k)
            if a is not None and (a.kind == "actor" or (places and a.kind == "place")):
                governor = self._governed(a)
                return a if governor is None or (governor == "of" and self._collective_before(a)) else None
            if a is not None and a.kind in ("trigger", "report"):
                return None
            if self.toks[k].norm == "of" and k > m.last + 1 and self.toks[k - 1].norm in self.words["collectives"]:
                k += 1  # "killed three members of the SDF", "arrested dozens of protesters"
                limit = min(end, limit + 4)
                continue
            if self.toks[k].norm in self.preps or self.toks[k].norm in (",", ".", "that", "to"):
                return None
            k += 1
        return None

    def _complement_target(self, m: Mention, end: int) -> tuple[Mention | None, str]:
        """The target of a verb whose complement is a clause: "demanded that Hamas renounce …" (the that-clause's
        subject), "threatened to ban opposition candidates" (the object of the act threatened). (None, rule) when
        the complement is an infinitive naming nobody (the target stays empty); (None, "") when there is none."""
        k = m.last + 1
        while k < end and (k in self.view.date_tokens or self.toks[k].norm in self.words["complement_skip"]):
            k += 1  # "threatened today to", "demanded on Tuesday that"
        if k >= end:
            return None, ""
        word = self.toks[k].norm
        infinitive = m.text.lower().endswith(" to") or word == "to"
        after = self.view.by_token.get(k + 1)
        if word == "to" and k + 1 < end and ((after is not None and after.kind in ("actor", "place")) or (
                self.toks[k + 1].norm in self.words["determiners"] and not (
                    after is not None and after.kind == "trigger" and surfaces_of(after, "verb")))):
            return None, ""  # "to the United Nations": a preposition, not an infinitive ("to close" is one)
        if word != "that" and not infinitive:
            return None, ""
        for j in range(k + 1, min(end, k + 8)):
            a = self.view.by_token.get(j)
            if a is not None and a.kind == "report":
                break
            if a is not None and a.kind == "actor" and a.actor is not None and a.actor.code:
                return a, ("target: the subject of the that-clause (demanded that X …)" if word == "that"
                           else "target: from the act it is about (threatened to … X)")
            if self.toks[j].norm in (",", ";", ".", "that", "which", "who"):
                break
        return None, "target: none named in the act it is about (an infinitive complement)" if infinitive else ""

    def _place_after(self, m: Mention, end: int) -> Mention | None:
        """Where a conflict event happens: the first place or actor after the trigger that a locative preposition
        governs ("a car bomb exploded in Baghdad", "a shooting near the Israeli embassy"), within a few words, with
        no quotation mark, reporting verb or other event between."""
        for k in range(m.last + 1, min(end, m.last + 9, len(self.toks))):
            word = self.toks[k].norm
            if word in ('"', "“", "”", "«", "»", ";"):
                return None
            a = self.view.by_token.get(k)
            if a is None:
                continue
            if a.kind in ("report", "trigger"):
                return None
            if a.kind in ("place", "actor") and a.actor is not None and a.actor.code and (
                    self._locative_before(a)):
                return a
        return None

    def _locative_before(self, a: Mention) -> bool:
        """Is ``a`` governed by a locative preposition, over articles and compass words ("in northeastern Syria")?"""
        k = a.first - 1
        while k >= 0 and (self.toks[k].norm in ("the", "a", "an") or self.toks[k].norm in self.words["directions"]):
            k -= 1
        return k >= 0 and self.toks[k].norm in self.words["locative"]

    def _prep_target(self, m: Mention, preps: list[str], end: int, reach: int = 8,
                     right_after: bool = False, places: bool = False) -> tuple[Mention | None, str]:
        """The actor after one of ``preps``; with ``places``, a coded place right after the trigger too ("an air
        strike on Gaza", "the shelling of Kharkiv": its state is the target of a conflict event)."""
        k = m.last + 1
        limit = min(end, m.last + 1 + reach)
        if right_after:
            while k < limit and self.toks[k].norm in self.words["determiners"]:
                k += 1
            a = self.view.by_token.get(k)
            return (a, "") if a is not None and a.kind == "actor" else (None, "")
        while k < limit:
            tok = self.toks[k].norm
            if tok in preps:
                j = k + 1
                while j < limit and (self.toks[j].norm in self.words["determiners"] or self.toks[j].norm in ("the",)):
                    j += 1
                a = self.view.by_token.get(j)
                if a is not None and (a.kind == "actor" or (places and a.kind == "place" and (
                        k <= m.last + 2 or tok == "into") and (
                        a.actor is not None and a.actor.code))):
                    return a, tok
            other = self.view.by_token.get(k)
            if other is not None and other is not m and ((other.kind == "report" and self._frame_verb(other)) or (
                    other.kind == "trigger" and self._verb_position(other))):
                break  # another verb's arguments begin
            if tok in (".", ";"):
                break
            k += 1
        return None, ""

    def _frame_verb(self, m: Mention) -> bool:
        """Is this reporting word the verb of a frame (not a participle like "extradited suspected militants")?"""
        return any(f.verb is m for f in self.view.frames)

    def _possessor(self, m: Mention, start: int) -> Mention | None:
        """ "Russia's war", "Kim's possible trip", "the Ukrainian counteroffensive", "North Korea's missile tests"."""
        k = m.first - 1
        steps = 0
        while k >= start and steps < 4:
            a = self.view.by_token.get(k)
            if a is not None and a.kind == "actor":
                return a if (k + 1 < len(self.toks) and self.toks[k + 1].norm == "'s") or self._prev_is_modifier(a) \
                    else None
            tok = self.toks[k].norm
            if tok in self.preps or tok in (",", "."):
                return None
            k -= 1
            steps += 1
        return None
