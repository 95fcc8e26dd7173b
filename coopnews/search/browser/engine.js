/* coopnews search engine: runs queries on the prebuilt lunr indexes (coopnews/search/) — query words, postings,
 * lunr's scores, ranking — for the search page (page.js), which loads after it and reads it as COOPNEWS_SEARCH.
 *
 * A classic script (module scripts do not load from file://). The data contract (global names, store columns,
 * refs) comes from assets/search-contract.js, which the build writes from coopnews/search/contract.py and the
 * search page loads before this script. Queries are built with idx.query() from words split here, never parsed as lunr syntax, so
 * no input can throw. Words are normalized as coopnews/search/words.py normalizes the indexed text: NFKC, split
 * at non-word characters, lowercase, stop words mapped to the acronym form ("IT" -> "it_"), stemmed by
 * lunr.stemmer: a second copy of the normalizer, because the index is built in Python and queried here
 * (tests/search/test_node.py checks the two agree). lunr's BM25 formula is here too (collectPostings), because
 * the shards hold term frequencies (see coopnews/search/pack.py).
 * Loaded by Node in tests/search/ (module.exports).
 */
(function (root) {
  "use strict";

  var lunr = root.lunr;
  var contract = root.COOPNEWS_SEARCH_CONTRACT; // the one name shared with contract.py (CONTRACT_GLOBAL)
  if (!contract) throw new Error("coopnews search: search-contract.js must load before search-engine.js");
  var ACRONYM_MARK = contract.acronymMark;
  var REF_RADIX = contract.refRadix;
  var COLUMNS = contract.store;
  var MAX_WORDS = 12;
  var MAX_WORD_LENGTH = 60;
  var MAX_EXPANSIONS = 50;
  var MAX_REMEMBERED = 40; // query words remembered per index (wordOnIndex)
  var K1 = 1.2; // lunr's BM25 parameters (lunr.Builder's defaults)
  var B = 0.75;
  var NON_WORD = /[^\p{L}\p{N}_]+/u;
  var ASTRAL = /[\u{10000}-\u{10FFFF}]/gu;

  // ---- Text, as the index sees it ------------------------------------------------------------------------

  function isStopWord(lower) {
    return lunr.stopWordFilter(new lunr.Token(lower)) === undefined;
  }

  function stem(lower) {
    return lunr.stemmer(new lunr.Token(lower)).toString();
  }

  /* The index term of a word of article text (words.normalize_word, then the pipeline); null if dropped. */
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
   * term frequency and the index's statistics (pack.index_statistics): BM25 with k1 1.2 and b 0.75, times
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
      invertedIndex[position][1][fields[field]][refs[number] || (refs[number] = number.toString(REF_RADIX))] = {};
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

  /* pack.pack_index's postings ({terms: {term: row}}) and the index's statistics -> lunr's serialized
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

  /* The body shard holding `term`: the longest shard key that starts it (pack.shard_terms). */
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
        looked.exact.set(parseInt(result.ref, REF_RADIX), result.score);
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

  /* The store's columns by what they hold (contract.STORE_COLUMNS): url, title, date, institutions, partners, kind
   * (entry n of each is document n), and the names and kinds that institutions, partners and kind number into. */
  function storeColumns(store) {
    var columns = {};
    Object.keys(COLUMNS).forEach(function (name) {
      columns[name] = store[COLUMNS[name]];
    });
    return columns;
  }

  /* Entry `number` of the store as a result shows it: u URL from the site root, t title, d ISO date or null,
   * i institutions, p partners, k kind, and s its snippet, from the list snippets.js sets (null until it is in). */
  function storeEntry(store, snippets, number) {
    var name = function (id) {
      return store[COLUMNS.names][id];
    };
    return {
      u: store[COLUMNS.url][number],
      t: store[COLUMNS.title][number],
      d: store[COLUMNS.date][number],
      i: store[COLUMNS.institutions][number].map(name),
      p: store[COLUMNS.partners][number].map(name),
      k: store[COLUMNS.kinds][store[COLUMNS.kind][number]],
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
    storeColumns: storeColumns,
    storeEntry: storeEntry,
    contract: contract,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.COOPNEWS_SEARCH = api;
})(typeof self !== "undefined" ? self : globalThis);

