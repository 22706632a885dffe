// Run the browser's search core on a built site's index files, read from disk.
//
//   node bench/search_cli.mjs OUTPUT_DIR LANG "query" [--all] [--prefix] [--limit N]
//                                                      [--tag ID] [--cat NAME] [--sort date] [--stats]
//
// Prints the ranked result URLs as a JSON list. With --stats, prints instead
// {"urls": [...], "files": [index files loaded], "bytes": total size of those files}:
// what a browser would download for that query as the results page runs it (search,
// then records and excerpt text of the first --limit results).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { SearchIndex } from "../theme/static/js/search-core.mjs";

export function diskLoader(searchDir, sizes) {
    return async (key) => {
        const file = join(searchDir, `${key}.js`);
        const source = readFileSync(file, "utf8");
        sizes.set(key, Buffer.byteLength(source, "utf8"));
        let result;
        let called = false;
        // The file is a classic script calling __searchData(key, data), as in the page.
        vm.runInNewContext(source, {
            __searchData: (k, data) => {
                if (k !== key) throw new Error(`${file} registered ${k}`);
                called = true;
                result = data;
            },
        });
        if (!called) throw new Error(`${file} did not call __searchData`);
        return result;
    };
}

export async function runQuery(outputDir, lang, query, opts = {}) {
    const sizes = new Map();
    const index = new SearchIndex(diskLoader(join(outputDir, "search"), sizes));
    const meta = await index.meta();
    const langs = opts.all ? meta.langs : [lang];
    const { hits } = await index.search(query, {
        lang, langs, prefix: opts.prefix, sort: opts.sort, tag: opts.tag, cat: opts.cat,
    });
    const limit = opts.limit ?? 10;
    const page = await index.page(hits, { limit });
    if (opts.excerpts !== false) await Promise.all(page.map((h) => index.excerptText(h)));
    const files = [...index.loaded];
    return {
        urls: page.map((h) => h.record.u),
        scores: page.map((h) => Number(h.score.toFixed(4))),
        total: hits.length,
        files,
        bytes: files.reduce((sum, key) => sum + (sizes.get(key) || 0), 0),
    };
}

function parseArgs(argv) {
    const positional = [];
    const opts = {};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--all") opts.all = true;
        else if (a === "--prefix") opts.prefix = true;
        else if (a === "--stats") opts.stats = true;
        else if (a === "--limit") opts.limit = Number(argv[++i]);
        else if (a === "--tag") opts.tag = argv[++i];
        else if (a === "--cat") opts.cat = argv[++i];
        else if (a === "--sort") opts.sort = argv[++i];
        else positional.push(a);
    }
    return { positional, opts };
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
    const { positional, opts } = parseArgs(process.argv.slice(2));
    if (positional.length !== 3) {
        process.stderr.write('usage: node bench/search_cli.mjs OUTPUT_DIR LANG "query" [--all] [--prefix] [--stats]\n');
        process.exit(2);
    }
    const [outputDir, lang, query] = positional;
    const result = await runQuery(outputDir, lang, query, opts);
    const out = opts.stats ? { urls: result.urls, files: result.files, bytes: result.bytes, total: result.total } : result.urls;
    process.stdout.write(JSON.stringify(out) + "\n");
}
