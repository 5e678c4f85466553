"""Runs page snippets in one interpreter, each unchanged in a fresh namespace, and returns what each
printed. Reads a JSON list of source texts on stdin; writes a JSON list of {"stdout"} or {"error"}."""
import contextlib
import io
import json
import sys
import traceback

results = []
for i, source in enumerate(json.load(sys.stdin)):
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(source, f'<snippet {i}>', 'exec'), {'__name__': '__main__'})
        results.append({'stdout': printed.getvalue()})
    except Exception:
        results.append({'error': traceback.format_exc(), 'stdout': printed.getvalue()})
json.dump(results, sys.stdout)
