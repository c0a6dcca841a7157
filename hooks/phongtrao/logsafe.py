"""Untrusted text in a log line. Standard library only: the ownership gate imports it as a script.

A newline in a file name or a YAML value would start a new log line that GitHub
reads as a workflow command (`::stop-commands::TOKEN` hides every annotation
after it); control characters could rewrite a terminal. Both are shown as
visible escapes, and `::` is split by a zero-width space.
"""
from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]|::")


def printable(value) -> str:
    return _UNSAFE.sub(lambda m: ":\u200b:" if m[0] == "::" else f"\\x{ord(m[0]):02x}", str(value))


def escape_data(text: str) -> str:
    """The message part of a GitHub workflow command (`::error …::MESSAGE`)."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property of a GitHub workflow command (`file=…`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
