// interviewkit report: search without a server. Filters the quotes to those that
// contain the words typed, opens collapsed groups that hold a match, and marks the
// words where the browser can (CSS Custom Highlight API). Enter jumps to the next match.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var status = document.getElementById("search-status");
  if (!box || !status) { return; }
  var quotes = Array.prototype.slice.call(document.querySelectorAll("li.quote"));
  var texts = quotes.map(function (q) { return (q.textContent || "").toLocaleLowerCase(); });
  var shown = [];
  var next = 0;
  var timer = null;

  function toggle(selector, keep) {
    document.querySelectorAll(selector).forEach(function (el) {
      el.classList.toggle("hidden", !keep(el));
    });
  }

  function mark(words) {
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") { return; }
    CSS.highlights.delete("search-hit");
    if (!words) { return; }
    var ranges = [];
    shown.forEach(function (q) {
      var walker = document.createTreeWalker(q.querySelector("blockquote") || q, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        var text = node.nodeValue.toLocaleLowerCase();
        for (var at = text.indexOf(words); at >= 0; at = text.indexOf(words, at + words.length)) {
          var range = new Range();
          range.setStart(node, at);
          range.setEnd(node, at + words.length);
          ranges.push(range);
        }
      }
    });
    CSS.highlights.set("search-hit", new Highlight(...ranges));
  }

  function search() {
    var words = box.value.trim().toLocaleLowerCase();
    document.body.classList.toggle("searching", words.length > 0);
    shown = [];
    quotes.forEach(function (q, i) {
      var hit = !words || texts[i].indexOf(words) >= 0;
      q.classList.toggle("hidden", !hit);
      if (hit && words) { shown.push(q); }
    });
    if (words) {
      shown.forEach(function (q) {
        var more = q.closest("details");
        if (more) { more.open = true; }
      });
    }
    toggle(".quote-group", function (g) { return !words || g.querySelector("li.quote:not(.hidden)"); });
    toggle("section.code-quotes", function (s) { return !words || s.querySelector("li.quote:not(.hidden)"); });
    next = 0;
    status.textContent = words ? shown.length + (shown.length === 1 ? " quote" : " quotes") + " found" : "";
    mark(words);
  }

  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(timer);
      search();
      if (shown.length) {
        shown[next % shown.length].scrollIntoView({ block: "center" });
        next += 1;
      }
      event.preventDefault();
    } else if (event.key === "Escape") {
      box.value = "";
      search();
    }
  });
  window.addEventListener("beforeprint", function () { box.value = ""; search(); });
})();
