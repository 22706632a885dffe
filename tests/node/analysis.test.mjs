// node --test tests/node/ : the browser analyzer on the shared table of
// tests/data/analysis_cases.json (also checked against Python by tests/unit/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { analyze, fold, stopwords, LANGUAGES } from "../../theme/static/js/analysis.mjs";
import { stemmer } from "../../theme/static/js/snowball.mjs";

const readText = (rel) => readFileSync(new URL(rel, import.meta.url), "utf8");
const CASES = JSON.parse(readText("../data/analysis_cases.json"));

test("analyze: shared table", () => {
    for (const c of CASES.analyze) {
        assert.deepEqual(analyze(c.text, c.lang), c.expected, `${c.lang} ${JSON.stringify(c.text)}: ${c.note}`);
    }
});

test("fold: shared table", () => {
    for (const c of CASES.fold) assert.equal(fold(c.text), c.expected, c.text);
});

test("French rules", () => {
    const fr = (t) => analyze(t, "fr");
    assert.deepEqual(fr("réseaux"), fr("réseau"));
    assert.deepEqual(fr("intégrée"), fr("integree"));
    assert.deepEqual(fr("intégrée"), fr("intégrés"));
    assert.deepEqual(fr("l’intranet"), ["intranet"]);
    assert.deepEqual(fr("les des où très"), []);
    assert.deepEqual(fr("social-business"), ["social", "business"]);
});

test("English rules", () => {
    const en = (t) => analyze(t, "en");
    assert.deepEqual(en("company's"), en("company"));
    assert.deepEqual(en("don't we'll"), []);
    assert.deepEqual(en("well shell"), ["well", "shell"]);
});

test("analyze(fold(x)) equals analyze(x); fold is idempotent", () => {
    const samples = CASES.analyze.map((c) => c.text).concat(
        ["0ʼ\u0300'0", "a\u0301'b", "ΟΔΟΣ Σ", "İstanbul", "Straße ẞ", "x\u{1F600}y", "\u{2F800}"],
    );
    for (const text of samples) {
        for (const lang of LANGUAGES) assert.deepEqual(analyze(fold(text), lang), analyze(text, lang), text);
        assert.equal(fold(fold(text)), fold(text), text);
    }
});

test("stop words are folded", () => {
    const fr = stopwords("fr");
    for (const w of ["les", "ou", "tres", "ete", "etre"]) assert.ok(fr.has(w), w);
    assert.ok(stopwords("en").has("don't"));
});

test("unknown language is an error", () => {
    assert.throws(() => analyze("text", "de"));
});

test("snowball stemmers (spot checks against snowballstemmer 3.1.1)", () => {
    const fr = stemmer("fr");
    const en = stemmer("en");
    assert.equal(fr.stemWord("continuellement"), "continuel");
    assert.equal(fr.stemWord("intégrée"), "integr");
    assert.equal(fr.stemWord("année"), "anné");
    assert.equal(en.stemWord("generously"), "generous");
    assert.equal(en.stemWord("skies"), "sky");
});

test("browser-safe modules: no network, no DOM, relative imports only", () => {
    for (const file of ["analysis.mjs", "snowball.mjs"]) {
        const src = readText(`../../theme/static/js/${file}`);
        assert.doesNotMatch(src, /\bfetch\(|XMLHttpRequest|\bdocument\.|\bwindow\.|\brequire\(/, file);
        for (const m of src.matchAll(/^import .* from "(.*)";$/gm)) assert.match(m[1], /^\.\//, file);
    }
});
