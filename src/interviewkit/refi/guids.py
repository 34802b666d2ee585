"""Stable GUIDs for what we export, and the GUID forms other tools write.

REFI-QDA names every code, source, user and note by a GUID. Ours are
derived (uuid5), so that exporting the same project twice gives the same
file, and two coders who share a codebook export the same code GUIDs: the
same code always gets the same GUID. A GUID that came in from another tool
(stored in the project at import) wins over the derived one, so that a
project exported again reaches that tool with its own GUIDs.
"""

from __future__ import annotations

import uuid

from interviewkit.codebook.qdc import guid_key

#: The root of every GUID interviewkit derives (itself a uuid5 of our URL).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://interviewkit.invalid/refi-qda")


def derived(scope: str, kind: str, key: str) -> str:
    """The GUID of the ``kind`` named ``key`` in ``scope`` (the codebook or project name).

    >>> derived("Study", "code", "trust") == derived("Study", "code", "trust")
    True
    """
    space = uuid.uuid5(NAMESPACE, scope)
    return str(uuid.uuid5(space, f"{kind}:{key}"))


def normalize(guid: str | None) -> str | None:
    """A GUID in one canonical form (lower case, no braces); ``None`` if it is none.

    Tools write GUIDs in upper case (Taguette, ATLAS.ti), lower case (NVivo)
    or in braces; they name the same thing. Compare GUIDs in this form, but
    keep and write back the form the tool wrote.
    """
    return guid_key(guid)
