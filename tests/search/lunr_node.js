/* Runs lunr.js 2.3.9 (node_modules/lunr) and templates/assets/search.js for tests/search/: reads one JSON request
 * on stdin, writes the JSON answer on stdout. Requests ({"mode": ..., ...}):
 *   stem     {words}                 -> lunr.stemmer of each word
 *   words    {texts}                 -> search.js queryWords(text) terms, and indexTerm of each word
 *   unpack   {packed, stats}         -> search.js unpackIndex(packed, stats)
 *   lunr     {index, queries}        -> lunr.Index.load(index).query(...) per query: [[ref, score], ...]
 *   packed   {packed, stats, queries} -> the same on unpackIndex(packed, stats), and on loadTerms of the query's terms
 *   search   {folder, queries}       -> the page's search over the built files in folder (meta.js, store.js, body/)
 *   store    {folder}                -> the document store, as store.js sets it, with snippets.js merged in
 * A query for lunr/packed is a list of clauses {term, wildcard ("trailing"), boost}, always usePipeline: false.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const repo = path.resolve(__dirname, "..", "..");
globalThis.self = globalThis;
globalThis.lunr = require(path.join(repo, "node_modules", "lunr"));
const search = require(path.join(repo, "templates", "assets", "search.js"));

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

function loadScript(file) {
  vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
}

function searchFolder(folder, queries) {
  loadScript(path.join(folder, "meta.js"));
  loadScript(path.join(folder, "store.js"));
  const meta = self.COOPNEWS_SEARCH_META;
  const store = self.COOPNEWS_SEARCH_STORE;
  const metaData = search.openIndex(meta.index, meta.index.stats);
  const shards = Object.create(null);
  const loaded = [];
  function bodyShard(key) {
    if (!shards[key]) {
      const name = meta.shards[key];
      loadScript(path.join(folder, name));
      shards[key] = search.openIndex(self.COOPNEWS_SEARCH_BODY[name], meta.body);
      loaded.push(key);
    }
    return shards[key];
  }
  return queries.map(function (text) {
    const found = search.searchWords(search.queryWords(text), metaData, meta.shards, bodyShard);
    return {
      query: text,
      refs: found.refs,
      urls: found.refs.map((ref) => store[ref].u),
      partial: found.partial,
      shards: loaded.splice(0),
    };
  });
}

const request = JSON.parse(fs.readFileSync(0, "utf8"));
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
      subset: runQuery(search.loadTerms(data, queryTerms(data, clauses)), clauses),
    }));
    break;
  }
  case "search":
    answer = searchFolder(request.folder, request.queries);
    break;
  case "store":
    loadScript(path.join(request.folder, "store.js"));
    loadScript(path.join(request.folder, "snippets.js"));
    answer = self.COOPNEWS_SEARCH_STORE;
    Object.keys(answer).forEach((ref) => (answer[ref].s = self.COOPNEWS_SEARCH_SNIPPETS[ref]));
    break;
  default:
    throw new Error("unknown mode " + request.mode);
}
process.stdout.write(JSON.stringify(answer));
