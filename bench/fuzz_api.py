"""The longer API fuzz run: N generated requests (valid and invalid) per OpenAPI operation,
as the county admin, failing on any server error. The test suite runs 3 per operation.

  .venv/bin/python bench/fuzz_api.py            # 50 per operation, SQLite
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/liangxin_fuzz .venv/bin/python bench/fuzz_api.py 200
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    examples = sys.argv[1] if len(sys.argv) > 1 else "50"
    env = {**os.environ, "FUZZ_EXAMPLES": examples, "DEBUG": "1"}
    sys.exit(
        subprocess.call(
            [sys.executable, "-m", "pytest", "tests/api/test_fuzz.py", "-q"],
            cwd=ROOT,
            env=env,
        )
    )
