/* The site's search worker: Material for MkDocs' own worker (its address is
 * this script's ?material= parameter, set by overrides/main.html), with the
 * words of the index and of a query cut the same way:
 *
 * 1. Digits belong to words (Conv2d, MaxPool2d, 1x49152). lunr 2.3.9 merges
 *    equal nodes of its word trie by a key written as each edge's character
 *    followed by the child's number, with nothing in between: a node with
 *    edges a->1 and 2->5 and a node with the one edge a->125 both read
 *    "0a125". Once words hold digits, two different nodes get merged and
 *    every query reaching them fails (TypeError reading '_index'). Ending
 *    each number with "," makes the key unambiguous, since an edge's
 *    character is always one UTF-16 unit.
 *
 * 2. Chinese is indexed, and searched, as the pairs of neighbouring
 *    characters (数据集: 数据 据集; a lone character stays alone), so any
 *    word is found, whatever a dictionary knows. (jieba's cut at build time knows 数据 but not 数据集, and its
 *    guesses made words like 读数据; Material's own cut of a query never
 *    took a run's last character, so 数据集 was searched as 数据.)
 *
 * 3. A query is cut with the index's own separator (mkdocs.yml, search:
 *    separator) before lunr's query syntax sees it. A pasted message holds
 *    ':' (lunr: a field), '~' (a fuzzy match), '^', '*', '+', '-' and '"';
 *    in the index these separate words, so here they do too, and a paste
 *    such as `RuntimeError: ... ~/.cache/torch ...` searches its words
 *    instead of failing.
 *
 * 4. A path in a pasted message (D:\envs\pytorch\...\__init__.py,
 *    /home/me/data/train/ants/0013035.jpg) names the learner's own folders,
 *    and its words (envs, site, packages, data, train ...) matched whole
 *    chapters rather than the message's entry. A query leaves its paths out,
 *    unless it holds nothing else.
 */
(function () {
  "use strict"

  var material = new URL(new URL(self.location.href).searchParams.get("material"),
                         self.location.href)
  if (material.origin !== self.location.origin)
    throw new Error("search worker: Material's worker must come from this site")

  // The Chinese characters lunr's trimmer keeps (lunr.zh.wordCharacters);
  // the separator in mkdocs.yml keeps the same ones.
  var HAN = /[\u4e00-\u9fa5]/
  var HAN_RUNS = /[\u4e00-\u9fa5]+/g
  var ZWSP = /\u200b/g
  var separator = null          // the index's separator, from the setup message
  var pipeline = []             // the index's pipeline, from the setup message
  var stopWords = null          // its stop word filters (loaded with the index)
  var EXACT = 4                 // boost of a word matched as a whole
  // Numbers below 100 are in nearly every message and every page (shapes,
  // errno 2, version 2.14.1): like stop words, neither indexed nor searched.
  var SMALL_NUMBER = /^[0-9]{1,2}$/

  /* The stem the index holds for a word, when the index is stemmed: lunr
   * runs no pipeline on a word with a wildcard, so Material's "saving*"
   * never met the indexed stem "save". (The exact word gets its stem from
   * lunr's own search pipeline.) */
  function stem(word) {
    if (pipeline.indexOf("stemmer") < 0)
      return word
    return lunr.stemmer(new lunr.Token(word.toLowerCase())).toString()
  }

  function isStopWord(word) {
    if (stopWords === null)
      stopWords = pipeline.indexOf("stopWordFilter") < 0 ? []
        : [lunr.stopWordFilter, lunr.zh && lunr.zh.stopWordFilter].filter(Boolean)
    return SMALL_NUMBER.test(word) ||
      stopWords.some(function (filter) { return !filter(new lunr.Token(word)) })
  }

  /* Index side: each Chinese character ends with a zero-width space (a
   * separator), so each is a word of its own; the pipeline below adds the
   * pairs. The text shown in results looks the same. */
  function spaced(text) {
    return typeof text === "string"
      ? text.replace(ZWSP, "").replace(HAN_RUNS, function (run) {
        return run.split("").join("\u200b") + "\u200b"
      })
      : text
  }

  /* Query side: the pairs of each Chinese run (a lone character stays). */
  function pairs(run) {
    if (run.length < 2)
      return run
    var out = []
    for (var i = 0; i + 1 < run.length; i++)
      out.push(run.slice(i, i + 2))
    return out.join(" ")
  }

  /* A path: a run without spaces, quotes or brackets that holds at least
   * two slashes or backslashes (one is not a path: "data/ants", "a/b"). */
  var PATH = /[^\s'"()<>\[\]]*[\/\\][^\s'"()<>\[\]]*[\/\\][^\s'"()<>\[\]]*/g

  function withoutPaths(query) {
    var rest = query.replace(PATH, " ")
    return /[0-9A-Za-z\u4e00-\u9fa5]/.test(rest) ? rest : query
  }

  /* The query as words separated by spaces, and nothing else: each word
   * once, stop words left out as the index left them out, and each word
   * twice, as itself with a boost and with Material's wildcard, so that
   * "tensor" ranks the word tensor above tensorboard. Material's worker
   * first calls query.replace(<Chinese pattern>, <its own cut>): the string
   * handed to it answers that call with the words already cut. */
  function prepare(query) {
    var seen = Object.create(null)
    var words = withoutPaths(query)
      .replace(HAN_RUNS, function (run) { return " " + pairs(run) + " " })
      .split(separator)
      .filter(function (word) {
        var key = word.toLowerCase()
        if (!word || seen[key] || isStopWord(key))
          return false
        return (seen[key] = true)
      })
    var text = words.map(function (word) {
      return word + "^" + EXACT + " " + stem(word)
    }).join(" ")
    var prepared = new String(text)
    prepared.replace = function (pattern) {
      if (pattern instanceof RegExp && pattern.source.indexOf("Han") >= 0)
        return text
      return String.prototype.replace.apply(text, arguments)
    }
    return prepared
  }

  /* Registered before Material's own listener (importScripts below), so it
   * sees each message first. */
  addEventListener("message", function (ev) {
    var message = ev.data
    if (message && message.data && message.data.config && message.data.docs) {
      separator = new RegExp(message.data.config.separator)
      pipeline = message.data.config.pipeline || []
      message.data.docs.forEach(function (doc) {
        doc.title = spaced(doc.title)
        doc.text = spaced(doc.text)
      })
    } else if (message && typeof message.data === "string" && separator) {
      message.data = prepare(message.data)
    }
  })

  importScripts(material.href)
  var lunr = self.lunr

  lunr.TokenSet.prototype.toString = function () {
    if (this._str)
      return this._str
    var key = this.final ? "1" : "0"
    var labels = Object.keys(this.edges).sort()
    for (var i = 0; i < labels.length; i++)
      key += labels[i] + this.edges[labels[i]].id + ","
    return key
  }

  /* Where a token starts in the field being indexed: Material's tokenizer
   * keeps a table per field, and its token positions point into it. */
  function offset(token) {
    var position = token.metadata.position
    var row = lunr.tokenizer.table[position >>> 20]
    return row ? row[position & 0xFFFFF] >>> 12 : -1
  }

  /* Pipeline: Chinese text as the pairs of neighbouring characters (just
   * their zero-width space between); a character with no neighbour stays
   * alone. Each pair points at its first character, which the results then
   * highlight. */
  function isHan(token) {
    var text = token ? token.toString() : ""
    return text.length === 1 && HAN.test(text)
  }

  function chinesePairs(token, i, tokens) {
    if (!isHan(token))
      return token
    var next = tokens[i + 1], previous = tokens[i - 1]
    if (isHan(next) && offset(next) === offset(token) + 2)
      return token.clone(function (here) { return here + next.toString() })
    if (isHan(previous) && offset(previous) === offset(token) - 2)
      return null             // the end of a run: in the pair before it
    return token
  }
  lunr.Pipeline.registerFunction(chinesePairs, "ptdocs-chinese-pairs")

  function noSmallNumbers(token) {
    return SMALL_NUMBER.test(token.toString()) ? null : token
  }
  lunr.Pipeline.registerFunction(noSmallNumbers, "ptdocs-no-small-numbers")

  /* BM25's length normalisation, which Material turns off (b = 0): a word
   * in a short heading or section says more about it than the same word in
   * a long one. Without it, a long heading sharing a few more words with a
   * pasted message ("Using 'weights' as positional parameter(s) is
   * deprecated") outranked the entry whose message it was ("The parameter
   * 'pretrained' is deprecated"). */
  var B = 0.4
  var setB = lunr.Builder.prototype.b
  lunr.Builder.prototype.b = function () {
    return setB.call(this, B)
  }

  var add = lunr.Builder.prototype.add
  lunr.Builder.prototype.add = function () {
    if (this.pipeline._stack.indexOf(chinesePairs) < 0)
      this.pipeline._stack.unshift(chinesePairs, noSmallNumbers)
    return add.apply(this, arguments)
  }
})()
