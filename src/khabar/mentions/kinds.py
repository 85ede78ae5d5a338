"""The kinds of lexicon mentions, shared by every language's matcher and actor composer."""

# When one span has payloads of several kinds, the first kind here names the mention.
KIND_PRIORITY = ("discard", "person", "org", "seat", "state", "capital", "agent", "demonym", "report", "cue", "trigger",
                 "person_short", "place")
# Lexicon kinds that name actors (composed into coded actors by each language's actor composer).
ACTOR_KINDS = frozenset({"state", "capital", "seat", "org", "person", "person_short", "agent", "demonym", "place"})
# Roles of a state's own institutions: one without a country takes the state the article is about (both languages).
STATE_ROLES = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
