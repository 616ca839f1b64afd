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
 * 2. Chinese is indexed as single characters plus each pair of neighbours
 *    (数据集: 数 据 集 数据 据集), and a query's Chinese as its pairs
 *    (数据集: 数据 据集), so any word is found, whatever a dictionary
 *    knows. (jieba's cut at build time knows 数据 but not 数据集, and its
 *    guesses made words like 读数据; Material's own cut of a query never
 *    took a run's last character, so 数据集 was searched as 数据.)
 *
 * 3. A query is cut with the index's own separator (mkdocs.yml, search:
 *    separator) before lunr's query syntax sees it. A pasted message holds
 *    ':' (lunr: a field), '~' (a fuzzy match), '^', '*', '+', '-' and '"';
 *    in the index these separate words, so here they do too, and a paste
 *    such as `RuntimeError: ... ~/.cache/torch ...` searches its words
 *    instead of failing.
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

  /* The query as words separated by spaces, and nothing else. Material's
   * worker first calls query.replace(<Chinese pattern>, <its own cut>): the
   * string handed to it answers that call with the words already cut. */
  function prepare(query) {
    var text = query
      .replace(HAN_RUNS, function (run) { return " " + pairs(run) + " " })
      .split(separator)
      .filter(Boolean)
      .join(" ")
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

  /* Pipeline: a Chinese character whose neighbour follows right after it
   * (just its zero-width space between) also gives the pair. The pair
   * points at the first character, which the results then highlight. */
  function chinesePairs(token, i, tokens) {
    var next = tokens[i + 1]
    var here = token.toString()
    if (!next || here.length !== 1 || !HAN.test(here))
      return token
    var there = next.toString()
    if (there.length !== 1 || !HAN.test(there) || offset(next) !== offset(token) + 2)
      return token
    return [token, token.clone(function () { return here + there })]
  }
  lunr.Pipeline.registerFunction(chinesePairs, "ptdocs-chinese-pairs")

  var add = lunr.Builder.prototype.add
  lunr.Builder.prototype.add = function () {
    if (this.pipeline._stack.indexOf(chinesePairs) < 0)
      this.pipeline._stack.unshift(chinesePairs)
    return add.apply(this, arguments)
  }
})()
