// Parity helper for tests/unit/test_analysis_parity.py (not a test file itself).
// Reads a JSON array of [op, lang, text] from stdin and writes a JSON array of results:
//   ["analyze", "fr", text] -> analyze(text, "fr")   (array of stems)
//   ["fold", null, text]    -> fold(text)            (string)
//   ["stem", "en", word]    -> the raw Snowball stem of word (string)
import { analyze, fold } from "../../theme/static/js/analysis.mjs";
import { stemmer } from "../../theme/static/js/snowball.mjs";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const items = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const stemmers = { fr: stemmer("fr"), en: stemmer("en") };
const out = items.map(([op, lang, text]) => {
    if (op === "analyze") return analyze(text, lang);
    if (op === "fold") return fold(text);
    if (op === "stem") return stemmers[lang].stemWord(text);
    throw new Error(`unknown op ${op}`);
});
process.stdout.write(JSON.stringify(out));
