/* The chat widget: plain JavaScript, no framework. Everything the server sends is inserted as
   text (textContent), never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("chat-widget");
  if (!root) { return; }
  var endpoint = root.dataset.endpoint;
  var toggle = root.querySelector(".chat-toggle");
  var panel = root.querySelector(".chat-panel");
  var closeButton = root.querySelector(".chat-close");
  var log = root.querySelector(".chat-log");
  var form = root.querySelector(".chat-form");
  var input = root.querySelector("#chat-input");
  var suggestions = root.querySelector(".chat-suggestions");
  var storageKey = "chat-conversation";
  var conversation = Number(sessionStorage.getItem(storageKey)) || null;
  var lastSeen = 0;
  var pollTimer = null;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : root.dataset.csrf;
  }

  function addMessage(text, who) {
    var p = document.createElement("p");
    p.className = "chat-message chat-" + who;
    p.textContent = text;
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
    return p;
  }

  function addProducts(products) {
    if (!products || !products.length) { return; }
    var list = document.createElement("ul");
    list.className = "chat-products";
    products.forEach(function (product) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = product.url;
      var image = document.createElement("img");
      image.src = product.image;
      image.alt = "";
      image.width = 48;
      image.height = 48;
      var title = document.createElement("span");
      title.textContent = product.title + " — " + product.price + " " + product.currency;
      link.appendChild(image);
      link.appendChild(title);
      item.appendChild(link);
      list.appendChild(item);
    });
    log.appendChild(list);
    log.scrollTop = log.scrollHeight;
  }

  function showSuggestions(items) {
    suggestions.textContent = "";
    (items || []).forEach(function (text) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.addEventListener("click", function () { send(text); });
      suggestions.appendChild(button);
    });
  }

  function poll() {
    if (!conversation) { return; }
    fetch(endpoint + conversation + "/", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.messages.forEach(function (message) {
          if (message.sender === "staff" && message.id > lastSeen) { addMessage(message.text, "staff"); }
          lastSeen = Math.max(lastSeen, message.id);
        });
      })
      .catch(function () { /* the next poll tries again */ });
  }

  function startPolling() {
    if (!pollTimer) { pollTimer = window.setInterval(poll, 15000); }
  }

  function send(text) {
    text = (text || "").trim();
    if (!text) { return; }
    addMessage(text, "customer");
    showSuggestions([]);
    input.value = "";
    var typing = addMessage("…", "bot");
    fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ message: text, conversation: conversation })
    })
      .then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      })
      .then(function (result) {
        typing.remove();
        if (result.status === 429) { addMessage(root.dataset.tooFast, "bot"); return; }
        if (result.status === 404) {
          conversation = null;
          sessionStorage.removeItem(storageKey);
        }
        if (result.status !== 200) {
          addMessage(result.data && result.data.error ? result.data.error.message : root.dataset.error, "bot");
          return;
        }
        conversation = result.data.conversation;
        sessionStorage.setItem(storageKey, String(conversation));
        addMessage(result.data.reply, "bot");
        addProducts(result.data.products);
        showSuggestions(result.data.suggestions);
        if (result.data.handoff) { startPolling(); }
      })
      .catch(function () { typing.remove(); addMessage(root.dataset.error, "bot"); });
  }

  function open() {
    panel.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    input.focus();
    if (conversation) { poll(); startPolling(); }
  }

  function close() {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }

  toggle.addEventListener("click", function () { if (panel.hidden) { open(); } else { close(); } });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
  form.addEventListener("submit", function (event) { event.preventDefault(); send(input.value); });
})();
