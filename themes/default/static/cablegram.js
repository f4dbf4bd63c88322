// Progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Copy buttons for citations.
  if (navigator.clipboard) {
    document.querySelectorAll(".citation .cite").forEach(function (cite) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = "Copy";
      var heading = cite.previousElementSibling;
      button.setAttribute("aria-label", "Copy the " + (heading ? heading.textContent : "") + " citation");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(cite.textContent.trim()).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 2000);
        });
      });
      // After the citation, not inside it, so that copying takes the citation alone.
      cite.insertAdjacentElement("afterend", button);
    });
  }
  // Date-range filter on timeline pages.
  var form = document.querySelector(".date-filter");
  if (form) {
    var days = Array.prototype.slice.call(document.querySelectorAll(".day[data-date]:not([data-date=\"\"])"));
    var output = form.querySelector(".filter-count");
    var apply = function () {
      var from = form.elements.from.value, to = form.elements.to.value, shown = 0;
      days.forEach(function (day) {
        var d = day.getAttribute("data-date");
        var visible = (!from || d >= from) && (!to || d <= to);
        day.hidden = !visible;
        if (visible) { shown += day.querySelectorAll(".record").length; }
      });
      output.textContent = (from || to) ? shown + (shown === 1 ? " document" : " documents") + " on this page in range" : "";
    };
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }
})();
