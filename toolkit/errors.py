"""Domain exceptions: each carries a Swedish message meant for the user; Swedish for the OS's errors."""

import errno


class FinsamError(Exception):
    """Bad input or an unusable file; the message is Swedish and shown as it is."""

    def __init__(self, message: str, *, file: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message


#: Swedish for the operating system's errors (its own texts are English).
_OS_REASONS = {
    errno.ENOENT: "filen eller mappen finns inte",
    errno.EEXIST: "det finns redan en fil med det namnet",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EISDIR: "det är en mapp, inte en fil",
    errno.ENOSPC: "disken är full",
    errno.EFBIG: "filen blev större än disken eller systemet tillåter",
    getattr(errno, "EDQUOT", -1): "diskkvoten är full",
    errno.EROFS: "platsen går bara att läsa",
    errno.EACCES: "åtkomst nekad",
    errno.EPERM: "åtkomst nekad",
    errno.EBUSY: "filen används av ett annat program",
}


def os_reason(exc: BaseException) -> str:
    """Why an operating-system error happened, in Swedish ("filen eller mappen finns inte")."""
    if isinstance(exc, UnicodeDecodeError):
        return "filen är inte sparad som text i UTF-8"
    return _OS_REASONS.get(getattr(exc, "errno", None) or 0, "filsystemet svarade med ett fel")
