"""The English coder: the same stages and data model as the Arabic one, for English word order.

text → sentences and tokens (``tokens``) → lexicon mentions (``match``) → coded actors (``actors``) → reporting
frames, clause boundaries and modality cues (``clauses``) → event candidates (``events``) → the shared
``events.assemble`` that turns candidates into :class:`khabar.model.Event` records. ``coder.code_english`` runs them.
"""
