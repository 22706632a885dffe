"""The author's tools behind `tasks.py` that are not Pelican plugins.

- `articles.py`: `invoke new` and `invoke translate` (create a file with its metadata).
- `preview.py`: `invoke serve` (local server, rebuild on change, live reload).
- `publish.py`: `invoke publish --git` (push the built site to a gh-pages branch).

Building and checking live in `plugins/content_checks/` (the checks plugin and its build
runner), so `invoke build`, `check` and `publish` report problems the same way.
"""
