"""Random edits: every incremental rebuild writes the site a build from scratch writes.

tests/build/test_incremental_pages.py checks a fixed list of steps. Here a seeded random
generator picks a sequence of author edits (a body, a wikilink to another article's
title, a `{filename}` link added or made plain text, a title, a tag, a date, a summary, an
author, a new article, a new translation, a deletion, a file renamed with the links to
it, a taxonomy label, description, alias or parent, a draft or hidden article and back,
a slug, a category, a `Modified:` date, a knowledge-base page's body, title or order, a
translation unpaired, an image added to an article or replaced) and the files they apply
to. After each edit the site is rebuilt incrementally (same output and cache as the step
before: Pelican's content cache, the cached analyses, the kept related-post rankings,
the page fingerprints) and compared, file by file and folder by folder, with a build of
the same content from scratch. The second test makes two to four edits between two
builds, as a `git pull` brings them; the third goes through the warm build process
`invoke serve` uses (`WarmBuilds`), whose rebuilds may resume from the end of the last
build's reading.

Same seed, same edits: a failure names the seed, the step, the edit and the files.
`RANDOM_EDIT_SEEDS=1,2,3`, `RANDOM_BATCH_SEEDS=4,5` and `RANDOM_WARM_SEEDS=6,7` run other
seeds than the suite's.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import tomllib
import unicodedata
from pathlib import Path

import pytest

from plugins.content_checks.warm import WarmBuilds
from tests.build.test_incremental_pages import Steps, files, folders
from tests.conftest import ROOT, SAMPLE_CONTENT


def _seeds(variable: str, default: list[int]) -> list[int]:
    """The seeds to run: `default`, or those listed in an environment variable ("1,2,3")."""
    return [int(seed) for seed in os.environ.get(variable, "").split(",") if seed] or default


SEEDS = _seeds("RANDOM_EDIT_SEEDS", [1729, 20121112, 23, 117232])  # together, every kind below
WARM_SEEDS = _seeds("RANDOM_WARM_SEEDS", [4242])
BATCH_SEEDS = _seeds("RANDOM_BATCH_SEEDS", [31337])
BATCH_EDITS = 12
"""Edits per sequence of batches (2 to 4 edits between two builds)."""
STEPS = 9
"""Edit kinds per sequence (a draft adds the step that publishes it again)."""
WARM_STEPS = 6

KINDS = (
    "body",
    "wikilink",
    "title",
    "tag",
    "date",
    "summary",
    "new_article",
    "translation",
    "delete",
    "taxonomy",
    "draft",
    "slug",
    "category",
    "modified",
    "kb_body",
    "kb_title",
    "kb_order",
    "unpair",
    "link",
    "unlink",
    "rename",
    "parent",
    "alias",
    "author",
    "image",
    "image_bytes",
)

CATEGORIES = {  # French category: its English counterpart (the sample site's)
    "Social business": "Social business",
    "Intranet": "Intranet",
    "Management": "Management",
    "Réseaux sociaux": "Social networks",
}
SENTENCES = {
    "fr": ["Une précision s'impose ici.", "Le constat vaut aussi ailleurs.", "J'y reviendrai."],
    "en": ["This deserves a word more.", "The same holds elsewhere.", "More on that later."],
}
LINK_WORDS = {"fr": "Voir aussi [cette lecture", "en": "See also [this reading"}
IMAGE_ALT = {"fr": "Schéma de l'étape", "en": "Diagram of step"}
PNG = bytes.fromhex("89504e470d0a1a0a")  # a PNG signature, then random bytes
SEE_ALSO = {"fr": "Sur ce sujet, voir aussi [[{}]].", "en": "On this subject, see also [[{}]]."}
TITLE_ENDS = {
    "fr": [" : le point", ", deuxième regard", " (revu)"],
    "en": [": a second look", ", revisited", " (updated)"],
}
SUMMARIES = {
    "fr": "Ce que l'étape {} change à l'article, en une phrase.",
    "en": "What step {} changes in the article, in one sentence.",
}


# --- The content, as an author sees it ---------------------------------------------------


def header(path: Path) -> dict[str, str]:
    """The metadata lines of an article, by lowercase key."""
    fields = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def set_field(path: Path, key: str, value: str | None) -> None:
    """Set (or add, or with None remove) one metadata line of an article."""
    lines = path.read_text("utf-8").split("\n")
    end = lines.index("")
    where = [i for i in range(end) if lines[i].lower().startswith(key.lower() + ":")]
    if value is None:
        del lines[where[0]]
    elif where:
        lines[where[0]] = f"{key}: {value}"
    else:
        lines.insert(end, f"{key}: {value}")
    path.write_text("\n".join(lines), "utf-8")


def fold(name: str) -> str:
    """A tag as the taxonomy compares it: no case, accents, spaces, hyphens or underscores."""
    name = unicodedata.normalize("NFKD", name.casefold())
    return re.sub(r"[\s_\-]", "", "".join(c for c in name if not unicodedata.combining(c)))


class Site(Steps):
    """The sample site edited at random, built incrementally and from scratch.

    `Steps` (test_incremental_pages.py) for the rest: `incremental()` waits for the last
    replaced site to be retired, then builds into the same output and cache;
    `from_scratch()` builds with a fresh cache and output and `INCREMENTAL_PAGES=False`.
    """

    def __init__(self, tmp: Path, sample: Path, seed: int, warm: WarmBuilds | None = None):
        self.tmp = tmp
        self.content = tmp / "content"
        shutil.copytree(sample / "content", self.content)
        self.theme = sample / "theme"  # never edited: one copy for the module
        self.output = tmp / "output"
        self.count = 0
        self.rng = random.Random(seed)
        self.seed = seed
        self.warm = warm
        self.done: list[str] = []  # the edits made so far, "step N: kind file: detail"
        self.drafted: Path | None = None

    def build(self, output: Path, cache: Path, **overrides) -> dict:
        self.count += 1
        incremental = output == self.output
        # One summary file for the incremental builds: a warm build resumes only a build
        # with the very same arguments (warm.py, `_resume`).
        summary = self.tmp / ("summary.json" if incremental else f"summary-{self.count}.json")
        outcome = self.run_build(
            output,
            cache,
            summary,
            warm=self.warm if incremental else None,
            echo=lambda line: None,  # in outcome.log, shown if the build fails
            **overrides,
        )
        which = "incremental" if incremental else "from scratch"
        assert outcome.code == 0, f"{self.where()}: the {which} build failed\n{outcome.log}"
        return json.loads(summary.read_text("utf-8"))

    def where(self) -> str:
        return f"seed {self.seed}, step {len(self.done)} ({self.done[-1] if self.done else '-'})"

    # What the edits choose from, read from the files as they are now.

    def articles(self, lang: str = "*", published: bool = False) -> list[Path]:
        found = sorted(self.content.glob(f"articles/{lang}/*.md"))
        return [p for p in found if not published or header(p).get("status") != "draft"]

    def name(self, path: Path) -> str:
        return path.relative_to(self.content).as_posix()

    def concepts(self) -> list[dict]:
        return tomllib.loads((self.content / "taxonomy.toml").read_text("utf-8"))["tag"]

    def pick(self, paths: list[Path]) -> Path:
        return self.rng.choice(paths)

    # The edits: each returns the file it changed and what it did.

    def body(self, step: int) -> tuple[Path, str]:
        path = self.pick(self.articles())
        lines = path.read_text("utf-8").split("\n")
        start = lines.index("")
        paragraphs = [i for i in range(start, len(lines)) if lines[i][:1].isalpha()]
        # The first paragraph half the time: it stands in for a missing summary.
        i = paragraphs[0] if self.rng.random() < 0.5 else self.rng.choice(paragraphs)
        sentence = self.rng.choice(SENTENCES[path.parent.name])
        lines[i] += f" {sentence} ({step})"
        path.write_text("\n".join(lines), "utf-8")
        return path, f"paragraph at line {i + 1} gets {sentence!r}"

    def wikilink(self, step: int) -> tuple[Path, str]:
        path = self.pick(self.articles())
        target = self.pick([p for p in self.articles(published=True) if p != path])
        title = header(target)["title"]
        paragraph = SEE_ALSO[path.parent.name].format(title)
        path.write_text(path.read_text("utf-8").rstrip("\n") + f"\n\n{paragraph}\n", "utf-8")
        return path, f"adds {paragraph!r} ({self.name(target)})"

    def title(self, step: int) -> tuple[Path, str]:
        path = self.pick(self.articles())
        old = header(path)["title"]
        new = old.rstrip(" ?") + self.rng.choice(TITLE_ENDS[path.parent.name])
        set_field(path, "Title", new)
        return path, f"{old!r} -> {new!r}"

    def tag(self, step: int) -> tuple[Path, str]:
        path = self.pick([p for p in self.articles() if header(p).get("tags")])
        lang = path.parent.name
        tags = [t.strip() for t in header(path)["tags"].split(",") if t.strip()]
        concepts = self.concepts()

        def names(concept: dict) -> set[str]:
            spelled = [concept["id"], *concept["label"].values(), *concept.get("aliases", [])]
            return {fold(n) for n in spelled}

        present = {fold(t) for t in tags}
        unused = [c for c in concepts if not names(c) & present]
        old = self.rng.choice(tags)
        new = self.rng.choice(unused)["label"][lang]
        tags[tags.index(old)] = new
        set_field(path, "Tags", ", ".join(tags))
        return path, f"tag {old!r} -> {new!r}"

    def date(self, step: int) -> tuple[Path, str]:
        path = self.pick(self.articles())
        old = header(path)["date"]
        year = self.rng.choice([2011, 2012, 2012, 2013])  # another year moves its page
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        new = f"{year}-{month:02d}-{day:02d} {self.rng.randint(7, 20):02d}:{step:02d}"
        set_field(path, "Date", new)
        return path, f"{old!r} -> {new!r}"

    def summary(self, step: int) -> tuple[Path, str]:
        path = self.pick(self.articles())
        had = header(path).get("summary")
        if had and self.rng.random() < 0.3:
            set_field(path, "Summary", None)  # the opening words stand in for it
            return path, "removes its Summary:"
        new = SUMMARIES[path.parent.name].format(step)
        set_field(path, "Summary", new)
        return path, f"{'changes' if had else 'adds'} Summary: {new!r}"

    def new_article(self, step: int) -> tuple[Path, str]:
        slug = f"nouvel-article-{step}"
        path = self.content / "articles/fr" / f"{slug}.md"
        category = self.rng.choice(sorted(CATEGORIES))
        tags = [c["label"]["fr"] for c in self.rng.sample(self.concepts(), 2)]
        linked = header(self.pick(self.articles(published=True)))["title"]
        title = f"Nouvel article, étape {step} : {self.rng.choice(['le manager', 'les outils'])}"
        path.write_text(
            f"Title: {title}\nDate: {self.rng.choice(['2012-07-03', '2013-02-11'])} 09:00\n"
            f"Category: {category}\nTags: {', '.join(tags)}\nSlug: {slug}\n"
            f"Summary: Un article ajouté à l'étape {step}.\n\n"
            f"Un texte tout neuf, écrit à l'étape {step}, sur le même sujet.\n\n"
            f"{SEE_ALSO['fr'].format(linked)}\n",
            "utf-8",
        )
        return path, f"{title!r}, {category}, tags {tags}"

    def translation(self, step: int) -> tuple[Path, str]:
        translated = set()
        for english in self.articles("en"):
            fields = header(english)
            translated |= {fields.get("translation_key"), fields.get("slug")}
        originals = [p for p in self.articles("fr") if header(p)["slug"] not in translated]
        if not originals:  # every French article has its translation: a new one first
            self.new_article(step)
            return self.translation(step)
        original = self.pick(originals)
        fields = header(original)
        slug = f"{fields['slug']}-in-english"
        path = self.content / "articles/en" / f"{slug}.md"
        path.write_text(
            f"Title: {fields['title']} (in English)\nDate: {fields['date']}\n"
            f"Category: {CATEGORIES[fields['category']]}\nTags: {fields['tags']}\n"
            f"Slug: {slug}\nTranslation_key: {fields['slug']}\n"
            "Summary: The English version, in one sentence.\n\n"
            "The English text of the article, translated at last.\n",
            "utf-8",
        )
        return path, f"translates {self.name(original)}"

    def delete(self, step: int) -> tuple[Path, str]:
        kept = [p for p in self.articles() if p != self.drafted]
        path = self.pick(kept)
        title = header(path)["title"]
        path.unlink()
        return path, f"deletes {title!r}"

    def taxonomy(self, step: int) -> tuple[Path, str]:
        path = self.content / "taxonomy.toml"
        concept = self.rng.choice(self.concepts())
        lang = self.rng.choice(["fr", "en"])
        field = self.rng.choice(["label", "description"])
        old = concept[field][lang]
        if field == "label":  # its tag pages and feeds move (README: Tags, URLs)
            new = f"{old} ({'revu' if lang == 'fr' else 'revised'})"
        else:
            new = f"{old.rstrip('.')} ({step})."
        lines = path.read_text("utf-8").split("\n")
        start = lines.index(f'id = "{concept["id"]}"')
        at = next(i for i in range(start, len(lines)) if lines[i].startswith(f"{field} = "))
        written = json.dumps(old, ensure_ascii=False)
        assert f"{lang} = {written}" in lines[at], lines[at]
        lines[at] = lines[at].replace(
            f"{lang} = {written}", f"{lang} = {json.dumps(new, ensure_ascii=False)}", 1
        )
        path.write_text("\n".join(lines), "utf-8")
        return path, f"{concept['id']} {field} ({lang}) {old!r} -> {new!r}"

    def draft(self, step: int) -> tuple[Path, str]:
        """Out of the published site (draft), or written but listed nowhere (hidden)."""
        path = self.pick(self.articles(published=True))
        status = "hidden" if self.rng.random() < 0.4 else "draft"
        set_field(path, "Status", status)
        self.drafted = path
        return path, f"Status: {status}"

    def slug(self, step: int) -> tuple[Path, str]:
        path = self.pick(self.articles())
        old = header(path)["slug"]
        set_field(path, "Slug", f"{old}-{step}")  # its URL, and every link to it, move
        return path, f"Slug: {old} -> {old}-{step}"

    def category(self, step: int) -> tuple[Path, str]:
        path = self.pick(self.articles("fr"))
        old = header(path)["category"]
        new = self.rng.choice(sorted(c for c in CATEGORIES if c != old))
        set_field(path, "Category", new)
        return path, f"Category: {old!r} -> {new!r}"

    def modified(self, step: int) -> tuple[Path, str]:
        path = self.pick(self.articles())
        new = f"2014-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d} 10:{step:02d}"
        set_field(path, "Modified", new)
        return path, f"Modified: {new}"

    def pages(self) -> list[Path]:
        return sorted(self.content.glob("kb/*/**/*.md"))

    def kb_body(self, step: int) -> tuple[Path, str]:
        path = self.pick(self.pages())
        sentence = self.rng.choice(SENTENCES[path.relative_to(self.content).parts[1]])
        path.write_text(
            path.read_text("utf-8").rstrip("\n") + f"\n\n{sentence} ({step})\n", "utf-8"
        )
        return path, f"adds {sentence!r}"

    def kb_title(self, step: int) -> tuple[Path, str]:
        path = self.pick(self.pages())
        old = header(path)["title"]
        set_field(path, "Title", f"{old} ({step})")
        return path, f"{old!r} -> {old + f' ({step})'!r}"

    def kb_order(self, step: int) -> tuple[Path, str]:
        path = self.pick([p for p in self.pages() if "order" in header(p)])
        old, new = header(path)["order"], str(self.rng.randint(1, 9))
        set_field(path, "Order", new)  # its place in its section's lists
        return path, f"Order: {old} -> {new}"

    def unpair(self, step: int) -> tuple[Path, str]:
        path = self.pick([p for p in self.articles("en") if "translation_key" in header(p)])
        set_field(path, "Translation_key", f"alone-{step}")  # no longer a translation
        return path, "Translation_key changed: no original any more"

    def link(self, step: int) -> tuple[Path, str]:
        """A `{filename}` link to another article or a knowledge-base page."""
        path = self.pick(self.articles())
        target = self.pick([p for p in self.articles(published=True) + self.pages() if p != path])
        if self.rng.random() < 0.5:  # relative to the linking file, or from content/
            where = Path(os.path.relpath(target, path.parent)).as_posix()
        else:
            where = "/" + self.name(target)
        words = LINK_WORDS[path.parent.name]
        path.write_text(
            path.read_text("utf-8").rstrip("\n") + f"\n\n{words}]({{filename}}{where}).\n", "utf-8"
        )
        return path, f"links to {self.name(target)} as {{filename}}{where}"

    def unlink(self, step: int) -> tuple[Path, str]:
        """A `{filename}` link made plain text (its words stay)."""
        linking = [p for p in self.articles() if "]({filename}" in p.read_text("utf-8")]
        if not linking:
            return self.link(step)
        path = self.pick(linking)
        text = path.read_text("utf-8")
        links = list(re.finditer(r"\[([^\]]+)\]\(\{filename\}([^)]+)\)", text))
        found = self.rng.choice(links)
        path.write_text(text[: found.start()] + found.group(1) + text[found.end() :], "utf-8")
        return path, f"unlinks {found.group(1)!r} ({found.group(2)})"

    def rename(self, step: int) -> tuple[Path, str]:
        """An article's file renamed, the `{filename}` links to it too (as editors do).

        Its slug and URL stay (Slug: is in the file); its source path changes.
        """
        path = self.pick([p for p in self.articles() if p != self.drafted])
        new = path.with_name(f"{path.stem}-{step}.md")
        path.rename(new)
        for other in self.articles() + self.pages():
            text = other.read_text("utf-8")
            changed = re.sub(
                r"\{filename\}([^)#\s]+)",
                lambda link, other=other: self._renamed(link, other, path, new),
                text,
            )
            if changed != text:
                other.write_text(changed, "utf-8")
        return new, f"renamed from {path.name}"

    def _renamed(self, link: re.Match, source: Path, old: Path, new: Path) -> str:
        where = link.group(1)
        base = self.content if where.startswith("/") else source.parent
        if (base / where.lstrip("/")).resolve() != old.resolve():
            return link.group(0)
        if where.startswith("/"):
            return "{filename}/" + self.name(new)
        return "{filename}" + Path(os.path.relpath(new, source.parent)).as_posix()

    def parent(self, step: int) -> tuple[Path, str]:
        """A tag concept moved in the hierarchy: under another top concept, or to the top."""
        path = self.content / "taxonomy.toml"
        concepts = self.concepts()
        concept = self.rng.choice(concepts)
        roots = [c["id"] for c in concepts if "parent" not in c and c["id"] != concept["id"]]
        old = concept.get("parent")
        new = None if old and self.rng.random() < 0.4 else self.rng.choice(roots)
        lines = path.read_text("utf-8").split("\n")
        at = lines.index(f'id = "{concept["id"]}"')
        if old:
            end = next((i for i in range(at, len(lines)) if not lines[i].strip()), len(lines))
            del lines[next(i for i in range(at, end) if lines[i] == f'parent = "{old}"')]
        if new:
            lines.insert(at + 1, f'parent = "{new}"')
        path.write_text("\n".join(lines), "utf-8")
        return path, f"{concept['id']}: parent {old!r} -> {new!r}"

    def alias(self, step: int) -> tuple[Path, str]:
        """A new alias in the taxonomy, and an article tagged with it."""
        path = self.content / "taxonomy.toml"
        concepts = self.concepts()
        article = self.pick([p for p in self.articles() if header(p).get("tags")])
        tags = [t.strip() for t in header(article)["tags"].split(",") if t.strip()]
        concept = self.rng.choice(concepts)
        alias = f"{concept['label']['fr']} étape {step}"
        lines = path.read_text("utf-8").split("\n")
        at = lines.index(f'id = "{concept["id"]}"')
        end = next((i for i in range(at, len(lines)) if not lines[i].strip()), len(lines))
        written = json.dumps(alias, ensure_ascii=False)
        listed = [i for i in range(at, end) if lines[i].startswith("aliases = [")]
        if listed:
            lines[listed[0]] = lines[listed[0]].replace("[", f"[{written}, ", 1)
        else:
            lines.insert(at + 1, f"aliases = [{written}]")
        path.write_text("\n".join(lines), "utf-8")
        # The article's tags: the alias in place of one of them (or of its own concept).
        spelled = [concept["id"], *concept["label"].values(), *concept.get("aliases", [])]
        names = {fold(n) for n in spelled}
        same = [t for t in tags if fold(t) in names]
        tags[tags.index(same[0] if same else self.rng.choice(tags))] = alias
        set_field(article, "Tags", ", ".join(tags))
        return article, f"tagged {alias!r}, a new alias of {concept['id']}"

    def author(self, step: int) -> tuple[Path, str]:
        path = self.pick(self.articles())
        had = header(path).get("author")
        if had and self.rng.random() < 0.5:
            set_field(path, "Author", None)
            return path, f"Author: {had!r} removed"
        new = self.rng.choice(["Julie Martin", "Sam Lee", f"Invitée {step}"])
        set_field(path, "Author", new)
        return path, f"Author: {had!r} -> {new!r}"

    def image(self, step: int) -> tuple[Path, str]:
        """A new image in content/images, shown in an article."""
        image = self.content / "images" / f"schema-{step}.png"
        image.parent.mkdir(exist_ok=True)
        image.write_bytes(PNG + self.rng.randbytes(16))
        path = self.pick(self.articles())
        alt = IMAGE_ALT[path.parent.name]
        path.write_text(
            path.read_text("utf-8").rstrip("\n")
            + f"\n\n![{alt} {step}]({{static}}/images/{image.name})\n",
            "utf-8",
        )
        return path, f"shows images/{image.name}"

    def image_bytes(self, step: int) -> tuple[Path, str]:
        """An image replaced by another of the same name: the pages showing it stay."""
        images = sorted((self.content / "images").glob("*.png"))
        if not images:
            return self.image(step)
        image = self.pick(images)
        image.write_bytes(PNG + self.rng.randbytes(32))
        return image, "new bytes"

    def undraft(self, step: int) -> tuple[Path, str]:
        path, self.drafted = self.drafted, None
        set_field(path, "Status", None)
        return path, "published again (Status: line removed)"

    # A sequence.

    def plan(self, kinds: tuple[str, ...], count: int) -> list[str]:
        chosen = self.rng.sample(kinds, count)
        if "draft" in chosen:  # published again one or two steps later
            at = chosen.index("draft") + 1 + self.rng.randrange(2)
            chosen.insert(min(at, len(chosen)), "undraft")
        return chosen

    def edit(self, kind: str) -> None:
        number = len(self.done) + 1
        path, detail = getattr(self, kind)(number)
        self.done.append(f"step {number}: {kind} {self.name(path)}: {detail}")

    def step(self, kind: str) -> dict:
        self.edit(kind)
        return self.incremental()

    def check(self, result: dict) -> None:
        """The incremental build's site is the one a build from scratch writes."""
        self.settled()
        number = self.count
        scratch = self.tmp / f"scratch-{number}"  # where from_scratch builds
        built, expected = files(self.output), self.from_scratch()
        edits = "\n  ".join(self.done)
        context = f"{self.where()}; the edits so far:\n  {edits}\n"
        only_built = sorted(set(built) - set(expected))
        only_scratch = sorted(set(expected) - set(built))
        assert not only_built and not only_scratch, (
            f"{context}files of the incremental build only: {only_built[:10]}; "
            f"of the build from scratch only: {only_scratch[:10]}"
        )
        assert folders(self.output) == folders(scratch), (
            f"{context}folders differ: {set(folders(self.output)) ^ set(folders(scratch))}"
        )
        differing = [name for name in sorted(expected) if built[name] != expected[name]]
        assert not differing, (
            f"{context}differ from a build from scratch ({len(differing)}; the incremental "
            f"build reused {result['unchanged']} of {result['written']} files): "
            f"{differing[:10]}\n{excerpt(differing[0], built, expected)}"
        )
        shutil.rmtree(scratch)  # kept when a check fails, to look at
        shutil.rmtree(self.tmp / f"scratch-cache-{number}")


def excerpt(name: str, built: dict[str, bytes], expected: dict[str, bytes]) -> str:
    """Where a file first differs (feeds and graph.json are one long line): both sides."""
    ours, theirs = (found[name].decode("utf-8", "replace") for found in (built, expected))
    at = len(os.path.commonprefix([ours, theirs]))
    return (
        f"{name}, line {ours.count(chr(10), 0, at) + 1}, character {at}:\n"
        f"  incremental:  ...{ours[max(0, at - 120) : at + 80]!r}...\n"
        f"  from scratch: ...{theirs[max(0, at - 120) : at + 80]!r}..."
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The sample content and the theme, copied once: each sequence edits its own copy."""
    folder = tmp_path_factory.mktemp("random-edits-sample")
    shutil.copytree(SAMPLE_CONTENT, folder / "content")
    shutil.copytree(ROOT / "theme", folder / "theme")
    return folder


@pytest.mark.parametrize("seed", SEEDS)
def test_random_edits_rebuild_the_site_a_build_from_scratch_writes(seed, sample, tmp_path):
    site = Site(tmp_path, sample, seed)
    site.incremental()
    for kind in site.plan(KINDS, STEPS):
        site.check(site.step(kind))


@pytest.mark.parametrize("seed", BATCH_SEEDS)
def test_random_batches_of_edits_rebuild_the_site_a_build_from_scratch_writes(
    seed, sample, tmp_path
):
    """Several edits between two builds, as a `git pull` or an editor's "save all" brings.

    Two to four edits of any kind at a time: a file renamed and a link to it added, an
    article deleted and another one tagged, a tag moved and its label changed...
    """
    site = Site(tmp_path, sample, seed)
    site.incremental()
    kinds = site.plan(KINDS, BATCH_EDITS)
    while kinds:
        size = site.rng.randint(2, 4)
        for kind in kinds[:size]:
            site.edit(kind)
        kinds = kinds[size:]
        site.check(site.incremental())


@pytest.mark.parametrize("seed", WARM_SEEDS)
def test_random_warm_rebuilds_write_the_site_a_build_from_scratch_writes(seed, sample, tmp_path):
    """Through `invoke serve`'s warm build process: some rebuilds resume its last reading."""
    warm = WarmBuilds()
    try:
        site = Site(tmp_path, sample, seed, warm=warm)
        site.incremental()
        # Any kind of edit (a rebuild that cannot resume starts from the warm process's
        # state), and a body edit a resumed build can take: not the first rebuild's (the
        # first build wrote content/tag-addresses.toml, a change no copy resumes from).
        plan = site.plan(KINDS, WARM_STEPS)
        if not {"body", "wikilink"} & set(plan[1:]):
            plan.append("body")
        resumed = []
        for kind in plan:
            result = site.step(kind)
            resumed.append(f"{site.done[-1]} (resumed: {warm.resumed})")
            site.check(result)
    finally:
        warm.close()
    assert any(line.endswith("(resumed: True)") for line in resumed), (
        "no warm rebuild resumed the last one's reading:\n" + "\n".join(resumed)
    )
