"""``python -m companion``, the ``companion`` console script and the frozen app: the
command line, or (started by the window's start with ``READER_FLAG``) the reader of
ホーム's kept figures."""

import gc
import sys

READER_FLAG = "--read-home-cache"  # services/home_cache_reader.py's (a test keeps them equal)

# A start is mostly imports: functions, classes and tables that live until the process
# ends. At Python's default the collector walks them again after every 700 new objects
# and frees nothing (55 passes, 6–9 ms of `companion verify`); a pass after every 50,000
# still bounds what cycles can hold (a few MB), in a command and in the window alike.
GC_THRESHOLD = 50_000


def main() -> None:
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    if sys.argv[1:2] == [READER_FLAG]:
        from companion.services.home_cache_reader import serve

        raise SystemExit(serve(sys.argv[2:]))
    from companion.cli import run_process

    run_process()


if __name__ == "__main__":
    main()
