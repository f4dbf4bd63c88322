// The search page: reads the site's static index (search/, written by `cablegram build`, see
// src/site/search.rs), fetching only the files a query needs: meta.json, the term shard of each
// word, the result chunks of the results shown, the lists of the filters set, and the pages of
// the results shown (for the snippets and to check a "phrase"). The query and filters live in
// the address (?q=...&kind=...), so a result list can be shared and the back button returns to it.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var unavailable = document.getElementById("search-unavailable");
  var input = form.elements.q;
  var root = form.getAttribute("data-root") || "";
  var indexUrl = new URL(form.getAttribute("data-index"), document.baseURI);
  var PAGE = 10; // results shown at a time: each one fetches its page for the snippet
  var CHECKS = 100; // most result pages fetched per "show more" when checking a phrase
  var SNIPPET = 30; // words
  var FIELDS = ["q", "from", "to", "kind", "archive", "person", "place", "topic", "sort"];
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var files = {};
  var meta = null;
  var sequence = 0;
  var current = null; // the query being shown: { ids, words, prefix, phrases, rejected }
  var timer = 0;

  form.hidden = false;
  unavailable.hidden = true;

  function say(text) { status.textContent = text; }

  // Loading the index failed (a page opened from file://, or a missing index): say so, and
  // point to the timeline and the indexes again.
  function broken(error) {
    form.hidden = true;
    unavailable.hidden = false;
    unavailable.querySelector("p").insertAdjacentText("afterbegin", "Search could not start here. ");
    say("");
    if (window.console) { console.warn("search:", error); }
  }

  // A file of the index (or a page of the site), fetched once.
  function get(path, base, as) {
    var url = new URL(path, base || indexUrl).href;
    if (!files[url]) {
      files[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
        return as === "text" ? r.text() : r.json();
      });
    }
    return files[url];
  }

  // Words as the index has them: runs of letters, digits and marks; decomposed, marks dropped,
  // lower-cased (Lazaro finds Lázaro); too long to be words, left out.
  function fold(word) { return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase(); }
  function words(text) {
    return (text.match(WORD) || []).map(fold).filter(function (w) {
      var n = Array.from(w).length;
      return n > 0 && n <= meta.max_word;
    });
  }

  // A set of documents: a bitmap of meta.docs bits. The index writes "b" + base64 bitmap or
  // "v" + base64 varints (the first id, then the gaps).
  function empty() { return new Uint8Array((meta.docs + 7) >> 3); }
  function everything() {
    var s = empty();
    for (var id = 0; id < meta.docs; id++) { s[id >> 3] |= 1 << (id & 7); }
    return s;
  }
  function decode(text) {
    var raw = atob(text.slice(1)), s = empty(), i;
    if (text[0] === "b") {
      for (i = 0; i < raw.length; i++) { s[i] = raw.charCodeAt(i); }
      return s;
    }
    var id = -1, v = 0, scale = 1;
    for (i = 0; i < raw.length; i++) {
      var b = raw.charCodeAt(i);
      v += (b & 127) * scale;
      scale *= 128;
      if (b < 128) {
        id = id < 0 ? v : id + v;
        s[id >> 3] |= 1 << (id & 7);
        v = 0;
        scale = 1;
      }
    }
    return s;
  }
  function and(a, b) { for (var i = 0; i < a.length; i++) { a[i] &= b[i]; } return a; }
  function or(a, b) { for (var i = 0; i < a.length; i++) { a[i] |= b[i]; } return a; }
  function has(s, id) { return (s[id >> 3] >> (id & 7)) & 1; }
  function members(s) {
    var ids = [];
    for (var id = 0; id < meta.docs; id++) { if (has(s, id)) { ids.push(id); } }
    return ids;
  }

  // A word's documents and those with it in their title; the last word typed, as a prefix once
  // it is long enough to pick one shard of the index (a shorter one matches whole words only).
  function lookup(word, asPrefix) {
    var chars = Array.from(word), shard = null;
    for (var n = chars.length; n > 0 && shard === null; n--) {
      var p = chars.slice(0, n).join("");
      if (meta.shardSet.has(p)) { shard = p; }
    }
    var none = { all: empty(), title: empty() };
    if (shard === null) { return Promise.resolve(none); }
    var split = meta.shards.some(function (p) { return p.length > word.length && p.indexOf(word) === 0; });
    var name = /^[a-z0-9]+$/.test(shard) ? shard : "_" + Array.from(new TextEncoder().encode(shard), function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
    return get("terms/" + name + ".json").then(function (terms) {
      Object.keys(terms).forEach(function (t) {
        if (t === word || (asPrefix && !split && t.indexOf(word) === 0)) {
          var v = terms[t];
          or(none.all, decode(typeof v === "string" ? v : v[0]));
          if (typeof v !== "string") { or(none.title, decode(v[1])); }
        }
      });
      return none;
    });
  }

  // Form fields to and from the address.
  function readAddress() {
    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      if (field) { field.value = params.get(name) || ""; }
    });
  }

  function address() {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value) { params.set(name, value); }
    });
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  // The documents of the filters set (null: no filter), from the lists of their values; a name
  // counts whatever its case.
  function filtered() {
    var sets = ["kind", "archive", "person", "place", "topic"].filter(function (name) {
      return form.elements[name].value.trim();
    }).map(function (name) {
      var value = form.elements[name].value.trim().toLowerCase();
      return get("filters/" + name + ".json").then(function (names) {
        var i = names.findIndex(function (n) { return n.toLowerCase() === value; });
        return i < 0 ? empty() : get("filters/" + name + "/" + i + ".json").then(decode);
      });
    });
    var from = Number(form.elements.from.value) || -Infinity;
    var to = Number(form.elements.to.value) || Infinity;
    if (form.elements.from.value || form.elements.to.value) {
      var years = empty();
      meta.years.forEach(function (y) {
        if (y[0] >= from && y[0] <= to) {
          for (var id = y[1]; id <= y[2]; id++) { years[id >> 3] |= 1 << (id & 7); }
        }
      });
      sets.push(Promise.resolve(years));
    }
    if (!sets.length) { return Promise.resolve(null); }
    return Promise.all(sets).then(function (all) { return all.reduce(and); });
  }

  // The query: its words (each must match), the last one typed matched as a prefix, and its
  // "phrases" (their words must match, then the words together in the text).
  function parse(q) {
    var all = [], phrases = [], loose = false, m;
    var re = /"([^"]*)"?|[^"]+/g;
    while ((m = re.exec(q))) {
      var ws = words(m[1] !== undefined ? m[1] : m[0]);
      if (m[1] !== undefined && ws.length > 1) { phrases.push(ws); }
      all = all.concat(ws);
      loose = m[1] === undefined;
    }
    var prefix = loose && /[\p{Alphabetic}\p{N}\p{M}]$/u.test(q) ? all[all.length - 1] : null;
    var exact = all.filter(function (w, i) { return all.indexOf(w) === i && (w !== prefix || i < all.length - 1); });
    return { exact: exact, prefix: prefix, phrases: phrases };
  }

  function rank(query, found, sort) {
    var ids = members(found.set);
    if (sort === "desc") {
      var dated = ids.filter(function (id) { return id < meta.dated; }).reverse();
      return dated.concat(ids.filter(function (id) { return id >= meta.dated; }));
    }
    if (sort === "asc" || !found.titles.length) { return ids; }
    // Best match: more of the words in the title first, then in date order.
    var score = {};
    ids.forEach(function (id) {
      score[id] = found.titles.reduce(function (n, t) { return n + has(t, id); }, 0);
    });
    return ids.sort(function (a, b) { return score[b] - score[a] || a - b; });
  }

  // The text of a result's page, in parts that a phrase may not straddle.
  function pageText(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var parts = [];
    var body = page.querySelector(".document-text");
    if (body) {
      body = body.cloneNode(true);
      Array.prototype.forEach.call(body.querySelectorAll("h2"), function (h) { h.remove(); });
      parts.push(body.textContent);
    }
    page.querySelectorAll(".summary p, .document-header h1, .cable-header dd, .document-terms li").forEach(function (e) {
      parts.push(e.textContent);
    });
    return parts.map(function (t) { return t.replace(/\s+/g, " ").trim(); });
  }

  function matches(query, w) {
    return query.exact.indexOf(w) >= 0 || (query.prefix !== null && w.indexOf(query.prefix) === 0);
  }

  function hasPhrase(parts, phrase) {
    return parts.some(function (text) {
      var ws = words(text);
      for (var i = 0; i + phrase.length <= ws.length; i++) {
        if (phrase.every(function (w, j) { return ws[i + j] === w; })) { return true; }
      }
      return false;
    });
  }

  // ~30 words of the text around the first matched word, the matched words marked.
  function snippet(p, query, parts) {
    var text = parts.find(function (t) { return (t.match(WORD) || []).some(function (w) { return matches(query, fold(w)); }); }) || parts[0] || "";
    var tokens = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) { tokens.push({ at: m.index, end: m.index + m[0].length, hit: matches(query, fold(m[0])) }); }
    var first = Math.max(0, tokens.findIndex(function (t) { return t.hit; }) - 8);
    var shown = tokens.slice(first, first + SNIPPET);
    if (!shown.length) { return; }
    var at = first > 0 ? shown[0].at : 0;
    if (first > 0) { p.appendChild(document.createTextNode("… ")); }
    shown.forEach(function (t) {
      if (!t.hit) { return; }
      p.appendChild(document.createTextNode(text.slice(at, t.at)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(t.at, t.end);
      p.appendChild(mark);
      at = t.end;
    });
    var end = first + SNIPPET < tokens.length ? shown[shown.length - 1].end : text.length;
    p.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? " …" : "")));
  }

  // A result: its row of the index ([title, date, ISO date, kind, slug]) and its page's text;
  // null when a phrase of the query is not in the text.
  function result(query, id) {
    return get("docs/" + Math.floor(id / meta.chunk) + ".json").then(function (rows) {
      var row = rows[id % meta.chunk];
      // The document's page, as views::document_dir names it.
      var href = root + "documents/" + row[4] + "/index.html";
      return get(href, document.baseURI, "text").then(function (html) {
        var parts = pageText(html);
        var ok = query.phrases.every(function (phrase) { return hasPhrase(parts, phrase); });
        return ok ? { row: row, href: href, parts: parts } : null;
      });
    });
  }

  function item(query, r) {
    var li = document.createElement("li");
    li.className = "search-result";
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = r.href;
    a.textContent = r.row[0] || r.href;
    h.appendChild(a);
    li.appendChild(h);
    var date = r.row[1], kind = r.row[3];
    if (date || kind) {
      var p = document.createElement("p");
      p.className = "record-meta";
      if (date) {
        var time = document.createElement("time");
        time.dateTime = r.row[2];
        time.textContent = date;
        p.appendChild(time);
      }
      if (kind) {
        if (date) { p.appendChild(document.createTextNode(" · ")); }
        var span = document.createElement("span");
        span.className = "kind";
        span.textContent = kind;
        p.appendChild(span);
      }
      li.appendChild(p);
    }
    if (query.exact.length || query.prefix) {
      var s = document.createElement("p");
      s.className = "search-excerpt";
      snippet(s, query, r.parts);
      if (s.firstChild) { li.appendChild(s); }
    }
    return li;
  }

  // The next results of the list; with a phrase, the pages of up to CHECKS results are read.
  function showMore(seq) {
    var query = current, added = 0, checked = 0;
    function step() {
      if (seq !== sequence) { return Promise.resolve(); }
      if (added >= PAGE || !query.pending.length || checked >= CHECKS) {
        more.hidden = !query.pending.length;
        return Promise.resolve();
      }
      var batch = query.pending.splice(0, PAGE - added);
      checked += batch.length;
      return Promise.all(batch.map(function (id) { return result(query, id); })).then(function (rs) {
        if (seq !== sequence) { return; }
        rs.forEach(function (r) {
          if (r) { list.appendChild(item(query, r)); added++; } else { query.rejected++; }
        });
        return step();
      });
    }
    return step().then(function () {
      if (seq === sequence) { say(describe(query)); }
    });
  }

  function describe(query) {
    var count = query.ids.length - query.rejected;
    var what = count === 0 ? "No documents" : count === 1 ? "1 document" : count + " documents";
    // With a phrase, the results not yet read may not have it.
    if (query.phrases.length && query.pending.length) { what = "Up to " + what.toLowerCase(); }
    var filters = FIELDS.slice(1, -1).some(function (name) { return form.elements[name].value.trim(); });
    return what + (query.q ? " match “" + query.q + "”" : " match") + (filters ? " with these filters." : ".");
  }

  function run() {
    var seq = ++sequence;
    var q = input.value.trim();
    var sort = form.elements.sort.value;
    return (meta ? Promise.resolve(meta) : get("meta.json").then(function (m) {
      m.shardSet = new Set(m.shards);
      meta = m;
      return m;
    })).then(function () {
      var query = parse(input.value); // untrimmed: a space after the last word ends it
      var lookups = query.exact.map(function (w) { return lookup(w, false); });
      if (query.prefix !== null) { lookups.push(lookup(query.prefix, true)); }
      return Promise.all([filtered(), Promise.all(lookups)]).then(function (got) {
        if (seq !== sequence) { return; }
        var filter = got[0], found = got[1];
        list.textContent = "";
        more.hidden = true;
        if (!found.length && !filter) {
          current = null;
          say("");
          return;
        }
        var set = found.length ? found.map(function (f) { return f.all; }).reduce(and) : everything();
        if (filter) { and(set, filter); }
        query.q = q;
        query.ids = rank(query, { set: set, titles: found.map(function (f) { return f.title; }) }, sort);
        query.pending = query.ids.slice();
        query.rejected = 0;
        current = query;
        say("Searching…");
        return showMore(seq);
      });
    }).catch(broken);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      history.replaceState(null, "", address());
      run();
    }, 200);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    var next = address();
    if (next !== location.pathname + location.search) { history.pushState(null, "", next); }
    run();
  });
  window.addEventListener("popstate", function () { readAddress(); run(); });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(sequence).then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) { link.focus(); }
    });
  });

  // Arrow keys: from the search box into the results, and between results.
  function links() { return Array.prototype.slice.call(list.querySelectorAll(".search-result h2 a")); }
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
  });
  list.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") { return; }
    var all = links();
    var i = all.indexOf(document.activeElement);
    if (i < 0) { return; }
    e.preventDefault();
    if (e.key === "ArrowDown" && i + 1 < all.length) { all[i + 1].focus(); }
    else if (e.key === "ArrowUp") { (i > 0 ? all[i - 1] : input).focus(); }
  });

  // The names a person, place or topic field suggests: fetched when the field is first used
  // (the lists grow with the collection, so the page does not carry them).
  ["person", "place", "topic"].forEach(function (name) {
    var field = form.elements[name];
    field.addEventListener("focus", function () {
      if (field.list.options.length) { return; }
      get("filters/" + name + ".json").then(function (names) {
        var options = document.createDocumentFragment();
        names.forEach(function (n) {
          var option = document.createElement("option");
          option.value = n;
          options.appendChild(option);
        });
        field.list.appendChild(options);
      }).catch(broken);
    });
  });

  readAddress();
  run();
})();
