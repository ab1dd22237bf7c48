"""Static files from node_modules: only the files the pages load, not whole packages.

`STATICFILES_DIRS` can only name folders, and npm's folders carry every build of a package
(echarts' `dist` alone is 51 MB of ESM, CommonJS and source-map builds): `collectstatic`
copied and compressed 266 MB and took minutes on every deployment. `VENDOR_STATIC` names, per
package folder, the glob patterns of the files served; a minified file's source map comes
with it because the manifest storage rewrites the `sourceMappingURL` it names.
"""

import fnmatch
import os

from django.conf import settings
from django.contrib.staticfiles.finders import FileSystemFinder
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage


class VendorFinder(FileSystemFinder):
    def __init__(self, app_names=None, *args, **kwargs):
        self.locations = []
        self.storages = {}
        self.patterns = {}
        for prefix, root, patterns in settings.VENDOR_STATIC:
            root = str(root)
            self.locations.append((prefix, root))
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix
            self.storages[root] = storage
            self.patterns[root] = tuple(patterns)

    def check(self, **kwargs):
        return [
            CheckWarning(
                f"'{root}' 不存在：请先运行 npm ci（make deps）。", id="liangxin.W001"
            )
            for _prefix, root in self.locations
            if not os.path.isdir(root)
        ]

    def _wanted(self, root: str, relative: str) -> bool:
        relative = relative.replace(os.sep, "/")
        return any(fnmatch.fnmatchcase(relative, p) for p in self.patterns[root])

    def find_location(self, root, path, prefix=None):
        if prefix:
            if not path.startswith(prefix + "/"):
                return None
            path = path.removeprefix(prefix + "/")
        if not self._wanted(root, path):
            return None
        return super().find_location(root, path)

    def list(self, ignore_patterns):
        for _prefix, root in self.locations:
            storage = self.storages[root]
            for dirpath, _dirs, files in os.walk(root):
                for name in files:
                    relative = os.path.relpath(os.path.join(dirpath, name), root)
                    if self._wanted(root, relative):
                        yield relative, storage
