from companion.cli import run_process

run_process()
