"""``python -m companion`` and the frozen app: the command line, or (started by the
window's start with ``READER_FLAG``) the reader of ホーム's kept figures."""

import sys

READER_FLAG = "--read-home-cache"  # services/home_cache_reader.py's (a test keeps them equal)

if sys.argv[1:2] == [READER_FLAG]:
    from companion.services.home_cache_reader import serve

    raise SystemExit(serve(sys.argv[2:]))
else:
    from companion.cli import run_process

    run_process()
