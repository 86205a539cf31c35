"""KL0xx: files that cannot be analysed. The engine reports these itself."""

from __future__ import annotations

import inspect

from keraslint.diagnostics import Severity
from keraslint.rules.registry import Rule, register

SYNTAX_ERROR = register(
    Rule(
        code="KL001",
        name="syntax-error",
        summary="the file cannot be parsed",
        severity=Severity.ERROR,
        docs=inspect.cleandoc(
            """
            ## What it does
            Reports a file that is not valid Python 3 (or is nested too deeply to analyse), at
            the place the parser gave up. Only files that mention Keras or TensorFlow are
            parsed at all: a syntax error elsewhere is not keraslint's business.

            ## Why is this bad?
            keraslint cannot check a file it cannot parse, so mistakes in it go unreported.
            Python 2 code (`print "x"`, `except X, e:`) is common in old Keras repositories.
            The rest of the run goes on. A `.py` file that is only invalid because of IPython
            lines (`!pip install ...`, `%matplotlib inline`: a notebook saved as a script) is
            reported, and still checked with those lines masked, as in a notebook.

            ## Example
            ```python
            from keras.models import Sequential
            print "training"
            ```

            ## Use instead
            ```python
            from keras.models import Sequential
            print("training")
            ```
            """
        ),
    )
)

UNREADABLE_FILE = register(
    Rule(
        code="KL002",
        name="unreadable-file",
        summary="the file cannot be read or decoded",
        severity=Severity.ERROR,
        docs=inspect.cleandoc(
            """
            ## What it does
            Reports a file that cannot be read (permissions, a broken link) or decoded (bytes
            that are not valid in the file's declared or default UTF-8 encoding).

            ## Why is this bad?
            keraslint cannot check a file it cannot read. The rest of the run goes on.

            ## Example
            A file saved as Latin-1 without a `# -*- coding: latin-1 -*-` line.

            ## Use instead
            Save the file as UTF-8, or declare its encoding on the first or second line.
            """
        ),
    )
)

INTERNAL_ERROR = register(
    Rule(
        code="KL003",
        name="internal-error",
        summary="keraslint failed while analysing the file",
        severity=Severity.ERROR,
        docs=inspect.cleandoc(
            """
            ## What it does
            Reports that keraslint itself raised an exception while analysing a file. The
            other files are still checked, and the run exits with status 2 so CI notices.

            ## Why is this bad?
            It is a bug in keraslint, not in your code. Please report it with the file (or a
            small excerpt that reproduces it); `--debug` prints the traceback.

            ## Example
            Any file that triggers a keraslint bug.

            ## Use instead
            Nothing to change in your code; exclude the file (`extend-exclude`) until it is fixed.
            """
        ),
    )
)
