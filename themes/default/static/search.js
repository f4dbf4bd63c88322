// The search page: queries the Pagefind index of the site (pagefind/), which downloads only the
// index chunks for the words typed. The query and filters live in the address (?q=...&kind=...),
// so a result list can be shared and the back button returns to it.
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
  var PAGE = 20;
  var FIELDS = ["q", "from", "to", "kind", "archive", "person", "place", "topic", "sort"];
  var pagefind = null;
  var sequence = 0;
  var pending = [];
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

  function load() {
    if (!pagefind) {
      var url = new URL(form.getAttribute("data-pagefind"), document.baseURI).href;
      pagefind = import(url).then(function (module) {
        return module.options({ excerptLength: 30 }).then(function () { return module; });
      });
    }
    return pagefind;
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

  // A typed name counts when it is one of the list's, whatever its case.
  function listed(field) {
    var value = field.value.trim().toLowerCase();
    if (!value || !field.list) { return value ? field.value.trim() : ""; }
    var options = field.list.options;
    for (var i = 0; i < options.length; i++) {
      if (options[i].value.toLowerCase() === value) { return options[i].value; }
    }
    return field.value.trim();
  }

  function filters() {
    var f = {};
    ["kind", "archive"].forEach(function (name) {
      if (form.elements[name].value) { f[name] = form.elements[name].value; }
    });
    ["person", "place", "topic"].forEach(function (name) {
      var value = listed(form.elements[name]);
      if (value) { f[name] = value; }
    });
    var from = form.elements.from.value, to = form.elements.to.value;
    if (from || to) {
      var years = Array.prototype.slice.call(form.elements.from.options, 1)
        .map(function (o) { return o.value; })
        .filter(function (y) { return (!from || Number(y) >= Number(from)) && (!to || Number(y) <= Number(to)); });
      // No year in range: a value no record has, so that nothing matches.
      f.year = { any: years.length ? years : ["none"] };
    }
    return f;
  }

  // Pagefind's excerpt is the record's text with <mark> around the matched words; the text
  // itself is not HTML, so it is added as text and only the marks become elements.
  function excerpt(p, text) {
    text.split(/(<mark>[\s\S]*?<\/mark>)/).forEach(function (part) {
      var m = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
      if (m) {
        var mark = document.createElement("mark");
        mark.textContent = m[1];
        p.appendChild(mark);
      } else if (part) {
        p.appendChild(document.createTextNode(part));
      }
    });
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "search-result";
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = root + String(data.raw_url || data.url || "").replace(/^\//, "");
    a.textContent = data.meta.title || a.href;
    h.appendChild(a);
    li.appendChild(h);
    var meta = [data.meta.date, data.meta.kind].filter(Boolean);
    if (meta.length) {
      var p = document.createElement("p");
      p.className = "record-meta";
      if (data.meta.date) {
        var time = document.createElement("time");
        time.dateTime = data.meta.date_iso || "";
        time.textContent = data.meta.date;
        p.appendChild(time);
      }
      if (data.meta.kind) {
        if (data.meta.date) { p.appendChild(document.createTextNode(" · ")); }
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = data.meta.kind;
        p.appendChild(kind);
      }
      li.appendChild(p);
    }
    if (data.excerpt) {
      var snippet = document.createElement("p");
      snippet.className = "search-excerpt";
      excerpt(snippet, data.excerpt);
      li.appendChild(snippet);
    }
    return li;
  }

  function showMore(seq) {
    var batch = pending.splice(0, PAGE);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (all) {
      if (seq !== sequence) { return; }
      all.forEach(function (data) { list.appendChild(item(data)); });
      more.hidden = pending.length === 0;
    });
  }

  function describe(count, q) {
    var what = count === 0 ? "No documents" : count === 1 ? "1 document" : count + " documents";
    return what + (q ? " match “" + q + "”" : " match") + (Object.keys(filters()).length ? " with these filters." : ".");
  }

  function run() {
    var seq = ++sequence;
    var q = input.value.trim();
    var f = filters();
    var sort = form.elements.sort.value;
    if (!q && !Object.keys(f).length) {
      list.textContent = "";
      pending = [];
      more.hidden = true;
      say("");
      return Promise.resolve();
    }
    say("Searching…");
    return load().then(function (pf) {
      var options = { filters: f };
      // Without words there is no best match: date order, oldest first.
      if (sort || !q) { options.sort = { date: sort || "asc" }; }
      return pf.search(q || null, options);
    }).then(function (search) {
      if (seq !== sequence || !search) { return; }
      list.textContent = "";
      pending = search.results.slice();
      return showMore(seq).then(function () {
        if (seq === sequence) { say(describe(search.results.length, q)); }
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

  readAddress();
  run();
})();
