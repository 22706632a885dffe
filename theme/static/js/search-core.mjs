/*
 * Search core: decoding, query analysis, candidate terms, ranking and excerpts.
 * Pure ES module: no DOM and no fetch, so the same code runs in the page (bundled into
 * the classic script theme/js/search.js by plugins/search_index/bundle.py), in
 * `node --test` and in bench/search_cli.mjs. Index files are read through a `load(key)`
 * function given by the caller; the format is documented in
 * plugins/search_index/browser_index.py.
 *
 * Queries are analysed by analysis.mjs, the twin of the Python analyzer that built the
 * index, so accents, case, elisions, plurals and stemming match exactly.
 */

import { analyze, fold } from "./analysis.mjs";
import { EnglishStemmer, FrenchStemmer } from "./snowball.mjs";

export const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const DIGIT = new Map(Array.from(ALPHABET, (c, i) => [c, i]));
export const VOCAB_PREFIX = 2;
const K1 = 1.2;
const B = 0.75;
const NORM_SCALE = 7;
const FLAG_TITLE = 1;
const FLAG_HEADING = 2;
const FLAG_TAG = 4;
/** How much a candidate counts compared with the exact word the reader typed. */
export const WEIGHTS = Object.freeze({ exact: 1, prefix: 0.8, typo1: 0.6, typo2: 0.4 });
const MAX_PREFIX_TERMS = 8;
const MAX_TYPO_TERMS = 3;
const PHRASE_BOOST = 1.5;
const FIELD_BONUS = 0.5;
// Same word boundaries as analysis.mjs (which turns these apostrophes into ').
const WORD_RE = /[\p{L}\p{N}\p{M}]+(?:['\u2019\u02bc\u2018][\p{L}\p{N}\p{M}]+)*/gu;
const APOSTROPHE_RE = /['\u2019\u02bc\u2018]/;
const SAFE_KEY_RE = /^[a-z0-9]+$/;

// --- Decoding ---------------------------------------------------------------------------

/** Base-64 VLQ string -> array of non-negative integers (see browser_index.vlq). */
export function decodeVlq(text) {
    const out = [];
    let value = 0;
    let shift = 0;
    for (let i = 0; i < text.length; i++) {
        const digit = DIGIT.get(text[i]);
        if (digit === undefined) throw new Error(`bad VLQ character ${JSON.stringify(text[i])}`);
        value += (digit & 31) * 2 ** shift;
        if (digit & 32) {
            shift += 5;
        } else {
            out.push(value);
            value = 0;
            shift = 0;
        }
    }
    return out;
}

/** Postings string -> {docs, tf, flags, pos} arrays (pos -1: not in title or body). */
export function decodePostings(text) {
    const n = decodeVlq(text);
    const count = n.length / 3;
    const docs = new Int32Array(count);
    const tf = new Int32Array(count);
    const flags = new Uint8Array(count);
    const pos = new Int32Array(count);
    let previous = -1;
    for (let i = 0, j = 0; i < count; i++, j += 3) {
        previous = previous + n[j] + 1;
        docs[i] = previous;
        tf[i] = n[j + 1] >> 3;
        flags[i] = n[j + 1] & 7;
        pos[i] = n[j + 2] - 1;
    }
    return { docs, tf, flags, pos };
}

/** Delta-encoded document set (facets) -> Set of document numbers. */
export function decodeDocSet(text) {
    const out = new Set();
    let previous = -1;
    for (const delta of decodeVlq(text)) {
        previous = previous + delta + 1;
        out.add(previous);
    }
    return out;
}

/** Document length from its one-character norm. */
export function decodeNorm(char) {
    return Math.exp((DIGIT.get(char) || 0) / NORM_SCALE) - 1;
}

/** File name of a vocabulary prefix: itself if [a-z0-9], else "_" + UTF-8 hex. */
export function fileKey(prefix) {
    if (SAFE_KEY_RE.test(prefix)) return prefix;
    let hex = "_";
    for (const byte of new TextEncoder().encode(prefix)) hex += byte.toString(16).padStart(2, "0");
    return hex;
}

export function vocabPrefix(term) {
    return Array.from(term).slice(0, VOCAB_PREFIX).join("");
}

// --- Edit distance ----------------------------------------------------------------------

/** Optimal string alignment distance (a transposition counts 1), or max + 1 if above max. */
export function editDistance(a, b, max = Infinity) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev2 = null;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        let best = i;
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d = Math.min(d, prev2[j - 2] + 1);
            }
            row.push(d);
            if (d < best) best = d;
        }
        if (best > max) return max + 1;
        prev2 = prev;
        prev = row;
    }
    return prev[b.length];
}

/**
 * Edits allowed for a word of this length: 1 from 5 letters, 2 from 10. (From 9, two
 * edits took "conférence", stem "conferent", to "convergent" and "coopèrent".)
 */
export function allowedTypos(length) {
    return length >= 10 ? 2 : length >= 5 ? 1 : 0;
}

// The suffix tables of each Snowball stemmer (snowball.mjs) that list the endings it
// removes: step 1 (plurals, -ation, -ement...), the verb endings and the residual ones.
// The other tables hold prefixes, exceptions or the letters left before an ending.
const ENDING_TABLES = {
    fr: [FrenchStemmer, ["a_4", "a_5", "a_7", "a_8"]],
    en: [EnglishStemmer, ["a_2", "a_5", "a_7", "a_8", "a_9", "a_10"]],
};
// Plural endings the stemmers remove outside those tables (French "réseaux" -> "reseau":
// a typo of "réseaux", "resaux", is "reseau" + "x" with one edit).
const EXTRA_ENDINGS = { fr: ["x", "s"], en: ["s"] };
const ENDINGS = new Map();

/**
 * The endings the stemmer of `lang` removes, folded as words are before stemming
 * ("ement", "ations", "ing", "ness"...), longest first, without duplicates.
 */
export function endings(lang) {
    let list = ENDINGS.get(lang);
    if (!list) {
        const [stemmerClass, tables] = ENDING_TABLES[lang] || [null, []];
        const all = tables.flatMap((name) => stemmerClass[name].map((among) => fold(among.s)));
        all.push(...(EXTRA_ENDINGS[lang] || []));
        list = [...new Set(all.filter((e) => /^[a-z]+$/.test(e)))];
        list.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
        ENDINGS.set(lang, list);
    }
    return list;
}

/**
 * Stems of the words that begin with the typed letters `word` and end with one of the
 * stemmer's endings: `word` followed by an ending, or completing an ending it has begun
 * ("collabora" -> "collaboration" -> "collabor"; "takin" -> "taking" -> "take"). The
 * index holds stems only, and the stem of a word is often shorter than the letters
 * already typed, or spelt differently at its end ("sociau" -> "sociaux" -> "social"):
 * these are the terms that the word being typed can still become.
 */
export function completions(word, lang) {
    const out = new Set();
    for (const ending of endings(lang)) {
        for (let k = 0; k <= ending.length; k++) {
            if (k && !word.endsWith(ending.slice(0, k))) continue;
            const stems = analyze(word + ending.slice(k), lang);
            if (stems.length === 1) out.add(stems[0]);
        }
    }
    return out;
}

/**
 * Distance in edits between a vocabulary term (a stem) and what the reader typed, or
 * Infinity when they are too far apart. Two comparisons, each of a whole word with a
 * whole word, within the edits that the shorter of the two allows (allowedTypos):
 * - the query word's stem with the term ("intarnet" ~ "intranet");
 * - the typed word with a word the term is the stem of: the term followed by one of the
 *   stemmer's endings (a typo changes how a word is stemmed: "managment" is not stemmed
 *   like "management", but it is "manag" + "ment"). The word must be covered to its
 *   end: "telemedecine" is not "temp" + "s" with a typo, nor "blockchain" "blog".
 */
export function typoDistance(term, stem, word, lang) {
    let best = Infinity;
    const max = allowedTypos(Math.min(stem.length, term.length));
    if (max) {
        const d = editDistance(stem, term, max);
        if (d <= max) best = d;
    }
    // The term itself must be long enough for the edits that fall in it: a 6-letter term
    // takes one ("organization" is not "origin" + "ization" with two, although the word
    // is long enough for two), a 4-letter one none ("panier" is not "pari" + "er", but
    // "seulment" is "seul" + "ement"), and a 3-letter term is too short to tell a word
    // that ends differently ("banana" is not "ban" + "ant", nor "citron" "cit" + "ion").
    const own = allowedTypos(term.length);
    if (best <= 1 || !word || term.length < 4 || !allowedTypos(word.length)) return best;
    // Cheap test first: the term must be within its own edits of the word's beginning.
    let near = false;
    for (let len = Math.max(1, term.length - own); len <= Math.min(word.length, term.length + own); len++) {
        if (editDistance(word.slice(0, len), term, own) <= own) {
            near = true;
            break;
        }
    }
    if (!near) return best;
    // Then the whole word against the whole surface, so that a swap across the end of
    // the term counts one edit ("abbrevaition" ~ "abbrevi" + "ation").
    for (const ending of ["", ...endings(lang)]) {
        const surface = term + ending;
        const max = allowedTypos(Math.min(word.length, surface.length));
        if (Math.abs(surface.length - word.length) > max) continue;
        const d = editDistance(word, surface, max);
        if (d <= max && d < best) best = d;
    }
    return best;
}

/**
 * While a word is being typed: distance between the letters typed so far and the
 * beginning of a word that the term is the stem of (the term, or the term followed by
 * one of the stemmer's endings), or Infinity. "organisa" is 1 edit from the beginning of
 * "organiza(tion)", stem "organiz". Within the edits that the shorter of the typed letters
 * and the term allows: a term too short for a typo ("tel") matches no longer word.
 */
export function typoPrefixDistance(term, word, lang) {
    const max = allowedTypos(Math.min(word.length, term.length));
    if (!max) return Infinity;
    // Cheap test first: the beginnings of the two must be close.
    const h = Math.min(term.length, word.length);
    let near = Infinity;
    for (let len = Math.max(1, h - max); len <= Math.min(word.length, h + max); len++) {
        near = Math.min(near, editDistance(word.slice(0, len), term.slice(0, h), max));
    }
    if (near > max) return Infinity;
    let best = Infinity;
    for (const ending of ["", ...endings(lang)]) {
        const surface = term + ending;
        for (let len = word.length - max; len <= word.length + max; len++) {
            if (len > surface.length || len < 1) continue;
            best = Math.min(best, editDistance(word, surface.slice(0, len), max));
        }
        if (best === 0) break;
    }
    return best <= max ? best : Infinity;
}

// --- Query ------------------------------------------------------------------------------

const QUOTE_RE = /["\u201c\u201d\u00ab\u00bb]/g;
// Phrase numbers of words joined by punctuation ("2.0"), after those of quoted spans.
const JOINED = 1e6;
const JOIN_RE = /^[.,\-\u2011/:_]$/;

/**
 * Words of a query, analysed for `lang`: {terms, exclude, last, typed, submitted}.
 * - `terms`: [{stem, word, star, phrase}] in order, stop words removed; `word` is the
 *   folded word as typed, without an elided article ("l'intra" -> "intra"); `star` when
 *   the word is followed by "*" (completed as a prefix); `phrase`, a number shared by the
 *   words of one quoted phrase ("…", “…” or « … »), else -1.
 * - `exclude`: the stems of the words to leave out, written "-word" (a "-" at the start
 *   or after a space) or after an upper-case "NOT".
 * - `last`: with `prefix`, the last word (when the text does not end with a separator, or
 *   ends with "*"), also returned for completion, even if it is a stop word or a fragment.
 * - `typed`: how many words the text holds, stop words included (so that a query of
 *   stop words alone can be told from an empty one).
 * With `submitted` (the query was sent: the results page), a last word that is a stop
 * word is not completed ("de" is not the beginning of "développement"), unless it ends
 * with "*".
 */
export function parseQuery(text, lang, { prefix = false, submitted = false } = {}) {
    const source = String(text || "");
    const terms = [];
    const exclude = [];
    let last = null;
    let typed = 0;
    // Quoted spans: quotes alternate opening and closing; an unclosed one runs to the end.
    const quotes = [...source.matchAll(QUOTE_RE)].map((m) => m.index);
    const phraseOf = (index) => {
        let open = -1;
        for (let q = 0; q < quotes.length; q++) {
            if (quotes[q] > index) return open >= 0 && q % 2 === 1 ? open : -1;
            open = q % 2 === 0 ? q : -1;
        }
        return open;
    };
    // A quoted span written -"…" (or -“…”, -« … ») leaves out each of its words.
    const negatedQuote = new Set(
        quotes.filter((at, q) => q % 2 === 0 && /(^|\s)-$/.test(source.slice(Math.max(0, at - 2), at))),
    );
    let negateNext = false;
    let joined = null; // {first, end, phrase} of the last word kept, for "2.0"
    for (const m of source.matchAll(WORD_RE)) {
        const end = m.index + m[0].length;
        if (m[0] === "NOT") {
            negateNext = true;
            joined = null;
            continue;
        }
        typed += 1;
        const word = fold(m[0]).split(APOSTROPHE_RE).pop();
        const stems = analyze(m[0], lang);
        const before = source.slice(Math.max(0, m.index - 2), m.index);
        const minus = /(^|\s)-$/.test(before) || (m.index === 1 && source[0] === "-");
        let phrase = phraseOf(m.index);
        if (negateNext || minus || (phrase >= 0 && negatedQuote.has(quotes[phrase]))) {
            negateNext = false;
            joined = null;
            exclude.push(...stems);
            continue;
        }
        // Words joined by one punctuation mark ("2.0", "TCP/IP") are one word: all of its
        // parts are required, as a quoted phrase's (the highlight makes them one mark).
        if (phrase < 0 && joined && joined.end === m.index - 1 && JOIN_RE.test(source[joined.end])) {
            if (joined.phrase < 0) {
                joined.phrase = JOINED + joined.first;
                for (let k = joined.first; k < terms.length; k++) terms[k].phrase = joined.phrase;
            }
            phrase = joined.phrase;
        }
        const star = source[end] === "*";
        const first = terms.length;
        for (const stem of stems) terms.push({ stem, word, star, phrase });
        if (terms.length === first || (phrase >= 0 && phrase < JOINED)) joined = null; // a stop word joins nothing
        else if (joined && phrase >= JOINED && joined.phrase === phrase) joined.end = end;
        else joined = { first, end, phrase };
        const atEnd = source.slice(end).replace(/^[*"\u201d\u00bb]+/, "") === "" && (end === source.length || star);
        if (prefix && atEnd) {
            last = { stems, word, index: terms.length - stems.length, star };
        }
    }
    return { terms, exclude, last, typed, submitted };
}

// --- Scoring ----------------------------------------------------------------------------

function idf(total, df) {
    return Math.log(1 + (total - df + 0.5) / (df + 0.5));
}

/**
 * BM25 weight of one posting (before idf). The body's term frequency saturates as in
 * BM25; a title, heading or tag match adds a bonus outside that saturation (half its
 * boost, in units where a very frequent body term scores k1 + 1 = 2.2), so that a word
 * in the title still counts in a document that also repeats it a lot.
 */
export function bm25(tf, flags, length, avg, boost) {
    const body = tf ? (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / (avg || 1))) : 0;
    return (
        body +
        FIELD_BONUS *
            ((flags & FLAG_TITLE ? boost.title : 0) +
                (flags & FLAG_HEADING ? boost.heading : 0) +
                (flags & FLAG_TAG ? boost.tag : 0))
    );
}

// --- The index --------------------------------------------------------------------------

/**
 * A search over the index files that `load(key)` returns (a Promise of the payload of
 * `<key>.js`). Every file is loaded once; `loaded` lists the keys loaded so far.
 */
export class SearchIndex {
    constructor(load) {
        this._load = load;
        this._cache = new Map();
        this._postings = new Map();
        this._langMeta = new Map();
        this._dateMerges = new WeakMap(); // hits (by date, several languages) -> merge state
        this.loaded = [];
    }

    load(key) {
        let promise = this._cache.get(key);
        if (!promise) {
            this.loaded.push(key);
            promise = Promise.resolve(this._load(key));
            this._cache.set(key, promise);
        }
        return promise;
    }

    /** The global description: languages, document ranges, boosts, chunk sizes. */
    async meta() {
        if (!this._meta) this._meta = this.load("meta");
        return this._meta;
    }

    /** One language's average length, document lengths and vocabulary file keys. */
    async langMeta(lang) {
        let m = this._langMeta.get(lang);
        if (!m) {
            m = this.load(`${lang}/meta`).then((data) => ({
                avg: data.avg,
                lengths: Float64Array.from(data.norms, decodeNorm),
                vocab: new Set(data.vocab ? data.vocab.split(" ") : []),
            }));
            this._langMeta.set(lang, m);
        }
        return m;
    }

    /** Tags and categories that filters offer (loaded only to filter). */
    async facets() {
        return this.load("f/index");
    }

    async vocab(lang, prefix) {
        const m = await this.langMeta(lang);
        if (!m.vocab.has(prefix)) return {};
        return this.load(`${lang}/v/${fileKey(prefix)}`);
    }

    async postings(lang, term, shard) {
        const id = `${lang}\u0000${term}`;
        let p = this._postings.get(id);
        if (!p) {
            const data = await this.load(`${lang}/p/${shard}`);
            p = decodePostings(data[term] || "");
            this._postings.set(id, p);
        }
        return p;
    }

    /**
     * Candidate terms for each query word in one language:
     * [{stem, word, alternatives: [{term, weight, df, shard, kind}]}].
     */
    async candidates(query, lang) {
        const last = query.last;
        const lastIndex = last && last.stems.length ? last.index + last.stems.length - 1 : -1;
        // In parallel: each word's files load at once (one request per file, cached).
        const words = await Promise.all(
            query.terms.map(({ stem, word, star }, i) =>
                this._termCandidates(lang, stem, word, i === lastIndex || Boolean(star), query.submitted && !star),
            ),
        );
        query.terms.forEach((t, i) => {
            words[i].phrase = t.phrase === undefined ? -1 : t.phrase;
        });
        if (last && !last.stems.length && last.word.length >= 2 && (!query.submitted || last.star)) {
            // The last word is a stop word or a fragment of one ("de" of "developpement"),
            // while it is being typed (a query sent with a final stop word does not
            // complete it).
            const c = await this._termCandidates(lang, null, last.word, true);
            c.phrase = -1;
            if (c.alternatives.length) words.push(c);
        }
        return words;
    }

    /** With `sent` (a query sent, the word not ending with "*"), a word of 2 letters is
     *  not completed ("la" is not the beginning of "language"). */
    async _termCandidates(lang, stem, word, isPrefix, sent = false) {
        const alternatives = [];
        const seen = new Set();
        const add = (term, entry, weight, kind) => {
            if (seen.has(term)) return;
            seen.add(term);
            alternatives.push({ term, weight, df: entry[0], shard: entry[1], kind });
        };
        let own = false; // the word itself is in the vocabulary
        const vocab = stem ? await this.vocab(lang, vocabPrefix(stem)) : {};
        if (stem && Object.hasOwn(vocab, stem)) {
            add(stem, vocab[stem], WEIGHTS.exact, "exact");
            own = true;
        }
        if (isPrefix) {
            const byFrequency = (a, b) => b[1][0] - a[1][0] || (a[0] < b[0] ? -1 : 1);
            // First the stems of the words the typed letters can still become, which the
            // letters typed may already go beyond ("collabora" -> "collabor"); then the
            // terms that start with the typed word ("intra" -> "intranet"), then those
            // that start with its stem, which can be much shorter ("conne" -> "con"), then
            // those that start with the stem of a word it can become: what that whole word
            // would find ("managem" -> "management" -> "manag" -> "manager").
            const tiers = [[], [], [], []];
            const seenHere = new Set();
            const stems = word && word.length >= 3 ? [...completions(word, lang)].filter((t) => t !== stem) : [];
            for (const term of stems) {
                const v = await this.vocab(lang, vocabPrefix(term));
                if (Object.hasOwn(v, term)) tiers[0].push([term, v[term]]);
            }
            // A stem used as a prefix needs 3 letters: "esn" can end like "esness", stem
            // "es", but "establish" and "escape" do not begin with what was typed.
            const prefixes = [[word], [stem], stems].map((group, i) =>
                group.filter((p) => p && p.length >= (i || sent ? 3 : 2)),
            );
            for (const [i, group] of prefixes.entries()) {
                for (const p of group) {
                    const v = await this.vocab(lang, vocabPrefix(p));
                    for (const term of Object.keys(v)) {
                        if (term !== stem && term.startsWith(p) && !seenHere.has(term)) {
                            seenHere.add(term);
                            tiers[i + 1].push([term, v[term]]);
                        }
                    }
                }
            }
            const ranked = tiers.flatMap((tier) => tier.sort(byFrequency));
            for (const [term, entry] of ranked) {
                if (seen.size >= MAX_PREFIX_TERMS + (seen.has(stem) ? 1 : 0)) break;
                add(term, entry, WEIGHTS.prefix, "prefix");
            }
        }
        const max = allowedTypos(Math.max(word ? word.length : 0, stem ? stem.length : 0));
        if (!alternatives.length && stem && max) {
            const typos = await this._typoCandidates(lang, stem, word, isPrefix);
            for (const [term, entry, d] of typos) add(term, entry, d <= 1 ? WEIGHTS.typo1 : WEIGHTS.typo2, "typo");
        }
        return { stem, word, alternatives, own };
    }

    async _typoCandidates(lang, stem, word, isPrefix) {
        const scan = (vocab) => {
            const out = [];
            for (const term of Object.keys(vocab)) {
                if (term.length < 3) continue;
                let d = typoDistance(term, stem, word, lang);
                if (d === Infinity && isPrefix) d = typoPrefixDistance(term, word || stem, lang);
                if (d !== Infinity) out.push([term, vocab[term], d]);
            }
            return out;
        };
        const own = vocabPrefix(stem);
        let found = scan(await this.vocab(lang, own));
        if (!found.length && stem.length >= 3) {
            // A typo in the first two letters moves the word to another vocabulary file:
            // try the files of a swap of the first two letters and of either one left out.
            const variants = [stem[1] + stem[0] + stem.slice(2), stem.slice(1), stem[0] + stem.slice(2)];
            for (const prefix of new Set(variants.map(vocabPrefix))) {
                if (prefix !== own) found = found.concat(scan(await this.vocab(lang, prefix)));
            }
        }
        found.sort((a, b) => a[2] - b[2] || b[1][0] - a[1][0] || (a[0] < b[0] ? -1 : 1));
        return found.slice(0, MAX_TYPO_TERMS);
    }

    /**
     * Ranked hits in one language: [{doc, lang, score, exact, own, matched, words,
     * phrase, terms, pos}], where `exact` is the number of query words the document
     * matches without a typo, `own` the number it matches through the word itself (its
     * stem, or, when the vocabulary does not hold it, a word it begins: "ESN" finds
     * "esn" before "established"), `matched` the number it matches at all out of `words`,
     * `phrase` whether it holds every quoted phrase's words next to each other, `terms`
     * the Set of candidate vocabulary terms of the query (for highlighting) and `pos` the
     * position of the best match in the document (to choose the excerpt). Documents that
     * lack a word of a quoted phrase, or hold an excluded word, are left out.
     */
    async searchLanguage(text, lang, { prefix = false, submitted = false } = {}) {
        const meta = await this.meta();
        if (!meta.docs[lang]) return [];
        const query = parseQuery(text, lang, { prefix, submitted });
        if (!query.terms.length && !query.last) return [];
        const [start, total] = meta.docs[lang];
        const { avg, lengths } = await this.langMeta(lang);
        const words = await this.candidates(query, lang);
        const active = words.filter((w) => w.alternatives.length);
        if (!words.length) return [];
        // Postings of every candidate, loaded in parallel.
        await Promise.all(
            active.flatMap((w) => w.alternatives.map((a) => this.postings(lang, a.term, a.shard))),
        );
        const excluded = new Set();
        for (const stem of query.exclude) {
            const vocab = await this.vocab(lang, vocabPrefix(stem));
            if (!Object.hasOwn(vocab, stem)) continue;
            const p = await this.postings(lang, stem, vocab[stem][1]);
            for (const doc of p.docs) excluded.add(doc);
        }
        const terms = new Set(active.flatMap((w) => w.alternatives.map((a) => a.term)));
        const perWord = [];
        for (const w of active) {
            const best = new Map(); // doc -> {score, pos, own}
            for (const a of w.alternatives) {
                const p = await this.postings(lang, a.term, a.shard);
                const weight = a.weight * idf(total, a.df);
                // A match through the word itself, or through a word it begins when the
                // vocabulary does not hold the word (what is typed is not a word yet).
                const own = a.kind === "exact" || (a.kind === "prefix" && !w.own);
                for (let i = 0; i < p.docs.length; i++) {
                    const doc = p.docs[i];
                    const s = weight * bm25(p.tf[i], p.flags[i], lengths[doc - start], avg, meta.boost);
                    const current = best.get(doc);
                    if (!current) best.set(doc, { score: s, pos: p.pos[i], own });
                    else {
                        if (s > current.score) {
                            current.score = s;
                            current.pos = p.pos[i];
                        }
                        current.own = current.own || own;
                    }
                }
            }
            perWord.push({ word: w, best, typo: w.alternatives.every((a) => a.kind === "typo") });
        }
        const hits = new Map();
        perWord.forEach(({ best, typo }, index) => {
            for (const [doc, m] of best) {
                if (excluded.has(doc)) continue;
                let h = hits.get(doc);
                if (!h) {
                    h = { doc, score: 0, matched: 0, exact: 0, own: 0, positions: new Array(perWord.length).fill(-1) };
                    hits.set(doc, h);
                }
                h.score += m.score;
                h.matched += 1;
                if (!typo) h.exact += 1;
                if (m.own) h.own += 1;
                h.positions[index] = m.pos;
            }
        });
        // Quoted phrases: every word of a phrase is required (a phrase word that finds
        // nothing leaves nothing), and "phrase" says whether they are next to each other
        // (by their first occurrences: the index keeps one position per word).
        const phrases = new Map(); // phrase id -> indexes in perWord
        perWord.forEach(({ word }, i) => {
            if (word.phrase >= 0) phrases.set(word.phrase, [...(phrases.get(word.phrase) || []), i]);
        });
        const phraseWords = words.filter((w) => w.phrase >= 0).length;
        const inPhrases = [...phrases.values()].reduce((n, list) => n + list.length, 0);
        const n = words.length;
        const out = [];
        for (const h of hits.values()) {
            if (inPhrases < phraseWords) break; // a quoted word found nothing
            let together = true;
            let complete = true;
            for (const list of phrases.values()) {
                for (let k = 0; k < list.length; k++) {
                    const p = h.positions[list[k]];
                    if (p < 0) complete = false;
                    else if (k && p !== h.positions[list[k - 1]] + 1) together = false;
                }
            }
            if (!complete) continue;
            // Documents with every word first: a coordination factor, as Lucene's.
            let score = h.score * ((1 + h.matched) / (1 + n)) ** 2;
            let pos = -1;
            for (let i = 0; i + 1 < h.positions.length; i++) {
                const a = h.positions[i];
                const b = h.positions[i + 1];
                if (a >= 0 && b === a + 1) {
                    score *= PHRASE_BOOST;
                    if (pos < 0) pos = a;
                }
            }
            if (pos < 0) pos = bestPosition(h.positions, perWord);
            out.push({
                doc: h.doc, lang, score, exact: h.exact, own: h.own, matched: h.matched, words: n,
                phrase: phrases.size > 0 && together, terms, pos,
            });
        }
        out.sort((a, b) => b.phrase - a.phrase || b.score - a.score || a.doc - b.doc);
        return out;
    }

    /**
     * Search one or more languages. Options: lang (the page's language, ranked first),
     * langs (languages to search, default [lang]), prefix (complete the last word),
     * submitted (the query was sent, not being typed: see parseQuery), tag (a tag concept
     * id: documents with it or a narrower tag), cat (a category name in `lang`: documents
     * in it or, in other languages, in its translation), sort ("relevance" or "date"),
     * any (also the documents that match only some of the words), browse (no words and a
     * tag or category: every document of the filter, newest first).
     *
     * Returns {hits, total, partial, some, approximate, common}:
     * - hits: when some documents match every word, only those (`partial` counts the
     *   others, which `any` adds); else the documents that match some of them (`some`);
     * - approximate: every hit needs a typo correction for one of its words;
     * - common: the text holds only stop words (in every language searched), and finds
     *   nothing; stopwords: it holds only stop words in `lang` (its last word may still be
     *   completed while it is typed);
     * - onlyExcluded: the text holds only words to leave out ("-word"), nothing to find.
     * Hits are in display order:
     * - by relevance: the documents that match more query words without a typo first
     *   (an exact match in one language outranks a typo match in another), then those
     *   that match more of them through the words themselves (a word that exists is not
     *   outranked by the rarer words it begins); among equals, the languages in order
     *   (the page's first), each by score;
     * - by date: newest first across languages, then the undated pages, the page's
     *   language first. Documents are numbered by date within a language only, so the
     *   languages are merged by their records' dates, page by page: read hits through
     *   page(), which completes the order as far as the page it returns.
     */
    async search(text, options = {}) {
        const meta = await this.meta();
        const lang = options.lang || meta.langs[0];
        const langs = options.langs && options.langs.length ? options.langs : [lang];
        const ordered = [lang, ...langs.filter((l) => l !== lang)].filter((l) => langs.includes(l));
        const prefix = Boolean(options.prefix);
        const submitted = Boolean(options.submitted);
        const parsed = ordered.map((l) => parseQuery(text, l, { prefix, submitted }));
        const typed = parsed.length ? parsed[0].typed : 0;
        const common =
            typed > 0 &&
            parsed.every(
                (q) =>
                    !q.terms.length &&
                    !q.exclude.length &&
                    !(q.last && !q.last.stems.length && (!submitted || q.last.star)),
            );
        // Only words to leave out ("-intranet"): nothing to look for.
        const onlyExcluded = parsed.every((q) => !q.terms.length && q.exclude.length > 0 && !(q.last && q.last.word));
        // Only stop words in the page's language (even while the last one may still be the
        // beginning of a longer word): the other languages are no fallback for it.
        const stopwords = typed > 0 && parsed.length > 0 && !parsed[0].terms.length && !parsed[0].exclude.length &&
            !(parsed[0].last && parsed[0].last.star);
        const browse = Boolean(options.browse) && !typed && Boolean(options.tag || options.cat);
        const filters = [];
        if (options.tag || options.cat) {
            const facets = await this.facets();
            if (options.tag) {
                const i = facets.tags.findIndex((t) => t[0] === options.tag);
                filters.push(i < 0 ? new Set() : decodeDocSet(await this.load(`f/t${i}`)));
            }
            if (options.cat) {
                const i = facets.cats.findIndex((c) => c[0] === lang && c[1] === options.cat);
                filters.push(i < 0 ? new Set() : decodeDocSet(await this.load(`f/c${i}`)));
            }
        }
        let groups;
        if (browse) {
            // Every document of the filter, by number: newest first in each language.
            groups = ordered.map((l) => {
                const [start, count] = meta.docs[l] || [0, 0];
                const docs = [...filters[0]].filter((d) => d >= start && d < start + count && filters.every((f) => f.has(d)));
                return docs.sort((a, b) => a - b).map((doc) => ({
                    doc, lang: l, score: 0, exact: 0, own: 0, matched: 0, words: 0, phrase: false, terms: new Set(), pos: -1,
                }));
            });
        } else {
            groups = (
                await Promise.all(ordered.map((l) => this.searchLanguage(text, l, { prefix, submitted })))
            ).map((group) => group.filter((h) => filters.every((f) => f.has(h.doc))));
        }
        // Documents that match every word, when there are some; else those that match some.
        const full = (h) => h.matched >= h.words;
        let partial = 0;
        let some = false;
        if (!browse && groups.some((g) => g.some((h) => !full(h)))) {
            if (groups.some((g) => g.some(full))) {
                partial = groups.reduce((n, g) => n + g.filter((h) => !full(h)).length, 0);
                if (!options.any) groups = groups.map((g) => g.filter(full));
            } else {
                some = true;
            }
        }
        let hits;
        const sort = browse ? "date" : options.sort;
        if (sort === "date") {
            const queues = groups.map((g) => g.slice().sort((a, b) => a.doc - b.doc)).filter((g) => g.length);
            hits = queues.flat();
            if (queues.length > 1) this._dateMerges.set(hits, { queues, done: 0, running: Promise.resolve() });
        } else {
            // A stable sort: within a tier, the languages' order and each one's ranking.
            hits = groups.flat().sort((a, b) => b.exact - a.exact || b.own - a.own);
        }
        const approximate = !browse && hits.length > 0 && hits.every((h) => h.exact < h.matched);
        return { hits, total: hits.length, partial: options.any ? 0 : partial, some, approximate, common, stopwords, onlyExcluded };
    }

    /** Put hits[0 .. end-1] in date order across languages (see search()). */
    async _mergeByDate(hits, end) {
        const merge = this._dateMerges.get(hits);
        if (!merge) return;
        merge.running = merge.running.catch(() => {}).then(async () => {
            const stop = Math.min(end, hits.length);
            while (merge.done < stop) {
                let best = null;
                let bestDate = "";
                for (const queue of merge.queues) {
                    if (!queue.length) continue;
                    // Undated documents (pages) come last: "" is older than any date.
                    const date = (await this.record(queue[0].doc)).d || "";
                    if (!best || date > bestDate) {
                        best = queue;
                        bestDate = date;
                    }
                }
                hits[merge.done++] = best.shift();
            }
            if (merge.done >= hits.length) this._dateMerges.delete(hits);
        });
        return merge.running;
    }

    async record(doc) {
        const meta = await this.meta();
        const chunk = await this.load(`d/${Math.floor(doc / meta.chunk)}`);
        return chunk[doc % meta.chunk];
    }

    /** Hits offset .. offset+limit-1, each with its document record (`record`). */
    async page(hits, { offset = 0, limit = 10 } = {}) {
        await this._mergeByDate(hits, offset + limit);
        const slice = hits.slice(offset, offset + limit);
        const records = await Promise.all(slice.map((h) => this.record(h.doc)));
        return slice.map((h, i) => ({ ...h, record: records[i] }));
    }

    /** Excerpt text of the segment holding a hit's best match. */
    async excerptText(hit) {
        const meta = await this.meta();
        const segments = hit.record.s || 0;
        if (!segments) return "";
        const k = Math.min(segments - 1, Math.max(0, Math.floor(Math.max(hit.pos, 0) / meta.seg)));
        const texts = await this.load(`x/${Math.floor(hit.doc / meta.xdir)}/${hit.doc}`);
        return texts[k] || "";
    }
}

function bestPosition(positions, perWord) {
    // The first occurrence of the rarest matched word (the most telling one).
    let pos = -1;
    let best = Infinity;
    positions.forEach((p, i) => {
        const size = perWord[i].best.size;
        if (p >= 0 && size < best) {
            best = size;
            pos = p;
        }
    });
    return pos;
}

// --- Excerpts and highlighting -----------------------------------------------------------

/**
 * Split `text` into parts [{text, mark}] where `mark` is true for words whose stem is in
 * `terms` (a Set of vocabulary terms) or, for `prefixes`, starts with one of them. Marked
 * words joined by one punctuation mark make one mark ("2.0", not "2" and "0").
 */
export function highlight(text, terms, lang, prefixes = []) {
    const parts = [];
    let at = 0;
    for (const m of String(text).matchAll(WORD_RE)) {
        const stems = analyze(m[0], lang);
        const hit = stems.some((s) => terms.has(s) || prefixes.some((p) => s.startsWith(p)));
        if (!hit) continue;
        const between = text.slice(at, m.index);
        const previous = parts[parts.length - 1];
        if (previous && previous.mark && /^[.,\-\u2011/:_]$/.test(between)) {
            previous.text += between + m[0];
        } else {
            if (m.index > at) parts.push({ text: between, mark: false });
            parts.push({ text: m[0], mark: true });
        }
        at = m.index + m[0].length;
    }
    if (at < text.length) parts.push({ text: text.slice(at), mark: false });
    return parts;
}

const SENTENCE_END_RE = /[.!?:;…»"”)\]]$/;

/**
 * A document's text as one line: its lines (paragraphs, headings, list items, table
 * cells) joined by a space after a sentence's end, else by " · ", so that a heading or
 * a table cell does not run into the next words.
 */
export function flatten(text) {
    const lines = String(text || "")
        .split(/\s*[\n\r\u2028\u2029]+\s*/)
        .map((l) => l.replace(/\s+/g, " ").trim())
        .filter(Boolean);
    let out = "";
    for (const line of lines) {
        if (out) out += SENTENCE_END_RE.test(out) ? " " : " · ";
        out += line;
    }
    return out;
}

/**
 * An excerpt of about `words` words of `text` around its densest run of matches, as
 * highlight() parts, with "…" where text was cut. The window starts a few words before
 * its first match and keeps the rest for what follows, so a match reads in context.
 */
export function excerpt(text, terms, lang, { words = 28, prefixes = [] } = {}) {
    const source = flatten(text);
    const spans = [...source.matchAll(WORD_RE)].map((m) => {
        const stems = analyze(m[0], lang);
        const hit = stems.some((s) => terms.has(s) || prefixes.some((p) => s.startsWith(p)));
        return { start: m.index, end: m.index + m[0].length, hit };
    });
    if (!spans.length) return source ? [{ text: source, mark: false }] : [];
    let bestStart = 0;
    let bestCount = -1;
    let count = 0;
    for (let i = 0; i < spans.length; i++) {
        if (spans[i].hit) count++;
        if (i >= words && spans[i - words].hit) count--;
        const start = Math.max(0, i - words + 1);
        if (count > bestCount) {
            bestCount = count;
            bestStart = start;
        }
    }
    // Re-centre the window on its matches: a few words before the first (up to 8, or
    // half of what the matches leave), the rest after the last.
    let firstHit = -1;
    let lastHit = -1;
    for (let i = bestStart; i < Math.min(spans.length, bestStart + words); i++) {
        if (!spans[i].hit) continue;
        if (firstHit < 0) firstHit = i;
        lastHit = i;
    }
    if (firstHit >= 0) {
        const slack = Math.max(0, words - (lastHit - firstHit + 1));
        bestStart = Math.max(0, Math.min(firstHit - Math.min(8, Math.floor(slack / 2)), spans.length - words));
    }
    const endIndex = Math.min(spans.length - 1, bestStart + words - 1);
    const from = bestStart === 0 ? 0 : spans[bestStart].start;
    const to = endIndex === spans.length - 1 ? source.length : spans[endIndex].end;
    const parts = highlight(source.slice(from, to), terms, lang, prefixes);
    if (from > 0) parts.unshift({ text: "… ", mark: false });
    if (to < source.length) parts.push({ text: " …", mark: false });
    return parts;
}
