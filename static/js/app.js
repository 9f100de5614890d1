// Small behaviours, kept out of the templates so the CSP can forbid inline script.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  onReady(function () {
    // <select data-autosubmit> submits its form when changed (language switcher).
    document.addEventListener("change", function (event) {
      var target = event.target;
      if (target && target.matches && target.matches("[data-autosubmit]")) {
        target.form.submit();
      }
    });

    // <form data-confirm="…"> asks before submitting (retire, merge).
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var question = form.getAttribute && form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
      }
    });

    // Date of birth fills the birth year field.
    document.addEventListener("change", function (event) {
      var target = event.target;
      if (!target || !target.name || !/date_of_birth$/.test(target.name)) return;
      var yearName = target.name.replace(/date_of_birth$/, "birth_year");
      var year = target.form && target.form.elements[yearName];
      if (year && target.value) year.value = target.value.slice(0, 4);
    });
  });
})();

// Survey form: show the plan's measures for the chosen household group.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (!target || target.name !== "group") return;
  document.querySelectorAll(".group-measures").forEach(function (el) {
    el.hidden = el.getAttribute("data-group") !== target.value;
  });
});

// Worker picker: choose a registry member from the htmx search results.
document.addEventListener("click", function (event) {
  var pick = event.target.closest && event.target.closest("[data-member-pick]");
  var clear = event.target.closest && event.target.closest("[data-member-clear]");
  var form = (pick || clear) && (pick || clear).closest("form");
  if (!form) return;
  var hidden = form.querySelector("input[name=member_id]");
  var chosen = form.querySelector("#member-chosen");
  if (pick) {
    hidden.value = pick.getAttribute("data-member-pick");
    chosen.firstChild.textContent = pick.getAttribute("data-member-label") + " ";
    chosen.classList.remove("d-none");
    form.querySelector("#member-results").innerHTML = "";
  } else {
    hidden.value = "";
    chosen.classList.add("d-none");
  }
});

// Manual result form: its action follows the chosen indicator.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select && select.matches && select.matches("[data-manual-action]")) {
    select.form.action = select.value;
  }
});
document.addEventListener("DOMContentLoaded", function () {
  var select = document.querySelector("[data-manual-action]");
  if (select) select.form.action = select.value;
});

// <table class="table-stack">: on a phone each row becomes a card; every cell is
// labelled with its column header (copied here so templates need not repeat it).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.table-stack").forEach(function (table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (cell.tagName === "TD" && headers[i] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", headers[i]);
        }
      });
    });
  });
});

// <button data-print>: print the page (the Fund's public list, posted on the notice board).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) window.print();
});
