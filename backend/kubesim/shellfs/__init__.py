"""The container an exec session enters: its environment and a small simulated filesystem.

`container_context` gathers what the simulated shell (kubesim.shell) may show from the pod and
the objects it references (ConfigMaps, Secrets, Services), through a lookup, so this module stays
free of the API server and easy to test. The filesystem is an in-memory tree built from the
image and the pod's volume mounts; writes go to it and last for the session.

Layout: `environment` (env variables), `context` (the container: identity, limits, volumes),
`filesystem` (the in-memory tree), `image_files` (what an image ships).
"""

from __future__ import annotations

from kubesim.shellfs.context import ContainerContext, container_context
from kubesim.shellfs.environment import Lookup, Obj, container_env
from kubesim.shellfs.filesystem import MESSAGES, FileError, FileSystem
from kubesim.shellfs.image_files import NGINX_INDEX

__all__ = [
    "MESSAGES",
    "NGINX_INDEX",
    "ContainerContext",
    "FileError",
    "FileSystem",
    "Lookup",
    "Obj",
    "container_context",
    "container_env",
]
