"""Render an own Word template (`--mall`) within limits of time, memory and output size.

Jinja's sandbox stops templates from reaching Python's internals, but not from looping for hours,
building a gigabyte string or recursing without end. Where the platform can fork, an own template
is rendered in a child process with a CPU-time and memory limit and a wall-clock timeout; the child
sends back the rendered document. Everywhere, the sandbox refuses huge string and list products
and powers (`Limited`), and the rendered document's size is bounded.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from typing import Any, Callable

from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ..errors import FinsamError
from ..limits import TEMPLATE_MEMORY_BYTES, TEMPLATE_OUTPUT_BYTES, TEMPLATE_SECONDS


class Limited(SandboxedEnvironment):
    """The sandbox, with `*` and `**` unable to build huge values."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > TEMPLATE_OUTPUT_BYTES:
                    raise SecurityError("en för stor text eller lista byggs med *")
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 1000:
            raise SecurityError("för stor exponent i **")
        return super().call_binop(context, operator, left, right)


def no_lipsum(*_: Any, **__: Any) -> str:
    """Jinja's placeholder text generator, refused: lipsum(n=10**8) builds a gigabyte of text."""
    raise SecurityError("lipsum (platshållartext) finns inte i rapportmallar")


def _check_size(data: bytes, name: str) -> None:
    from ..safe_zip import Package, TooLarge

    try:
        Package(data, part_limit=TEMPLATE_OUTPUT_BYTES, total_limit=TEMPLATE_OUTPUT_BYTES)
    except TooLarge:
        raise FinsamError(f"Mallen {name} ger ett för stort dokument (gränsen är "
                          f"{TEMPLATE_OUTPUT_BYTES // 1024 // 1024} MB text).") from None


def _limit_self() -> None:
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_CPU)  # never above a limit the caller already set
    ceiling = TEMPLATE_SECONDS + 2 if hard == resource.RLIM_INFINITY else min(hard, TEMPLATE_SECONDS + 2)
    resource.setrlimit(resource.RLIMIT_CPU, (ceiling - 1 if ceiling > 1 else ceiling, ceiling))
    try:
        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (used + TEMPLATE_MEMORY_BYTES, used + TEMPLATE_MEMORY_BYTES))
    except (OSError, ValueError):  # no /proc (macOS): the CPU limit and the timeout still hold
        pass


def render_limited(tpl: Any, render: Callable[[], list[str]], name: str, seconds: float | None = None) -> list[str]:
    """Run `render()` (which renders `tpl` in place and returns missing names) within the limits; on
    return `tpl` holds the rendered document. FinsamError in Swedish when a limit is passed."""
    if "fork" not in multiprocessing.get_all_start_methods():  # Windows: sandbox limits only
        missing = render()
        buffer = io.BytesIO()
        tpl.save(buffer)
        _check_size(buffer.getvalue(), name)
        return missing
    seconds = TEMPLATE_SECONDS if seconds is None else seconds
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)

    def child() -> None:
        _limit_self()
        try:
            missing = render()
            buffer = io.BytesIO()
            tpl.save(buffer)
            _check_size(buffer.getvalue(), name)
            send.send(("ok", missing, buffer.getvalue()))
        except FinsamError as exc:
            send.send(("fel", str(exc), None))
        except MemoryError:
            send.send(("fel", f"Mallen {name} behöver för mycket minne för att fyllas i.", None))
        except RecursionError:
            send.send(("fel", f"Mallen {name} anropar sig själv utan slut (rekursion).", None))
        except Exception as exc:  # anything else an own template can provoke: one line, no traceback
            send.send(("fel", f"Mallen {name} kunde inte fyllas i ({type(exc).__name__}).", None))

    process = multiprocessing.get_context("fork").Process(target=child, daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise FinsamError(f"Mallen {name} tog längre än {seconds:g} sekunder att fylla i och avbröts. "
                              "Har den en loop som aldrig tar slut?")
        status, payload, data = receive.recv()
    except EOFError:
        raise FinsamError(f"Mallen {name} kunde inte fyllas i: den behövde för mycket tid eller minne.") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
    if status != "ok":
        raise FinsamError(payload)
    from docx import Document

    tpl.docx, tpl.is_rendered = Document(io.BytesIO(data)), True
    return payload
