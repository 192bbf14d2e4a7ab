"""Domain exceptions: each carries a Swedish message meant for the user."""


class FinsamError(Exception):
    """Bad input or an unusable file; the message is Swedish and shown as it is."""

    def __init__(self, message: str, *, file: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message
