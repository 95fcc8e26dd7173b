/* coopnews search page: runs queries on the prebuilt lunr indexes (coopnews/search.py) and renders the results.
 *
 * Data comes from scripts that set globals (COOPNEWS_SEARCH_META, _STORE, _SNIPPETS, _BODY), so file:// works.
 * Queries are built with idx.query() from words split here, never parsed as lunr syntax, so no input can throw.
 * Words are normalized as coopnews/search_index.py normalizes the indexed text: NFKC, split at non-word
 * characters, lowercase, stop words mapped to the acronym form ("IT" -> "it_"), stemmed by lunr.stemmer.
 * Every result is built with textContent: article text never becomes markup.
 * Loaded by Node in tests/search/ (module.exports), where it only exposes the index functions.
 */
(function (root) {
  "use strict";

  var lunr = root.lunr;
  var ACRONYM_MARK = "_";
  var MAX_WORDS = 12;
  var MAX_WORD_LENGTH = 60;
  var MAX_EXPANSIONS = 50;
  var MAX_REMEMBERED = 40; // query words remembered per index (wordOnIndex)
  var K1 = 1.2; // lunr's BM25 parameters (lunr.Builder's defaults)
  var B = 0.75;
  var PAGE_SIZE = 20;
  var TYPING_PAUSE = 100;
  var FACET_SHOWN = 8;
  var NON_WORD = /[^\p{L}\p{N}_]+/u;
  var ASTRAL = /[\u{10000}-\u{10FFFF}]/gu;
  var FACETS = [
    { key: "i", param: "institution", label: "Institution" },
    { key: "p", param: "partner", label: "Partner" },
    { key: "y", param: "year", label: "Year" },
    { key: "k", param: "kind", label: "Kind" },
  ];

  // ---- Text, as the index sees it ------------------------------------------------------------------------

  function isStopWord(lower) {
    return lunr.stopWordFilter(new lunr.Token(lower)) === undefined;
  }

  function stem(lower) {
    return lunr.stemmer(new lunr.Token(lower)).toString();
  }

  /* The index term of a word of article text (search_index.normalize_word, then the pipeline); null if dropped. */
  function indexTerm(word) {
    word = word.normalize("NFKC");
    var lower = word.toLowerCase();
    if (isStopWord(lower)) {
      return word.length > 1 && word === word.toUpperCase() && lower !== word ? lower + ACRONYM_MARK : null;
    }
    return stem(lower);
  }

  /* The words of a query, each with the term to look up; a stop word can only mean an acronym ("US", "IT"). */
  function queryWords(text) {
    var seen = Object.create(null);
    var words = [];
    String(text).normalize("NFKC").replace(ASTRAL, " ").split(NON_WORD).forEach(function (raw) {
      var lower = raw.toLowerCase().slice(0, MAX_WORD_LENGTH);
      if (!lower || seen[lower] || words.length >= MAX_WORDS) return;
      seen[lower] = true;
      var stop = isStopWord(lower);
      words.push({ text: raw, lower: lower, term: stop ? lower + ACRONYM_MARK : stem(lower), optional: stop });
    });
    return words;
  }

  // ---- Index data ----------------------------------------------------------------------------------------

  /* A term's postings row, parsed once: [field, [gap, tf, gap, tf, ...], field, [...], ...] (the data scripts hold
   * each row as a JSON string, parsed only when a query needs it). */
  function postingsRow(packed, term) {
    var row = packed.terms[term];
    if (typeof row === "string") row = packed.terms[term] = JSON.parse(row);
    return row;
  }

  /* The postings of `terms` (sorted) in `packed`, one entry per (term, field, document) in flat typed arrays: the
   * term's position in `terms`, the field, the document number and lunr.js's builder's score, computed from the
   * term frequency and the index's statistics (search_index.index_statistics): BM25 with k1 1.2 and b 0.75, times
   * the field's boost, rounded to 3 places (the idf counts every document with the term). In the same pass, as a
   * word like "university" has 11,000 postings and the page's first search runs before the JIT has compiled
   * anything: the documents in order of first posting (`documents`), each document's postings as a chain
   * (`first`, `next`; -1 ends it), and each document's sum of score times its term's `weights` entry
   * (`estimates`; weights default to 1). */
  function collectPostings(packed, stats, terms, weights) {
    var rows = terms.map(function (term) {
      return postingsRow(packed, term);
    });
    var size = 0;
    rows.forEach(function (row) {
      for (var i = 1; i < row.length; i += 2) size += row[i].length / 2;
    });
    var count = stats.count;
    var p = {
      size: size,
      positions: new Uint32Array(size),
      fields: new Uint8Array(size),
      numbers: new Uint32Array(size),
      scores: new Float64Array(size),
      next: new Int32Array(size),
      first: new Int32Array(count).fill(-1),
      estimates: new Float64Array(count),
      documents: [],
    };
    var last = new Int32Array(count);
    var at = 0;
    rows.forEach(function (row, position) {
      var weight = weights ? weights[position] : 1;
      var documentsWithTerm = 0;
      var i;
      for (i = 1; i < row.length; i += 2) documentsWithTerm += row[i].length / 2;
      var x = (stats.count - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5);
      var idf = Math.log(1 + Math.abs(x));
      for (i = 0; i < row.length; i += 2) {
        var field = row[i];
        var flat = row[i + 1];
        var lengths = stats.lengths[field];
        var average = stats.averages[field];
        var boost = stats.boosts[field];
        for (var j = 0, number = -1; j < flat.length; j += 2, at++) {
          number += flat[j];
          var tf = flat[j + 1];
          var score = (idf * ((K1 + 1) * tf)) / (K1 * (1 - B + B * (lengths[number] / average)) + tf);
          score = Math.round(score * boost * 1000) / 1000;
          p.positions[at] = position;
          p.fields[at] = field;
          p.numbers[at] = number;
          p.scores[at] = score;
          p.next[at] = -1;
          if (p.first[number] === -1) {
            p.first[number] = at;
            p.documents.push(number);
          } else {
            p.next[last[number]] = at;
          }
          last[number] = at;
          p.estimates[number] += weight * score;
        }
      }
    });
    return p;
  }

  /* The serialized form lunr.Index.load reads (refs are base 36) of `terms` (sorted) and their `postings`
   * (collectPostings): every document's, or only those of the document numbers in `only`, found through their
   * chains; their scores stay those of the whole index. The terms are numbered in their order (lunr's _index:
   * only the terms loaded together need distinct numbers), and a document's postings come in that order, so no
   * vector needs sorting. */
  function serializeIndex(fields, terms, postings, only) {
    var width = fields.length;
    var refs = [];
    var vectors = [];
    var invertedIndex = terms.map(function (term, position) {
      var posting = { _index: position };
      fields.forEach(function (field) {
        posting[field] = {};
      });
      return [term, posting];
    });
    function add(at) {
      var number = postings.numbers[at];
      var field = postings.fields[at];
      var position = postings.positions[at];
      invertedIndex[position][1][fields[field]][refs[number] || (refs[number] = number.toString(36))] = {};
      var slot = number * width + field;
      (vectors[slot] || (vectors[slot] = [])).push(position, postings.scores[at]);
    }
    if (only) {
      only.forEach(function (number) {
        for (var at = postings.first[number]; at !== -1; at = postings.next[at]) add(at);
      });
    } else {
      for (var at = 0; at < postings.size; at++) add(at);
    }
    var fieldVectors = [];
    vectors.forEach(function (elements, slot) {
      fieldVectors.push([fields[slot % width] + "/" + refs[Math.floor(slot / width)], elements]);
    });
    return {
      version: lunr.version,
      fields: fields,
      fieldVectors: fieldVectors,
      invertedIndex: invertedIndex,
      pipeline: ["stemmer"],
    };
  }

  /* search_index.pack_index's postings ({terms: {term: row}}) and the index's statistics -> lunr's serialized
   * index (what lunr.py would have written for the same articles). */
  function unpackIndex(packed, stats) {
    var terms = Object.keys(packed.terms).sort();
    return serializeIndex(stats.fields, terms, collectPostings(packed, stats, terms));
  }

  /* Packed postings ready for queries, with the statistics that score them; its terms sorted, for prefix look-ups. */
  function openIndex(packed, stats) {
    var terms = Object.keys(packed.terms).sort();
    return { packed: packed, stats: stats, terms: terms, words: Object.create(null), remembered: 0 };
  }

  function hasTerm(data, term) {
    return Object.prototype.hasOwnProperty.call(data.packed.terms, term);
  }

  /* The terms of `data` starting with `prefix`, found by binary search; none when more than `limit`. */
  function prefixTerms(data, prefix, limit) {
    var terms = data.terms;
    var low = 0;
    var high = terms.length;
    while (low < high) {
      var middle = (low + high) >>> 1;
      if (terms[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    var found = [];
    for (var i = low; i < terms.length && terms[i].lastIndexOf(prefix, 0) === 0; i++) {
      if (found.length === limit) return [];
      found.push(terms[i]);
    }
    return found;
  }

  /* The body shard holding `term`: the longest shard key that starts it (search_index.shard_terms). */
  function shardKey(keys, term) {
    for (var length = term.length; length >= 0; length--) {
      var prefix = term.slice(0, length);
      if (Object.prototype.hasOwnProperty.call(keys, prefix)) return prefix;
    }
    return null;
  }

  // ---- Ranking -------------------------------------------------------------------------------------------
  //
  // lunr scores a document from its own vector and the query alone, so ranking takes two steps. The postings give
  // every matching document and an estimate of its score (lunr's formula, summed in another order: equal to the
  // last bits); lunr then scores the documents whose estimate could place them on the page shown, and they are
  // ranked by lunr's scores. Running lunr on all 9,440 articles a word like "university" matches took ~120 ms
  // and as long again in garbage collection, for a page of 20.

  /* One query word on one index: the terms it looks up, and their postings (collectPostings) with each matching
   * document's estimated score: its postings' scores times the query vector lunr makes of the word (1 for the
   * word's term, 0.5 for each term the typed prefix expands to, added up), over the vector's magnitude. Remembered per index, as the page
   * reruns a query each time a shard arrives, with lunr's exact scores as they are computed. */
  function wordOnIndex(data, word, prefix) {
    var key = word.term + (prefix ? " " + word.lower : "");
    if (!data.words[key]) {
      // Each entry holds arrays as long as the catalog: forget them all now and then, as a reader types on.
      if (++data.remembered > MAX_REMEMBERED) {
        data.words = Object.create(null);
        data.remembered = 1;
      }
      data.words[key] = lookUpWord(data, word, prefix);
    }
    return data.words[key];
  }

  function lookUpWord(data, word, prefix) {
    var terms = hasTerm(data, word.term) ? [word.term] : [];
    var expansions = prefix ? prefixTerms(data, word.lower, MAX_EXPANSIONS) : [];
    expansions.forEach(function (term) {
      if (term !== word.term) terms.push(term);
    });
    terms.sort();
    var weights = terms.map(function (term) {
      return (term === word.term ? 1 : 0) + (expansions.indexOf(term) !== -1 ? 0.5 : 0);
    });
    var magnitude = Math.sqrt(
      weights.reduce(function (sum, weight) {
        return sum + weight * weight;
      }, 0)
    );
    var postings = collectPostings(
      data.packed,
      data.stats,
      terms,
      weights.map(function (weight) {
        return weight / magnitude;
      })
    );
    return { data: data, word: word, terms: terms, expansions: expansions, postings: postings, exact: new Map() };
  }

  /* lunr's scores of `numbers` (those of them the word matches) for a wordOnIndex: lunr runs the word's query on
   * an index of only the word's terms and the documents it has not scored yet. It scores them exactly as the whole
   * index would (lunr's score only involves the query's terms and the document's own vector: tests/search checks
   * it), and loads in a millisecond or two instead of the whole index's hundreds. */
  function exactScores(looked, numbers) {
    var missing = numbers.filter(function (number) {
      return looked.postings.first[number] !== -1 && !looked.exact.has(number);
    });
    if (!missing.length) return looked.exact;
    var word = looked.word;
    var expansions = looked.expansions;
    lunr.Index.load(serializeIndex(looked.data.stats.fields, looked.terms, looked.postings, missing))
      .query(function (query) {
        query.term(word.term, { usePipeline: false });
        if (expansions.length) {
          query.term(word.lower, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 0.5 });
        }
      })
      .forEach(function (result) {
        looked.exact.set(parseInt(result.ref, 36), result.score);
      });
    return looked.exact;
  }

  /* Run `words` (queryWords) on the first index and the body shards; `bodyShard(key)` gives a shard's data, null
   * while it loads or false if it failed. Scores add up over words and over the two indexes; an article must match
   * every word that is not a stop word, unless none does (then any word will do, and `partial` says so).
   * `options.keep(number)` filters the ranked articles (facets); lunr ranks the first `options.limit` of them (all
   * if not given: see rank). Returns the document numbers in rank order (`numbers`), every match before filtering
   * (`matches`, for facets) and how many of the numbers lunr ranked (`exact`). */
  function searchWords(words, metaData, shardKeys, bodyShard, options) {
    var limit = options && options.limit !== undefined ? options.limit : Infinity;
    var keep = (options && options.keep) || null;
    var pending = false;
    var failed = false;
    var perWord = words.map(function (word, position) {
      var prefix = position === words.length - 1 && !word.optional && word.lower.length >= 3;
      var parts = [wordOnIndex(metaData, word, prefix)];
      var key = shardKey(shardKeys, word.term);
      if (key !== null) {
        var shard = bodyShard(key);
        if (shard === null) pending = true;
        if (shard === false) failed = true;
        if (shard) parts.push(wordOnIndex(shard, word, false));
      }
      return parts;
    });
    var count = metaData.stats.count;
    var totals = new Float64Array(count);
    var requiredHits = new Uint8Array(count); // how many required words each document matches
    var seen = new Uint8Array(count);
    var numbers = [];
    var requiredCount = 0;
    perWord.forEach(function (parts, position) {
      var required = !words[position].optional;
      if (required) requiredCount++;
      var hit = new Uint8Array(count);
      parts.forEach(function (looked) {
        var estimates = looked.postings.estimates;
        looked.postings.documents.forEach(function (number) {
          totals[number] += estimates[number];
          if (hit[number]) return;
          hit[number] = 1;
          if (required) requiredHits[number]++;
          if (!seen[number]) numbers.push(number);
          seen[number] = 1;
        });
      });
    });
    var all = numbers.filter(function (number) {
      return requiredHits[number] === requiredCount;
    });
    var partial = requiredCount > 1 && all.length === 0 && numbers.length > 0;
    var pool = partial ? numbers : all;
    var kept = keep ? pool.filter(keep) : pool;
    var ranked = rank(kept, totals, perWord, limit);
    return {
      numbers: ranked.numbers,
      matches: pool,
      exact: ranked.exact,
      partial: partial,
      pending: pending,
      failed: failed,
    };
  }

  /* `numbers` in rank order: the first `limit` by lunr's scores, with any whose estimate (in `estimates`) is
   * within rounding of the last of them; those after in catalog order (the page asks for more as it shows more).
   * An estimate differs from lunr's score only in the order floating-point terms were added, far less than the
   * margin. Ties go to the newer article (the smaller number: the catalog is newest first). Returns the numbers
   * and how many of them lunr ranked (`exact`). */
  function rank(numbers, estimates, perWord, limit) {
    var head = numbers;
    var rest = [];
    if (limit < numbers.length) {
      var sorted = Float64Array.from(numbers, function (number) {
        return estimates[number];
      }).sort();
      var last = sorted[sorted.length - Math.max(limit, 1)];
      var floor = last - 1e-9 * Math.max(1, Math.abs(last));
      head = numbers.filter(function (number) {
        return estimates[number] >= floor;
      });
      rest = Uint32Array.from(
        numbers.filter(function (number) {
          return estimates[number] < floor;
        })
      ).sort();
    }
    var scored = [];
    perWord.forEach(function (parts) {
      parts.forEach(function (looked) {
        scored.push(exactScores(looked, head));
      });
    });
    var matches = head.map(function (number) {
      var total = 0;
      scored.forEach(function (exact) {
        total += exact.get(number) || 0;
      });
      return { number: number, score: total };
    });
    matches.sort(function (a, b) {
      return b.score - a.score || a.number - b.number;
    });
    var ranked = matches.map(function (match) {
      return match.number;
    });
    rest.forEach(function (number) {
      ranked.push(number);
    });
    return { numbers: ranked, exact: matches.length };
  }

  /* Entry `number` of the store (search_store.build_store's columns) as a result shows it: u URL from the site
   * root, t title, d ISO date or null, i institutions, p partners, k kind, and s its snippet, from the list
   * snippets.js sets (null until it is in). */
  function storeEntry(store, snippets, number) {
    var name = function (id) {
      return store.names[id];
    };
    return {
      u: store.u[number],
      t: store.t[number],
      d: store.d[number],
      i: store.i[number].map(name),
      p: store.p[number].map(name),
      k: store.kinds[store.k[number]],
      s: snippets ? snippets[number] : null,
    };
  }

  var api = {
    indexTerm: indexTerm,
    queryWords: queryWords,
    collectPostings: collectPostings,
    serializeIndex: serializeIndex,
    unpackIndex: unpackIndex,
    openIndex: openIndex,
    prefixTerms: prefixTerms,
    shardKey: shardKey,
    searchWords: searchWords,
    storeEntry: storeEntry,
  };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
    return;
  }
  root.COOPNEWS_SEARCH = api;

  // ---- The page ------------------------------------------------------------------------------------------

  var container = document.getElementById("search");
  if (!container) return;
  var siteRoot = container.getAttribute("data-site-root") || "../";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var facetsBox = document.getElementById("search-facets");
  var resultsBox = document.getElementById("search-results");
  var timing = (root.COOPNEWS_SEARCH_TIMING = {});

  var meta = root.COOPNEWS_SEARCH_META;
  var store = root.COOPNEWS_SEARCH_STORE;
  if (!lunr || !meta || !store) {
    status.textContent = "Search is unavailable: its data could not be loaded.";
    return;
  }
  var metaIndex = openIndex(meta.index, meta.index.stats);
  var snippets = null; // null until requested, then "loading", "loaded" or "failed"
  var snippetTexts = null; // by document number, once snippets.js is in
  var shards = meta.shards;
  var bodyIndexes = Object.create(null); // shard key -> openIndex data, or null while loading, false if it failed
  var state = readState(location.search);
  var shown = PAGE_SIZE;
  var openFacets = Object.create(null);
  timing.ready = performance.now();

  function readState(search) {
    var params = new URLSearchParams(search);
    var filters = {};
    FACETS.forEach(function (facet) {
      filters[facet.key] = params.get(facet.param);
    });
    return { q: params.get("q") || "", filters: filters };
  }

  function stateUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (facet) {
      if (state.filters[facet.key] !== null) params.set(facet.param, state.filters[facet.key]);
    });
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  /* A history entry per submitted query or facet change, so the back button steps through them. */
  function pushState() {
    var url = stateUrl();
    if (url === location.pathname + location.search) return;
    try {
      history.pushState(null, "", url);
    } catch (error) {
      // Some browsers refuse history entries for file:// pages; the results still show, only the URL stays.
    }
  }

  function loadShard(key) {
    bodyIndexes[key] = null;
    var name = shards[key];
    var script = document.createElement("script");
    script.src = siteRoot + "search/" + name;
    script.onload = function () {
      var loaded = root.COOPNEWS_SEARCH_BODY && root.COOPNEWS_SEARCH_BODY[name];
      bodyIndexes[key] = loaded ? openIndex(loaded, meta.body) : false;
      if (loaded) delete root.COOPNEWS_SEARCH_BODY[name];
      run();
    };
    script.onerror = function () {
      bodyIndexes[key] = false;
      run();
    };
    document.head.appendChild(script);
  }

  /* The snippets (search/snippets.js), asked for with the first query. */
  function loadSnippets() {
    snippets = "loading";
    var script = document.createElement("script");
    script.src = siteRoot + "search/snippets.js";
    script.onload = function () {
      snippetTexts = root.COOPNEWS_SEARCH_SNIPPETS || [];
      delete root.COOPNEWS_SEARCH_SNIPPETS;
      snippets = "loaded";
      run();
    };
    script.onerror = function () {
      snippets = "failed";
    };
    document.head.appendChild(script);
  }

  /* The articles matching the query and passing the facet filters, best first (lunr ranks the ones shown), every
   * match before filtering, and what the ranking is still waiting for. */
  function search(words) {
    var keep = hasFilters()
      ? function (number) {
          return passes(number, null);
        }
      : null;
    var load = function (key) {
      if (bodyIndexes[key] === undefined) loadShard(key);
      return bodyIndexes[key];
    };
    return searchWords(words, metaIndex, shards, load, { limit: shown, keep: keep });
  }

  /* Calls visit(value) for each value of facet `key` of document `number`, read from the store's columns: this
   * runs for every match, so it makes no arrays and the kinds' labels are made once. */
  function eachFacetValue(number, key, visit) {
    if (key === "y") {
      visit(store.d[number] ? store.d[number].slice(0, 4) : "Undated");
    } else if (key === "k") {
      visit(kindLabels[store.k[number]]);
    } else {
      var ids = store[key][number];
      if (!ids.length) visit("Not stated");
      for (var i = 0; i < ids.length; i++) visit(store.names[ids[i]]);
    }
  }

  function kindLabel(kind) {
    var text = String(kind || "other").replace(/-/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  var kindLabels = store.kinds.map(kindLabel);

  function passes(number, except) {
    return FACETS.every(function (facet) {
      var wanted = state.filters[facet.key];
      if (facet.key === except || wanted === null) return true;
      var found = false;
      eachFacetValue(number, facet.key, function (value) {
        if (value === wanted) found = true;
      });
      return found;
    });
  }

  var lastKey = null;

  /* Results first, facets just after: counting facet values over every match can take longer than the query,
   * and the reader looks at the results first. The facets come in the next task, after a chance to paint. */
  function run() {
    var words = queryWords(state.q);
    var found = words.length
      ? search(words)
      : { numbers: [], matches: [], partial: false, pending: false, failed: false };
    if (words.length && timing.searched === undefined) timing.searched = performance.now();
    var numbers = found.numbers;
    var key = JSON.stringify([state.q, state.filters, numbers.length, found.pending, found.partial, found.failed]);
    renderResults(words, found, numbers);
    if (key !== lastKey) announce(words, found, numbers);
    lastKey = key;
    if (words.length && timing.firstResults === undefined) {
      timing.firstResults = performance.now();
      requestAnimationFrame(function () {
        timing.firstFrame = performance.now(); // the frame that paints them starts
      });
    }
    scheduleFacets(found.matches);
    if (words.length && snippets === null) loadSnippets();
    if (words.length && !found.pending && snippets === "loaded" && timing.complete === undefined) {
      timing.complete = performance.now();
    }
  }

  var facetsTimer = null;

  function scheduleFacets(matched) {
    clearTimeout(facetsTimer);
    facetsTimer = setTimeout(function () {
      facetsTimer = null;
      renderFacets(matched);
    }, 0);
  }

  function announce(words, found, numbers) {
    var quoted = "“" + state.q.trim() + "”";
    var text;
    if (!words.length) {
      text = state.q.trim() ? "Type words to search for; " + quoted + " has none." : "";
    } else if (!numbers.length) {
      text = found.pending ? "Searching the full text for " + quoted + "…" : "No results for " + quoted + ".";
    } else {
      text = numbers.length + (numbers.length === 1 ? " result" : " results") + " for " + quoted;
      var active = FACETS.filter(function (facet) {
        return state.filters[facet.key] !== null;
      });
      if (active.length) {
        text +=
          ", filtered by " +
          active
            .map(function (facet) {
              return facet.label.toLowerCase() + " " + state.filters[facet.key];
            })
            .join(" and ");
      }
      text += found.pending ? "; searching the full text…" : ".";
      if (found.partial) text += " No article has all the words; showing articles with any of them.";
    }
    if (found.failed) text += " Part of the full text could not be loaded.";
    status.textContent = text;
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Text with the words matching the query wrapped in <mark>, built node by node. */
  function highlighted(parent, text, words) {
    var terms = Object.create(null);
    words.forEach(function (word) {
      terms[word.term] = true;
    });
    var last = words[words.length - 1];
    var prefix = last && !last.optional && last.lower.length >= 3 ? last.lower : "";
    text.split(/([\p{L}\p{N}_]+)/u).forEach(function (part, position) {
      if (!part) return;
      var term = position % 2 === 1 ? indexTerm(part) : null;
      var hit = term !== null && (terms[term] || (prefix && part.toLowerCase().indexOf(prefix) === 0));
      parent.appendChild(hit ? el("mark", null, part) : document.createTextNode(part));
    });
    return parent;
  }

  function formatDate(iso) {
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"];
    var parts = iso.split("-");
    return parseInt(parts[2], 10) + " " + months[parseInt(parts[1], 10) - 1] + " " + parts[0];
  }

  function renderResults(words, found, numbers) {
    resultsBox.textContent = "";
    if (!words.length) return;
    if (!numbers.length) {
      if (!found.pending) resultsBox.appendChild(noResults());
      return;
    }
    var list = el("ol", { class: "article-list search-results-list" });
    numbers.slice(0, shown).forEach(function (number) {
      var doc = storeEntry(store, snippetTexts, number);
      var item = el("li", { class: "teaser" });
      var heading = el("h2", { class: "teaser-title" });
      heading.appendChild(highlighted(el("a", { href: siteRoot + doc.u }), doc.t, words));
      item.appendChild(heading);
      var line = el("p", { class: "teaser-meta" });
      if (doc.d) line.appendChild(el("time", { datetime: doc.d }, formatDate(doc.d)));
      else line.appendChild(document.createTextNode("Date not stated"));
      line.appendChild(document.createTextNode(" · " + (doc.i.join(", ") || "Institution not stated")));
      line.appendChild(document.createTextNode(" · " + (doc.p.join(", ") || "Partner not stated")));
      item.appendChild(line);
      if (doc.s) item.appendChild(highlighted(el("p", { class: "teaser-summary" }), doc.s, words));
      list.appendChild(item);
    });
    resultsBox.appendChild(list);
    if (numbers.length > shown) {
      var more = el("button", { type: "button", class: "search-more" }, "Show more results");
      more.addEventListener("click", function () {
        var next = list.children.length;
        shown += PAGE_SIZE;
        run();
        var items = resultsBox.querySelectorAll(".search-results-list > li a");
        if (items[next]) items[next].focus();
      });
      resultsBox.appendChild(more);
    }
  }

  function noResults() {
    var box = el("div", { class: "search-empty" });
    box.appendChild(el("p", null, "No articles match “" + state.q.trim() + "”" + (hasFilters() ? " with these filters." : ".")));
    var tips = el("ul");
    if (hasFilters()) tips.appendChild(el("li", null, "Remove a filter."));
    tips.appendChild(el("li", null, "Check the spelling, or use fewer words."));
    tips.appendChild(el("li", null, "Search for an institution, partner, person or place; abbreviations such as “WUT” work too."));
    var browse = el("li", null, "Browse ");
    [["institutions/", "institutions"], ["partners/", "partners"], ["archive/", "the archive"]].forEach(function (link, i) {
      if (i) browse.appendChild(document.createTextNode(i === 2 ? " or " : ", "));
      browse.appendChild(el("a", { href: siteRoot + link[0] }, link[1]));
    });
    browse.appendChild(document.createTextNode("."));
    tips.appendChild(browse);
    box.appendChild(tips);
    return box;
  }

  function hasFilters() {
    return FACETS.some(function (facet) {
      return state.filters[facet.key] !== null;
    });
  }

  function renderFacets(matched) {
    var focused = document.activeElement && document.activeElement.getAttribute("data-facet-id");
    facetsBox.textContent = "";
    if (!matched.length) return;
    var heading = el("h2", { id: "search-facets-heading", class: "search-facets-heading" }, "Filter results");
    facetsBox.appendChild(heading);
    var filtered = hasFilters();
    FACETS.forEach(function (facet) {
      var counts = new Map();
      var count = function (value) {
        counts.set(value, (counts.get(value) || 0) + 1);
      };
      matched.forEach(function (number) {
        if (!filtered || passes(number, facet.key)) eachFacetValue(number, facet.key, count);
      });
      var values = Array.from(counts.keys()).sort(function (a, b) {
        if (facet.key === "y") return a === "Undated" ? 1 : b === "Undated" ? -1 : a < b ? 1 : -1;
        return counts.get(b) - counts.get(a) || (a < b ? -1 : 1); // not localeCompare: too slow for thousands
      });
      if (!values.length) return;
      var group = el("section", { class: "facet", "aria-labelledby": "facet-" + facet.key });
      group.appendChild(el("h3", { id: "facet-" + facet.key }, facet.label));
      var list = el("ul", { class: "facet-values" });
      var open = openFacets[facet.key] || values.length <= FACET_SHOWN + 2;
      values.forEach(function (value, position) {
        var selected = state.filters[facet.key] === value;
        if (!open && position >= FACET_SHOWN && !selected) return;
        var button = el("button", {
          type: "button",
          class: "facet-value",
          "aria-pressed": selected ? "true" : "false",
          "data-facet-id": facet.key + ":" + value,
        });
        button.appendChild(el("span", { class: "facet-name" }, value));
        button.appendChild(el("span", { class: "facet-count" }, " " + counts.get(value)));
        button.addEventListener("click", function () {
          state.filters[facet.key] = selected ? null : value;
          shown = PAGE_SIZE;
          pushState();
          run();
        });
        var item = el("li");
        item.appendChild(button);
        list.appendChild(item);
      });
      group.appendChild(list);
      if (values.length > FACET_SHOWN + 2) {
        var toggle = el(
          "button",
          { type: "button", class: "facet-more", "aria-expanded": open ? "true" : "false", "data-facet-id": facet.key + ":more" },
          open ? "Show fewer" : "Show all " + values.length
        );
        toggle.addEventListener("click", function () {
          openFacets[facet.key] = !open;
          run();
        });
        group.appendChild(toggle);
      }
      facetsBox.appendChild(group);
    });
    if (focused) {
      var again = facetsBox.querySelector('[data-facet-id="' + focused.replace(/["\\]/g, "\\$&") + '"]');
      if (again) again.focus();
    }
  }

  function submit(event) {
    event.preventDefault();
    var q = input.value;
    if (q !== state.q) {
      FACETS.forEach(function (facet) {
        state.filters[facet.key] = null;
      });
    }
    state.q = q;
    shown = PAGE_SIZE;
    pushState();
    run();
  }

  /* Typing runs the query once the reader pauses for TYPING_PAUSE ms: a query takes 5-40 ms at 10,000 articles,
   * but each word typed on the way may fetch a body shard. */
  var typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      if (input.value === state.q) return;
      state.q = input.value;
      FACETS.forEach(function (facet) {
        state.filters[facet.key] = null;
      });
      shown = PAGE_SIZE;
      run();
    }, TYPING_PAUSE);
  });
  form.addEventListener("submit", submit);
  window.addEventListener("popstate", function () {
    state = readState(location.search);
    input.value = state.q;
    shown = PAGE_SIZE;
    run();
  });

  input.value = state.q;
  run();
})(typeof self !== "undefined" ? self : globalThis);
