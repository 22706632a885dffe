// The browser search core, without a DOM: decoding, ranking, prefix completion, typo
// tolerance, phrase boost, filters. Run with `node --test tests/node/`.
//
// The index here is built in memory by `makeIndex` (a small JavaScript mirror of
// plugins/search_index/browser_index.py, one postings file per term); the build tests
// (tests/build/test_search.py) check the core against the real files Python writes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { analyze } from "../../theme/static/js/analysis.mjs";
import {
    ALPHABET,
    SearchIndex,
    allowedTypos,
    completions,
    decodePostings,
    decodeVlq,
    editDistance,
    excerpt,
    fileKey,
    highlight,
    parseQuery,
    typoDistance,
    typoPrefixDistance,
} from "../../theme/static/js/search-core.mjs";

function vlq(values) {
    let out = "";
    for (let value of values) {
        for (;;) {
            const digit = value % 32;
            value = Math.floor(value / 32);
            if (value) out += ALPHABET[digit | 32];
            else {
                out += ALPHABET[digit];
                break;
            }
        }
    }
    return out;
}

/** docs: [{lang, title, text, date?, tags?, category?}] -> Map of index files. */
function makeIndex(docs, { seg = 200 } = {}) {
    const langs = ["fr", "en"];
    const ordered = langs.flatMap((lang) =>
        docs.filter((d) => d.lang === lang).sort((a, b) => (b.date || "").localeCompare(a.date || "")),
    );
    const files = new Map();
    const meta = { v: 2, langs, docs: {}, chunk: 4, seg, xdir: 100, boost: { title: 3, tag: 2, heading: 1.5 } };
    const tagIds = [...new Set(docs.flatMap((d) => d.tags || []))].sort();
    const cats = [...new Set(docs.filter((d) => d.category).map((d) => `${d.lang}\u0000${d.category}`))].sort();
    let shard = 0;
    for (const lang of langs) {
        const start = ordered.findIndex((d) => d.lang === lang);
        const mine = ordered.filter((d) => d.lang === lang);
        meta.docs[lang] = [start < 0 ? 0 : start, mine.length];
        const postings = new Map();
        const norms = [];
        let total = 0;
        mine.forEach((d, i) => {
            const n = start + i;
            const stream = analyze(`${d.title}\n${d.text}`, lang);
            total += stream.length;
            norms.push(ALPHABET[Math.min(63, Math.round(7 * Math.log1p(stream.length)))]);
            const info = new Map();
            stream.forEach((t, pos) => {
                const e = info.get(t) || { tf: 0, flags: 0, pos };
                e.tf += 1;
                info.set(t, e);
            });
            for (const t of analyze(d.title, lang)) info.get(t).flags |= 1;
            for (const t of analyze((d.tags || []).join(" "), lang)) {
                const e = info.get(t) || { tf: 0, flags: 0, pos: -1 };
                e.flags |= 4;
                info.set(t, e);
            }
            for (const [t, e] of info) {
                if (!postings.has(t)) postings.set(t, []);
                postings.get(t).push([n, e.tf, e.flags, e.pos]);
            }
        });
        const vocab = {};
        for (const term of [...postings.keys()].sort()) {
            const list = postings.get(term);
            const numbers = [];
            let previous = -1;
            for (const [n, tf, flags, pos] of list) {
                numbers.push(n - previous - 1, tf * 8 + flags, pos + 1);
                previous = n;
            }
            files.set(`${lang}/p/${shard}`, { [term]: vlq(numbers) });
            const prefix = Array.from(term).slice(0, 2).join("");
            vocab[prefix] = vocab[prefix] || {};
            vocab[prefix][term] = [list.length, shard];
            shard += 1;
        }
        for (const [prefix, entries] of Object.entries(vocab)) files.set(`${lang}/v/${fileKey(prefix)}`, entries);
        files.set(`${lang}/meta`, {
            avg: mine.length ? total / mine.length : 0,
            norms: norms.join(""),
            vocab: Object.keys(vocab).sort().join(" "),
        });
    }
    ordered.forEach((d, n) => {
        const key = `d/${Math.floor(n / meta.chunk)}`;
        if (!files.has(key)) files.set(key, []);
        const record = { t: d.title, u: d.url || `${d.lang}/${n}.html`, l: d.lang, s: 1 };
        if (d.date) record.d = d.date;
        if (d.category) record.c = d.category;
        files.get(key).push(record);
        files.set(`x/0/${n}`, [d.text]);
    });
    const setOf = (ns) => {
        const numbers = [];
        let previous = -1;
        for (const n of [...ns].sort((a, b) => a - b)) {
            numbers.push(n - previous - 1);
            previous = n;
        }
        return vlq(numbers);
    };
    tagIds.forEach((tag, i) => {
        files.set(`f/t${i}`, setOf(ordered.flatMap((d, n) => ((d.tags || []).includes(tag) ? [n] : []))));
    });
    cats.forEach((key, i) => {
        const [lang, name] = key.split("\u0000");
        files.set(`f/c${i}`, setOf(ordered.flatMap((d, n) => (d.lang === lang && d.category === name ? [n] : []))));
    });
    files.set("f/index", { tags: tagIds.map((t) => [t, { fr: t, en: t }]), cats: cats.map((c) => c.split("\u0000")) });
    files.set("meta", meta);
    return files;
}

function open(docs) {
    const files = makeIndex(docs);
    return new SearchIndex(async (key) => {
        if (!files.has(key)) throw new Error(`no file ${key}`);
        return structuredClone(files.get(key));
    });
}

async function urls(index, query, options = {}) {
    const { hits } = await index.search(query, { lang: "fr", ...options });
    const page = await index.page(hits, { limit: 20 });
    return page.map((h) => h.record.u);
}

const FILLER = "Le projet avance avec les équipes et les services de la ville depuis plusieurs mois.";
const DOCS = [
    { lang: "fr", url: "intranet", title: "Un portail intranet collaboratif", text: `Le portail intranet de la ville. ${FILLER}`, date: "2012-03-14", tags: ["intranet"], category: "Intranet" },
    { lang: "fr", url: "body-only", title: "Bilan de l'année", text: `${FILLER} On parle aussi un peu d'intranet ici. ${FILLER} ${FILLER}`, date: "2013-01-10", category: "Bilan" },
    { lang: "fr", url: "rse", title: "Lancer une plateforme", text: `Un réseau social d'entreprise change la façon de travailler. ${FILLER}`, date: "2011-05-02", tags: ["rse"], category: "Réseaux" },
    { lang: "fr", url: "apart", title: "Chronique", text: `Le réseau des agents est dense. ${FILLER} Un usage social des outils apparaît. ${FILLER}`, date: "2014-06-01", category: "Réseaux" },
    { lang: "fr", url: "management", title: "Le management collaboratif", text: `Les managers et le management de proximité. ${FILLER}`, date: "2010-02-01", tags: ["management"] },
    { lang: "en", url: "en-intranet", title: "A collaborative intranet portal", text: "The intranet portal of the city, step by step.", date: "2012-03-20", tags: ["intranet"], category: "Intranet" },
    { lang: "en", url: "en-management", title: "Collaborative management", text: "Managers and management close to the teams.", date: "2010-02-05", tags: ["management"] },
];

test("VLQ and postings decode what Python encodes", () => {
    // Vectors from plugins/search_index/browser_index.py: vlq([0, 1, 31, 32, 1000, 2**31])
    // and encode_postings([(0, 2, 1, 0), (5, 1, 0, 40), (6, 0, 4, -1)]).
    assert.deepEqual(decodeVlq("ABfgBofggggggC"), [0, 1, 31, 32, 1000, 2 ** 31]);
    const p = decodePostings("ARBEIpBAEA");
    assert.deepEqual([...p.docs], [0, 5, 6]);
    assert.deepEqual([...p.tf], [2, 1, 0]);
    assert.deepEqual([...p.flags], [1, 0, 4]);
    assert.deepEqual([...p.pos], [0, 40, -1]);
    assert.throws(() => decodeVlq("A*"), /bad VLQ/);
});

test("edit distance counts a transposition as one edit; typos need long enough words", () => {
    assert.equal(editDistance("intranet", "intarnet"), 1);
    assert.equal(editDistance("intranet", "intranet"), 0);
    assert.equal(editDistance("collabor", "colabor"), 1);
    assert.equal(editDistance("abc", "xyz", 1), 2); // capped at max + 1
    assert.deepEqual([4, 5, 8, 9, 10].map(allowedTypos), [0, 1, 1, 1, 2]);
});

test("file keys are ASCII and stable", () => {
    assert.equal(fileKey("in"), "in");
    assert.equal(fileKey("σε"), "_cf83ceb5");
});

test("queries are analysed like the index: accents, case, plurals, elisions", () => {
    const { terms } = parseQuery("Réseaux SOCIAUX de l'Intranet", "fr");
    assert.deepEqual(terms.map((t) => t.stem), analyze("reseau social intranet", "fr"));
});

test("a title match ranks above a passing mention in the body", async () => {
    const found = await urls(open(DOCS), "intranet");
    assert.deepEqual(found, ["intranet", "body-only"]);
});

test("accent-insensitive and plural-insensitive", async () => {
    const index = open(DOCS);
    assert.ok((await urls(index, "reseaux")).includes("rse"));
    assert.ok((await urls(index, "RÉSEAU")).includes("rse"));
});

test("the last word is completed as a prefix only while typing", async () => {
    const index = open(DOCS);
    assert.deepEqual(await urls(index, "intra"), []);
    assert.deepEqual(await urls(index, "intra", { prefix: true }), ["intranet", "body-only"]);
    assert.ok((await urls(index, "portail collab", { prefix: true }))[0] === "intranet");
    // Only the word being typed is completed, not the one before a final stop word.
    assert.deepEqual(await urls(index, "intra les", { prefix: true }), []);
});

test("typos: one edit from 5 letters, not below; the exact word wins when it exists", async () => {
    const index = open(DOCS);
    assert.deepEqual(await urls(index, "intarnet"), ["intranet", "body-only"]);
    assert.deepEqual(await urls(index, "intrante"), ["intranet", "body-only"]);
    assert.ok((await urls(index, "managment")).includes("management"));
    assert.deepEqual(await urls(index, "vile"), []); // 4 letters: no typo tolerance
});

test("a typo in the first two letters is found through the neighbouring vocabulary file", async () => {
    const index = open(DOCS);
    assert.deepEqual(await urls(index, "nitranet"), ["intranet", "body-only"]);
    assert.ok(index.loaded.includes("fr/v/ni") === false, "no file for a prefix that does not exist");
    assert.ok(index.loaded.includes("fr/v/in"));
});

test("words next to each other get the phrase boost", async () => {
    assert.deepEqual(await urls(open(DOCS), "réseau social"), ["rse", "apart"]);
    // Same words, same lengths: only the adjacency differs (and the newer one would win a tie).
    const twins = open([
        { lang: "fr", url: "together", title: "Note", text: "réseau social alpha beta gamma", date: "2001-01-01" },
        { lang: "fr", url: "apart", title: "Note", text: "réseau alpha social beta gamma", date: "2002-01-01" },
    ]);
    assert.deepEqual(await urls(twins, "réseau social"), ["together", "apart"]);
    assert.deepEqual(await urls(twins, "social réseau"), ["apart", "together"]);
});

test("filters by tag and by category; sort by date", async () => {
    const index = open(DOCS);
    assert.deepEqual(await urls(index, "ville", { tag: "intranet" }), ["intranet"]);
    assert.deepEqual(await urls(index, "ville", { cat: "Bilan" }), ["body-only"]);
    assert.deepEqual(await urls(index, "ville", { tag: "unknown" }), []);
    const byDate = await urls(index, "ville", { sort: "date" });
    assert.deepEqual(byDate, ["apart", "body-only", "intranet", "rse", "management"]);
});

test("the page's language comes first; other languages on request", async () => {
    const index = open(DOCS);
    assert.deepEqual(await urls(index, "intranet", { lang: "en" }), ["en-intranet"]);
    const both = await urls(index, "intranet", { lang: "en", langs: ["fr", "en"] });
    assert.deepEqual(both, ["en-intranet", "intranet", "body-only"]);
});

test("stop words alone find nothing; an empty query finds nothing", async () => {
    const index = open(DOCS);
    assert.deepEqual(await urls(index, "le la les"), []);
    assert.deepEqual(await urls(index, ""), []);
});

test("only the files a query needs are loaded", async () => {
    const index = open(DOCS);
    await index.search("intranet", { lang: "fr" });
    const loaded = index.loaded.slice().sort();
    assert.equal(loaded.length, 4, loaded.join(" "));
    assert.deepEqual(loaded.filter((k) => !k.startsWith("fr/p/")), ["fr/meta", "fr/v/in", "meta"]);
});

test("highlight and excerpt return plain text parts; markup in content stays text", () => {
    const terms = new Set(analyze("intranet", "fr"));
    const parts = highlight("<b>L'intranet</b> et les intranets", terms, "fr");
    assert.deepEqual(parts, [
        { text: "<b>", mark: false },
        { text: "L'intranet", mark: true },
        { text: "</b> et les ", mark: false },
        { text: "intranets", mark: true },
    ]);
    const long = `${"mot ".repeat(100)}un intranet utile ${"fin ".repeat(100)}`;
    const ex = excerpt(long, terms, "fr", { words: 10 });
    const text = ex.map((p) => p.text).join("");
    assert.ok(text.startsWith("… ") && text.endsWith(" …"), text);
    assert.ok(ex.some((p) => p.mark && p.text === "intranet"));
});

test("the excerpt comes from the segment holding the best match, in the document's one file", async () => {
    const loaded = [];
    const files = new Map([
        ["meta", { v: 2, langs: ["fr"], docs: { fr: [0, 1] }, chunk: 4, seg: 5, xdir: 100, boost: {} }],
        ["x/0/0", ["un deux trois quatre cinq", "six sept huit neuf dix", "onze"]],
    ]);
    const index = new SearchIndex(async (key) => {
        loaded.push(key);
        return structuredClone(files.get(key));
    });
    const hit = (pos) => ({ doc: 0, pos, record: { s: 3 } });
    assert.equal(await index.excerptText(hit(7)), "six sept huit neuf dix");
    assert.equal(await index.excerptText(hit(-1)), "un deux trois quatre cinq");
    assert.equal(await index.excerptText(hit(99)), "onze");
    assert.equal(await index.excerptText({ doc: 0, pos: 3, record: {} }), "");
    assert.deepEqual([...new Set(loaded)].sort(), ["meta", "x/0/0"]);
});

// --- Typing a word letter by letter; words that are nowhere; languages merged -------------

const TYPED = [
    { lang: "en", url: "en-collab", title: "Notes", text: "Collaboration between teams works.", date: "2012-05-01" },
    { lang: "en", url: "en-other", title: "Collaborative tools", text: "Tools for teams, in French: outils collaboratifs.", date: "2012-04-01" },
    { lang: "en", url: "en-taking", title: "Notes", text: "Taking notes while trying things.", date: "2012-03-01" },
    { lang: "fr", url: "fr-taylor", title: "Taylorisme", text: "Le taylorisme organise le travail.", date: "2012-02-01" },
    { lang: "fr", url: "fr-sociaux", title: "Notes", text: "Les réseaux sociaux et les travaux publics.", date: "2012-01-01" },
];

test("completion keeps a word's documents while more of its letters are typed", async () => {
    const index = open(TYPED);
    const cases = [
        ["en", "collaboration", "en-collab"], // stem "collabor": "collabora" went beyond it
        ["en", "taking", "en-taking"], // stem "take": "takin" is not a prefix of it
        ["en", "trying", "en-taking"], // stem "tri"
        ["fr", "taylorisme", "fr-taylor"], // stem "taylor"
        ["fr", "sociaux", "fr-sociaux"], // stem "social": "sociau" differs at its end
        ["fr", "travaux", "fr-sociaux"], // stem "traval"
    ];
    for (const [lang, word, url] of cases) {
        for (let n = 3; n <= word.length; n++) {
            const found = await urls(index, word.slice(0, n), { lang, prefix: true });
            assert.ok(found.includes(url), `${lang} ${word.slice(0, n)}: ${JSON.stringify(found)}`);
        }
    }
    assert.ok(completions("collabora", "en").has("collabor"));
    assert.ok(completions("sociau", "fr").has("social"));
    // Only what the typed letters can still become: "collaborx" begins no word of stem
    // "collabor" (it may still be taken for a typo of one, as any other word).
    assert.ok(!completions("collaborx", "en").has("collabor"));
});

// Words whose stem is shorter than the letters typed, with other words of that stem
// elsewhere: "management" (manag) finds "manager" (fr) and "managerial"; "taking" (take)
// finds "taken".
const STEMS = [
    { lang: "fr", url: "fr-manager", title: "Notes", text: "Un style managérial.", date: "2011-01-01" },
    { lang: "en", url: "en-managerial", title: "Notes", text: "A managerial style.", date: "2011-01-01" },
    { lang: "en", url: "en-taken", title: "Notes", text: "It was taken.", date: "2011-01-01" },
];

test("typing further into a word never finds fewer pages than the whole word", async () => {
    const index = open([...DOCS, ...STEMS]);
    for (const [lang, word] of [["fr", "management"], ["en", "management"], ["en", "taking"]]) {
        const whole = await urls(index, word, { lang, prefix: true });
        for (let n = 4; n < word.length; n++) {
            const found = await urls(index, word.slice(0, n), { lang, prefix: true });
            const lost = whole.filter((u) => !found.includes(u));
            assert.deepEqual(lost, [], `${lang} ${word.slice(0, n)} (${word}: ${JSON.stringify(whole)})`);
        }
    }
});

test("every beginning of every word of the documents finds what that word finds", async () => {
    // The property behind the previous tests, over all the words of a small corpus (where
    // no beginning has more than 8 completions, the most a word is completed to): while
    // typing a word, each beginning finds that word's documents and all that the whole
    // word finds.
    const docs = [...DOCS, ...TYPED, ...STEMS];
    const index = open(docs);
    const failures = [];
    const wholes = new Map();
    for (const doc of docs) {
        for (const m of `${doc.title} ${doc.text}`.matchAll(/[\p{L}]+/gu)) {
            const word = m[0].toLowerCase();
            if (analyze(word, doc.lang).length !== 1) continue;
            const key = `${doc.lang} ${word}`;
            if (!wholes.has(key)) wholes.set(key, await urls(index, word, { lang: doc.lang, prefix: true }));
            const whole = [...new Set([doc.url, ...wholes.get(key)])];
            for (let n = 4; n < word.length; n++) {
                const found = await urls(index, word.slice(0, n), { lang: doc.lang, prefix: true });
                const lost = whole.filter((u) => !found.includes(u));
                if (lost.length) failures.push(`${doc.lang} ${word.slice(0, n)} (${word}) loses ${lost.join(" ")}`);
            }
        }
    }
    assert.deepEqual([...new Set(failures)], []);
});

test("words that are nowhere find nothing: a typo must be close to the whole word", async () => {
    const index = open([
        ...DOCS,
        { lang: "fr", url: "temps", title: "Le temps", text: "Un terme et des tenues, le temps passe. Un blog.", date: "2012-01-01" },
        { lang: "en", url: "game", title: "A game", text: "Gains of the game, a united unit, a team, a term.", date: "2012-01-01" },
    ]);
    for (const query of ["télémédecine", "blockchain", "dématérialisation", "visioconférence", "anticonstitutionnellement"]) {
        assert.deepEqual(await urls(index, query), [], query);
        assert.deepEqual(await urls(index, query, { prefix: true }), [], `${query} (as typed)`);
    }
    for (const query of ["telemedicine", "gamification", "unionisation"]) {
        assert.deepEqual(await urls(index, query, { lang: "en" }), [], query);
    }
    // Real typos still match: one edit in the word, or in its ending.
    assert.deepEqual(await urls(index, "intarnet"), ["intranet", "body-only"]);
    assert.ok((await urls(index, "managment")).includes("management"));
    assert.equal(typoDistance("intranet", "intarnet", "intarnet", "fr"), 1);
    assert.equal(typoDistance("temp", "telemedecin", "telemedecine", "fr"), Infinity);
    assert.equal(typoDistance("game", "gamif", "gamification", "en"), Infinity);
    assert.equal(typoDistance("organis", "organisaton", "organisaton", "en"), 1); // -ation
});

test("a typo of a short term needs more than a word ending: words found nowhere find nothing", async () => {
    const index = open([
        { lang: "fr", url: "fr-pari", title: "Notes", text: "Un pari, la page paraît, la cité.", date: "2012-01-01" },
        { lang: "en", url: "en-ban", title: "Notes", text: "Banning ads in the city.", date: "2012-01-01" },
    ]);
    for (const [lang, query] of [["fr", "panier"], ["fr", "citron"], ["en", "banana"], ["en", "banner"]]) {
        assert.deepEqual(await urls(index, query, { lang }), [], query);
        assert.deepEqual(await urls(index, query, { lang, prefix: true }), [], `${query} (as typed)`);
    }
    // A 3- or 4-letter term takes no typo, even followed by a long ending.
    assert.equal(typoDistance("ban", "banana", "banana", "en"), Infinity);
    assert.equal(typoDistance("par", "pani", "panier", "fr"), Infinity);
    assert.equal(typoDistance("pari", "pani", "panier", "fr"), Infinity);
    assert.equal(typoDistance("cit", "citron", "citron", "fr"), Infinity);
    // Real typos still match.
    assert.equal(typoDistance("manag", "managment", "managment", "fr"), 0); // manag|ment
    assert.equal(typoDistance("intranet", "intarnet", "intarnet", "fr"), 1);
});

test("a correctly spelt word does not match a shorter term with two typos", async () => {
    const index = open([
        { lang: "en", url: "en-origins", title: "The origins", text: "Our origins and the original web.", date: "2013-01-01" },
        { lang: "en", url: "en-org", title: "Notes", text: "The organisation of work.", date: "2012-01-01" },
    ]);
    // "organization" (stem organiz) is one edit from "organis" (British spelling), but
    // "organ|ization" is two edits from "origin|ization": a 6-letter term takes one.
    assert.equal(typoDistance("origin", "organiz", "organization", "en"), Infinity);
    assert.equal(typoDistance("organis", "organiz", "organization", "en"), 1);
    assert.deepEqual(await urls(index, "organization", { lang: "en" }), ["en-org"]);
    assert.deepEqual(await urls(index, "organization", { lang: "en", prefix: true }), ["en-org"]);
    // An exact match or a completion is never mixed with typo candidates.
    const query = (text) => index.candidates(parseQuery(text, "en", { prefix: true }), "en");
    const [origins] = await query("origins");
    assert.deepEqual(origins.alternatives.map((a) => a.kind), ["exact"]);
});

test("across languages, an exact match outranks a typo match", async () => {
    const index = open([
        { lang: "fr", url: "fr-portail", title: "Le portail", text: "Un portail pour tous.", date: "2013-01-01" },
        { lang: "en", url: "en-portal", title: "The portal", text: "A portal for all.", date: "2012-01-01" },
    ]);
    // "portal" is a typo of the French "portail" and an English word.
    assert.deepEqual(await urls(index, "portal", { langs: ["fr", "en"] }), ["en-portal", "fr-portail"]);
    // Among equal matches, the page's language comes first.
    assert.deepEqual(await urls(index, "portail portal", { langs: ["fr", "en"] }), ["fr-portail", "en-portal"]);
});

test("sorted by date, both languages are merged newest first, undated pages last", async () => {
    const index = open([
        ...DOCS,
        { lang: "fr", url: "fr-page", title: "Intranet", text: "Une page sur l'intranet." },
        { lang: "en", url: "en-page", title: "Intranet", text: "A page about the intranet." },
        { lang: "en", url: "en-2011", title: "Intranet news", text: "The intranet in 2011.", date: "2011-06-01" },
    ]);
    const options = { lang: "fr", langs: ["fr", "en"], sort: "date" };
    const expected = ["body-only", "en-intranet", "intranet", "en-2011", "fr-page", "en-page"];
    assert.deepEqual(await urls(index, "intranet", options), expected);
    // Page by page, in any order, the pages agree with the whole.
    const { hits } = await index.search("intranet", options);
    const second = await index.page(hits, { offset: 2, limit: 2 });
    const first = await index.page(hits, { offset: 0, limit: 2 });
    const rest = await index.page(hits, { offset: 4, limit: 10 });
    assert.deepEqual([...first, ...second, ...rest].map((h) => h.record.u), expected);
    // One language alone: by number, which is by date.
    assert.deepEqual(await urls(index, "intranet", { lang: "en", sort: "date" }), ["en-intranet", "en-2011", "en-page"]);
});

test("while typing, a word spelt differently keeps its pages letter by letter", async () => {
    const index = open([{ lang: "en", url: "org", title: "Notes", text: "The organization of work.", date: "2012-01-01" }]);
    const word = "organisation"; // the index has the American spelling
    for (let n = 5; n <= word.length; n++) {
        assert.deepEqual(await urls(index, word.slice(0, n), { lang: "en", prefix: true }), ["org"], word.slice(0, n));
    }
    assert.equal(typoPrefixDistance("organiz", "organisa", "en"), 1); // "organiza|tion"
    assert.equal(typoPrefixDistance("tel", "telemedec", "fr"), Infinity); // too short a term
});

test("words that are names of Object's properties are ordinary missing words", async () => {
    const index = open(DOCS);
    for (const query of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
        assert.deepEqual(await urls(index, query, { lang: "en" }), [], query);
        assert.deepEqual(await urls(index, query, { lang: "en", prefix: true }), [], query);
    }
});

// --- Review of 2026-12-06 (/tmp/rv2/search.md) ------------------------------------------

// "ESN" is a word of one page; words that begin with "es" are rarer, and "esn" can end
// like "esness" (stem "es"): those words must not outrank, nor even join, the word itself.
const ACRONYMS = [
    { lang: "en", url: "esn", title: "Enterprise social network", text: "An ESN is a social network inside a company. An ESN helps.", date: "2012-01-01" },
    { lang: "en", url: "esn-tag", title: "Social business", text: "Is the ESN useful or profitable?", date: "2012-02-01" },
    { lang: "en", url: "established", title: "French internet users", text: "An established survey of users.", date: "2012-03-01" },
    { lang: "en", url: "escapes", title: "Notes", text: "Nothing escapes the essential estimate.", date: "2012-04-01" },
    { lang: "en", url: "management", title: "Management", text: "Management, management and management again for managers.", date: "2012-05-01" },
    { lang: "en", url: "managerial", title: "Glossary", text: "A managerial word.", date: "2012-06-01" },
];

test("a whole word is not outranked by rarer words it begins, nor completed from a 2-letter stem", async () => {
    const index = open(ACRONYMS);
    for (const options of [{ prefix: true }, { prefix: true, submitted: true }]) {
        const esn = await urls(index, "ESN", { lang: "en", ...options });
        assert.deepEqual(esn.slice().sort(), ["esn", "esn-tag"], JSON.stringify(esn));
        const management = await urls(index, "management", { lang: "en", ...options });
        assert.equal(management[0], "management", JSON.stringify(management));
        // The rarer word it begins still comes, after it.
        assert.ok(management.includes("managerial"), JSON.stringify(management));
    }
    // While a word is typed, what it begins still counts as the word itself.
    assert.deepEqual(await urls(index, "establ", { lang: "en", prefix: true }), ["established"]);
});

test("a query of stop words alone finds nothing once sent, and says so", async () => {
    const index = open(DOCS);
    for (const [lang, text] of [["fr", "le la les de des"], ["fr", "et ou"], ["en", "to be or not to be"], ["en", "the of and"]]) {
        const result = await index.search(text, { lang, prefix: true, submitted: true });
        assert.deepEqual(result.hits, [], text);
        assert.equal(result.common, true, text);
    }
    // While typing, the last word may still be the beginning of a longer word.
    assert.ok((await urls(index, "le proj", { prefix: true })).length > 0);
    assert.equal((await index.search("intranet", { lang: "fr", submitted: true })).common, false);
    // A word to leave out is not a common word: nothing is found, for another reason.
    assert.equal((await index.search("-portail", { lang: "fr", submitted: true })).common, false);
});

test("two edits need 10 letters; results through a typo are flagged as approximate", async () => {
    const index = open([
        { lang: "fr", url: "convergent", title: "Notes", text: "Les intérêts convergent et les agents coopèrent.", date: "2012-01-01" },
        { lang: "fr", url: "intranet", title: "Intranet", text: "Un intranet utile.", date: "2012-02-01" },
    ]);
    assert.deepEqual(await urls(index, "conférence"), []);
    assert.deepEqual(await urls(index, "conférence", { prefix: true, submitted: true }), []);
    const typo = await index.search("intarnet", { lang: "fr" });
    assert.equal(typo.hits.length, 1);
    assert.equal(typo.approximate, true);
    assert.equal((await index.search("intranet", { lang: "fr" })).approximate, false);
});

test("a trailing * completes the word, also in a sent query", async () => {
    const index = open(DOCS);
    assert.deepEqual(await urls(index, "intra*"), ["intranet", "body-only"]);
    assert.deepEqual(await urls(index, "intra*", { prefix: true, submitted: true }), ["intranet", "body-only"]);
    assert.deepEqual(await urls(index, "intra* ville"), ["intranet", "body-only"]);
});

test("-word and NOT word leave pages out; quoted words are required together", async () => {
    const index = open(DOCS);
    assert.deepEqual(await urls(index, "intranet -portail"), ["body-only"]);
    assert.deepEqual(await urls(index, "intranet NOT portail"), ["body-only"]);
    assert.deepEqual(await urls(index, "-portail intranet", { prefix: true, submitted: true }), ["body-only"]);
    // "e-mail" is not an exclusion.
    assert.deepEqual(parseQuery("e-mail", "fr").exclude, []);
    // Quoted: every word of the phrase, the pages where they are next to each other first.
    assert.deepEqual(await urls(index, '"réseau social"'), ["rse", "apart"]);
    const twins = open([
        { lang: "fr", url: "together", title: "Note", text: "social réseau alpha beta gamma", date: "2001-01-01" },
        { lang: "fr", url: "apart", title: "Note", text: "réseau alpha social beta gamma", date: "2002-01-01" },
    ]);
    assert.deepEqual(await urls(twins, "« social réseau »"), ["together", "apart"]);
    assert.deepEqual(await urls(twins, "« réseau social »"), ["apart", "together"]);
    // A phrase is required whole; unquoted, pages with some of the words are found.
    assert.deepEqual(await urls(index, '"réseau intranet"'), []);
    assert.ok((await urls(index, "réseau intranet")).length > 0);
});

test("pages with every word come alone when there are some; the others are counted", async () => {
    const index = open(DOCS);
    const both = await index.search("portail bilan", { lang: "fr" });
    assert.equal(both.hits.length, 2);
    assert.equal(both.some, true);
    const result = await index.search("intranet portail", { lang: "fr" });
    assert.deepEqual(result.hits.map((h) => h.doc).length, 1);
    assert.equal(result.partial, 1);
    assert.equal(result.some, false);
    const any = await index.search("intranet portail", { lang: "fr", any: true });
    assert.equal(any.hits.length, 2);
    assert.equal(any.partial, 0);
});

test("a tag or a category can be browsed without words, newest first", async () => {
    const index = open(DOCS);
    assert.deepEqual(await urls(index, "", { cat: "Réseaux", browse: true }), ["apart", "rse"]);
    assert.deepEqual(await urls(index, "", { tag: "intranet", browse: true, langs: ["fr", "en"] }), ["en-intranet", "intranet"]);
    assert.deepEqual(await urls(index, "", { cat: "Réseaux" }), []);
});

test("the excerpt keeps context after a match; lines and cells are kept apart; 2.0 is one mark", () => {
    const words = Array.from({ length: 60 }, (_, i) => `mot${i}`);
    words[40] = "lassitude";
    const parts = excerpt(words.join(" "), new Set(analyze("lassitude", "fr")), "fr");
    const text = parts.map((p) => p.text).join("");
    const after = text.split("lassitude")[1].trim().split(" ").filter((w) => w !== "…");
    assert.ok(after.length >= 15, text);
    const table = excerpt("Trois générations d'intranet\nGénération\nLogique dominante\nIntranet vitrine. Fin.", new Set(analyze("intranet", "fr")), "fr");
    assert.equal(table.map((p) => p.text).join(""), "Trois générations d'intranet · Génération · Logique dominante · Intranet vitrine. Fin.");
    const version = highlight("Entreprise 2.0 et web 2.0.", new Set(analyze("2.0", "fr")), "fr");
    assert.deepEqual(version.filter((p) => p.mark).map((p) => p.text), ["2.0", "2.0"]);
});

test("a typo of a French plural in -x is one edit from the word: resaux finds réseaux", async () => {
    const index = open(DOCS);
    assert.equal(typoDistance("reseau", "resal", "resaux", "fr"), 1);
    assert.ok((await urls(index, "resaux")).includes("rse"));
    assert.ok((await urls(index, "resaux sociaux", { prefix: true, submitted: true })).includes("rse"));
    // Still nothing for a word that is nowhere.
    assert.deepEqual(await urls(index, "radeaux"), []);
});

test('-"word", -“…” and -« … » leave the word out; a query of exclusions only says so', async () => {
    const index = open(DOCS);
    const plain = await urls(index, "intranet -portail");
    for (const q of ['intranet -"portail"', "intranet -“portail”", "intranet -« portail »"]) {
        assert.deepEqual(await urls(index, q), plain, q);
        assert.deepEqual(await urls(index, q, { prefix: true, submitted: true }), plain, q);
    }
    assert.deepEqual(await urls(index, '"intranet" -"intranet"'), []);
    assert.deepEqual(parseQuery('a -"réseau social" b', "fr").exclude, ["reseau", "social"]);
    const only = await index.search("-intranet", { lang: "fr", prefix: true, submitted: true });
    assert.equal(only.onlyExcluded, true);
    assert.equal((await index.search("intranet -portail", { lang: "fr" })).onlyExcluded, false);
});

test('"2.0" is one word: no "pages with some of the words" for it', async () => {
    const index = open([
        { lang: "fr", url: "web20", title: "Web 2.0", text: "Le web 2.0 et les réseaux.", date: "2001-01-01" },
        { lang: "fr", url: "two", title: "Deux", text: "Il y a 2 choses.", date: "2002-01-01" },
    ]);
    for (const options of [{}, { prefix: true, submitted: true }]) {
        const result = await index.search("2.0", { lang: "fr", ...options });
        assert.deepEqual(result.hits.map((h) => h.doc).length, 1);
        assert.equal(result.partial, 0);
        assert.equal(result.some, false);
    }
});

test("a sent query does not complete a 2-letter word; stop words alone are flagged", async () => {
    const index = open([
        { lang: "en", url: "lang", title: "Language", text: "A large label.", date: "2001-01-01" },
    ]);
    assert.deepEqual(await urls(index, "le la", { lang: "en", prefix: true, submitted: true }), []);
    assert.deepEqual(await urls(index, "la", { lang: "en", prefix: true }), ["lang"]);
    const fr = await index.search("les", { lang: "fr", langs: ["fr"], prefix: true });
    assert.equal(fr.stopwords, true);
    assert.equal((await index.search("intranet", { lang: "fr", prefix: true })).stopwords, false);
});
