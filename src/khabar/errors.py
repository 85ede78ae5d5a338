"""User-facing errors with stable codes, and the process exit codes the CLI uses.

Every error a user can cause (bad file, bad lexicon, bad option) is raised as :class:`KhabarError` with a
stable code, so scripts and tests can match on the code instead of on wording. ``str(err)`` is one line::

    E101 data/article.txt: file not found
    E302 events.jsonl:7: line is not valid JSON: Expecting value (column 1)

====  ====================================================  =============
Code  Meaning                                               Exit code
====  ====================================================  =============
E101  input file not found                                  EXIT_INPUT 3
E102  not a regular file, or unreadable (permissions, I/O)  EXIT_INPUT 3
E103  empty input (no bytes, or only whitespace)            EXIT_INPUT 3
E104  binary data, not text                                 EXIT_INPUT 3
E105  undecodable text / unknown encoding                   EXIT_INPUT 3
E106  input too large (over the limit, default 50 MB)       EXIT_INPUT 3
E107  an article id reused for a different text             EXIT_INPUT 3
E201  lexicon schema error                                  EXIT_LEXICON 4
E202  lexicon refers to an unknown code                     EXIT_LEXICON 4
E301  bad gold (evaluation) file                            EXIT_INPUT 3
E302  bad line in an events JSONL file                      EXIT_INPUT 3
E401  bad date option                                       EXIT_USAGE 2
E501  no stored article with that id (or prefix)            EXIT_INPUT 3
E601  store cannot be opened (bad path/URL, missing, busy)  EXIT_INPUT 3
====  ====================================================  =============

Exit codes: ``EXIT_OK`` 0, ``EXIT_USAGE`` 2 (the code click uses for usage errors), ``EXIT_INPUT`` 3,
``EXIT_LEXICON`` 4, ``EXIT_INTERNAL`` 70 (a bug: an unexpected exception, like ``EX_SOFTWARE``).
"""

from __future__ import annotations

import os

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_LEXICON = 4
EXIT_INTERNAL = 70

E_NOT_FOUND = "E101"
E_UNREADABLE = "E102"
E_EMPTY = "E103"
E_BINARY = "E104"
E_ENCODING = "E105"
E_TOO_LARGE = "E106"
E_ID_CONFLICT = "E107"
E_LEXICON_SCHEMA = "E201"
E_LEXICON_CODE = "E202"
E_GOLD = "E301"
E_EVENTS_LINE = "E302"
E_DATE_OPTION = "E401"
E_NO_ARTICLE = "E501"
E_STORE = "E601"

#: Short description of every code (the table above, as data).
CODES: dict[str, str] = {
    E_NOT_FOUND: "file not found",
    E_UNREADABLE: "not a regular file or unreadable",
    E_EMPTY: "empty input",
    E_BINARY: "binary data, not text",
    E_ENCODING: "undecodable text or unknown encoding",
    E_TOO_LARGE: "input too large",
    E_ID_CONFLICT: "article id reused for a different text",
    E_LEXICON_SCHEMA: "lexicon schema error",
    E_LEXICON_CODE: "lexicon unknown code",
    E_GOLD: "bad gold file",
    E_EVENTS_LINE: "bad events JSONL line",
    E_DATE_OPTION: "bad date option",
    E_NO_ARTICLE: "no stored article with that id",
    E_STORE: "the store cannot be opened",
}

_EXIT_BY_CODE: dict[str, int] = {
    E_LEXICON_SCHEMA: EXIT_LEXICON,
    E_LEXICON_CODE: EXIT_LEXICON,
    E_DATE_OPTION: EXIT_USAGE,
}


class KhabarError(Exception):
    """An error caused by the user's input, with a stable ``code`` and an optional location.

    ``path`` names the offending file (or a label such as ``<stdin>``); ``line`` is 1-based.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        super().__init__(code, message)

    def __reduce__(self) -> tuple[object, ...]:
        # Keep keyword-only location through pickling (e.g. across multiprocessing workers).
        return (self.__class__, (self.code, self.message), {"path": self.path, "line": self.line})

    @property
    def exit_code(self) -> int:
        """The process exit code for this error (see the module table)."""
        return _EXIT_BY_CODE.get(self.code, EXIT_INPUT)

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        message = " ".join(self.message.split())  # always exactly one line
        return f"{self.code} {where}: {message}" if where else f"{self.code} {message}"

    def __repr__(self) -> str:
        return f"KhabarError({self.code!r}, {self.message!r}, path={self.path!r}, line={self.line!r})"
