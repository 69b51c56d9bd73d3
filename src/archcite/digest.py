"""SHA-256, the one hash archcite names content by (cache keys, the index, import checksums).

CPython's built-in SHA-256 module answers the same as ``hashlib``'s and starts in a fraction of
the time (``hashlib`` loads OpenSSL): it matters to a cached ``archcite cite``, which hashes a
few kilobytes and is done.
"""

from __future__ import annotations

try:  # CPython 3.12 names it _sha2, 3.11 _sha256
    from _sha2 import sha256 as _sha256  # type: ignore[import-not-found, unused-ignore]
except ImportError:
    try:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
    except ImportError:
        from hashlib import sha256 as _sha256  # type: ignore[assignment, unused-ignore]

sha256 = _sha256


def hexdigest(data: bytes) -> str:
    return str(sha256(data).hexdigest())
