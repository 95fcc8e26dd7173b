/* Runs lunr.js 2.3.9 (node_modules/lunr) and the search engine (coopnews/search/browser/engine.js) for
 * tests/search/: reads one JSON request on stdin, writes the JSON answer on stdout. Every request carries the data
 * contract as the build writes it (`contract`: coopnews/search/contract.py browser_contract()), which the engine
 * reads as the page's assets/search-contract.js sets it. Requests ({"mode": ..., "contract": ..., ...}):
 *   stem     {words}                 -> lunr.stemmer of each word
 *   words    {texts}                 -> engine.js queryWords(text) terms, and indexTerm of each word
 *   unpack   {packed, stats}         -> engine.js unpackIndex(packed, stats)
 *   lunr     {index, queries}        -> lunr.Index.load(index).query(...) per query: [[ref, score], ...]
 *   packed   {packed, stats, queries} -> the same on unpackIndex(packed, stats), and on an index of only the
 *                                     query's terms (as engine.js exactScores loads one)
 *   search   {folder, queries, limit, keep} -> the page's search over the built files in folder (meta.js, store.js,
 *                                     body/): lunr ranks the first `limit` (all if absent) of the articles in `keep`
 *                                     (a list of refs; all if absent). Answers give refs (base 36) and URLs.
 *   store    {folder}                -> every entry of the document store as the page reads it (engine.js
 *                                     storeEntry, snippets.js in), by ref
 * A query for lunr/packed is a list of clauses {term, wildcard ("trailing"), boost}, always usePipeline: false.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const repo = path.resolve(__dirname, "..", "..");
const request = JSON.parse(fs.readFileSync(0, "utf8"));
globalThis.self = globalThis;
globalThis.lunr = require(path.join(repo, "node_modules", "lunr"));
globalThis.COOPNEWS_SEARCH_CONTRACT = request.contract;
const search = require(path.join(repo, "coopnews", "search", "browser", "engine.js"));
const globals = request.contract.globals;

function runQuery(index, clauses) {
  return index
    .query(function (query) {
      clauses.forEach(function (clause) {
        query.term(clause.term, {
          usePipeline: false,
          boost: clause.boost || 1,
          wildcard: clause.wildcard === "trailing" ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
        });
      });
    })
    .map(function (result) {
      return [result.ref, result.score];
    });
}

function queryTerms(data, clauses) {
  const terms = new Set();
  clauses.forEach(function (clause) {
    if (Object.prototype.hasOwnProperty.call(data.packed.terms, clause.term)) terms.add(clause.term);
    if (clause.wildcard === "trailing") search.prefixTerms(data, clause.term, Infinity).forEach((t) => terms.add(t));
  });
  return Array.from(terms);
}

/* A lunr index of only `terms` of `data` (engine.js openIndex), built as the page builds one per query word. */
function loadTerms(data, terms) {
  const sorted = terms.slice().sort();
  const postings = search.collectPostings(data.packed, data.stats, sorted);
  return lunr.Index.load(search.serializeIndex(data.stats.fields, sorted, postings));
}

function loadScript(file) {
  vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
}

function searchFolder(folder, queries, limit, keep) {
  loadScript(path.join(folder, "meta.js"));
  loadScript(path.join(folder, "store.js"));
  const meta = self[globals.meta];
  const store = search.storeColumns(self[globals.store]);
  const toRef = (number) => number.toString(36);
  const metaData = search.openIndex(meta.index, meta.index.stats);
  const shards = Object.create(null);
  const loaded = [];
  function bodyShard(key) {
    if (!shards[key]) {
      const name = meta.shards[key];
      loadScript(path.join(folder, name));
      shards[key] = search.openIndex(self[globals.body][name], meta.body);
      loaded.push(key);
    }
    return shards[key];
  }
  return queries.map(function (text) {
    const kept = keep ? new Set(keep) : null;
    const options = { limit: limit === undefined || limit === null ? undefined : limit };
    if (kept) options.keep = (number) => kept.has(toRef(number));
    const found = search.searchWords(search.queryWords(text), metaData, meta.shards, bodyShard, options);
    return {
      query: text,
      refs: found.numbers.map(toRef),
      matches: found.matches.map(toRef),
      exact: found.exact,
      urls: found.numbers.map((number) => store.url[number]),
      partial: found.partial,
      shards: loaded.splice(0),
    };
  });
}

let answer;
switch (request.mode) {
  case "stem":
    answer = request.words.map((word) => lunr.stemmer(new lunr.Token(word)).toString());
    break;
  case "words":
    answer = request.texts.map((text) => ({
      terms: search.queryWords(text).map((word) => word.term),
      indexTerms: text.split(/[^\p{L}\p{N}_]+/u).filter(Boolean).map(search.indexTerm),
    }));
    break;
  case "unpack":
    answer = search.unpackIndex(request.packed, request.stats);
    break;
  case "lunr": {
    const index = lunr.Index.load(request.index);
    answer = request.queries.map((clauses) => runQuery(index, clauses));
    break;
  }
  case "packed": {
    const whole = lunr.Index.load(search.unpackIndex(request.packed, request.stats));
    const data = search.openIndex(request.packed, request.stats);
    answer = request.queries.map((clauses) => ({
      whole: runQuery(whole, clauses),
      subset: runQuery(loadTerms(data, queryTerms(data, clauses)), clauses),
    }));
    break;
  }
  case "search":
    answer = searchFolder(request.folder, request.queries, request.limit, request.keep);
    break;
  case "store":
    loadScript(path.join(request.folder, "store.js"));
    loadScript(path.join(request.folder, "snippets.js"));
    answer = {};
    search.storeColumns(self[globals.store]).title.forEach(function (title, number) {
      answer[number.toString(36)] = search.storeEntry(self[globals.store], self[globals.snippets], number);
    });
    break;
  default:
    throw new Error("unknown mode " + request.mode);
}
process.stdout.write(JSON.stringify(answer));
