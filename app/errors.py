"""The app's one root exception.

Every failure the user can cause or fix (bad file, bad value, locked database…) is raised as a
``CyberCabinetError`` whose message is already written for a person: what is wrong and what to
do. Anything else that escapes is a bug and is logged, never shown as a traceback.
"""


class CyberCabinetError(Exception):
    """An error with a message meant for the user."""

    exit_code: int = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class ValidationError(CyberCabinetError):
    """Input (a file, a value, an option) does not have the expected form."""


class NotFoundError(CyberCabinetError):
    """Something named by the user (an assessment, a practice, a file) does not exist."""


class CheckFailed(CyberCabinetError):
    """A check ran and its answer is "no" (e.g. a signature is not intact): exit code 1."""

    exit_code = 1
