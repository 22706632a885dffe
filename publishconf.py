"""Production settings: everything from pelicanconf.py, plus what publishing changes."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403
from pelicanconf import url_settings  # noqa: E402

# The public address; CI sets SITEURL for GitHub Pages.
SITEURL = os.environ.get("SITEURL", "https://collaboration.example.org")
RELATIVE_URLS = False
# Directory URLs (/fr/2012/slug/) on a web server.
OFFLINE_URLS = False
globals().update(url_settings(OFFLINE_URLS))
# Drafts are for the preview: the published site has no page, link or sitemap entry of one.
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""

DELETE_OUTPUT_DIRECTORY = True
# A tag that matches no concept of content/taxonomy.toml fails the production build, and so
# does any other content warning (broken link, typo in a metadata key...).
TAXONOMY_STRICT = True
CONTENT_CHECKS_STRICT = True
