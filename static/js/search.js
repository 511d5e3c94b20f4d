// The header search as an ARIA combobox (WAI-ARIA APG "combobox with listbox popup"):
// suggestions from /api/search/suggest/ while typing; Down/Up move through them, Enter opens
// the highlighted one (or submits the form), Escape closes the list. Without this script the
// form is a plain GET form.
(function () {
  "use strict";
  var form = document.querySelector("form.search-form[data-suggest-url]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = form.querySelector("[role=listbox]");
  var status = form.querySelector("[role=status]");
  if (!input || !list) return;
  var url = form.getAttribute("data-suggest-url");
  var timer = null;
  var active = -1;
  var options = [];
  var latest = 0;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    list.textContent = "";
    options = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function go(option) {
    window.location.href = option.getAttribute("data-href");
  }

  function add(kind, label, href, detail) {
    var option = document.createElement("li");
    option.id = "site-search-option-" + options.length;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.className = "search-suggestion search-suggestion-" + kind;
    option.setAttribute("data-href", href);
    var text = document.createElement("span");
    text.className = "search-suggestion-label";
    text.textContent = label;
    option.appendChild(text);
    if (detail) {
      var small = document.createElement("span");
      small.className = "search-suggestion-detail";
      small.textContent = detail;
      option.appendChild(small);
    }
    option.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the input until we navigate
    });
    option.addEventListener("click", function () { go(option); });
    list.appendChild(option);
    options.push(option);
  }

  function searchHref(query) {
    return form.getAttribute("action") + "?q=" + encodeURIComponent(query);
  }

  function render(data) {
    list.textContent = "";
    options = [];
    active = -1;
    (data.terms || []).forEach(function (term) {
      var note = term === data.corrected ? form.dataset.correctedLabel || "" : "";
      add("term", term, searchHref(term), note);
    });
    (data.categories || []).forEach(function (category) {
      add("category", category.name, category.url, form.dataset.categoryLabel || "");
    });
    (data.products || []).forEach(function (product) {
      add("product", product.title, product.url, product.brand);
    });
    var open = options.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (status) {
      status.textContent = open ? options.length + " " + (form.dataset.countLabel || "") : "";
    }
  }

  function fetchSuggestions() {
    var query = input.value;
    if (query.trim().length < 2) {
      close();
      return;
    }
    var ticket = ++latest;
    fetch(url + "?q=" + encodeURIComponent(query.slice(0, 100)), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && ticket === latest && document.activeElement === input) render(data);
      })
      .catch(function () { close(); });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, 120);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      if (list.hidden) { fetchSuggestions(); return; }
      event.preventDefault();
      highlight(active + 1 < options.length ? active + 1 : 0);
    } else if (event.key === "ArrowUp") {
      if (list.hidden) return;
      event.preventDefault();
      highlight(active > 0 ? active - 1 : options.length - 1);
    } else if (event.key === "Enter") {
      if (!list.hidden && active >= 0) {
        event.preventDefault();
        go(options[active]);
      }
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    }
  });

  input.addEventListener("blur", function () {
    window.setTimeout(close, 150);
  });
})();
