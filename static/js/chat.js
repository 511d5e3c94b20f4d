/* The chat widget: plain JavaScript, no framework. Everything the server sends is inserted as
   text (textContent) or as elements built here, never as HTML: links in the assistant's and
   staff's answers become <a> elements only for http(s) addresses and the shop's own paths.

   The conversation lives on the server: opening the widget loads the customer's current one
   (any device when signed in, this browser otherwise), so its history survives page changes.
   While staff have the chat, the widget polls for their replies and offers the way back. */
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
  var handover = root.querySelector(".chat-handover");
  var backButton = root.querySelector(".chat-back");
  var openKey = "chat-open";
  var conversation = null;
  var lastSeen = 0;
  var loaded = false;
  var pollTimer = null;
  var POLL_MS = 10000;
  var LINK = /^(https?:\/\/[^\s]+|\/(?!\/)[^\s]*)$/;
  var TRAILING = /[.,;:!?)\]]+$/;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : root.dataset.csrf;
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  /* Text with its links as <a> elements; every piece of text goes in as a text node. */
  function appendLinked(parent, text) {
    text.split(/(\s+)/).forEach(function (token) {
      var trailing = (token.match(TRAILING) || [""])[0];
      var address = trailing ? token.slice(0, -trailing.length) : token;
      if (address && LINK.test(address)) {
        var link = document.createElement("a");
        link.href = address;
        link.textContent = address;
        parent.appendChild(link);
        if (trailing) { parent.appendChild(document.createTextNode(trailing)); }
      } else if (token) {
        parent.appendChild(document.createTextNode(token));
      }
    });
  }

  function addMessage(text, who) {
    var p = document.createElement("p");
    p.className = "chat-message chat-" + who;
    if (who === "staff") {
      var label = document.createElement("span");
      label.className = "chat-sender";
      label.textContent = root.dataset.staffLabel;
      p.appendChild(label);
    }
    if (who === "customer") { p.textContent = text; } else { appendLinked(p, text); }
    log.appendChild(p);
    scrollDown();
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
    scrollDown();
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

  function setStaff(withStaff) {
    handover.hidden = !withStaff;
    if (withStaff) { startPolling(); } else { stopPolling(); }
  }

  /* Messages from the server (history, or new ones since ``lastSeen``), each shown once. */
  function showMessages(messages) {
    var last = null;
    messages.forEach(function (message) {
      if (message.id <= lastSeen) { return; }
      lastSeen = message.id;
      addMessage(message.text, message.sender);
      addProducts(message.products);
      last = message;
    });
    if (last) { showSuggestions(last.sender === "customer" ? [] : last.suggestions); }
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; });
  }

  function restore() {
    loaded = true;
    return getJson(endpoint + "current/").then(function (data) {
      if (!data || !data.conversation) { return; }
      conversation = data.conversation.conversation;
      showMessages(data.conversation.messages);
      setStaff(data.conversation.status === "staff");
    }).catch(function () { loaded = false; });
  }

  function poll() {
    if (!conversation) { return; }
    getJson(endpoint + conversation + "/?after=" + lastSeen)
      .then(function (data) {
        if (!data) { return; }
        showMessages(data.messages);
        setStaff(data.status === "staff");
      })
      .catch(function () { /* the next poll tries again */ });
  }

  function startPolling() {
    if (!pollTimer) { pollTimer = window.setInterval(poll, POLL_MS); }
  }

  function stopPolling() {
    if (pollTimer) { window.clearInterval(pollTimer); pollTimer = null; }
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    });
  }

  function send(text) {
    text = (text || "").trim();
    if (!text) { return; }
    addMessage(text, "customer");
    showSuggestions([]);
    input.value = "";
    var typing = addMessage("…", "bot");
    post(endpoint, { message: text, conversation: conversation })
      .then(function (result) {
        typing.remove();
        if (result.status === 429) { addMessage(root.dataset.tooFast, "bot"); return; }
        if (result.status === 404) { conversation = null; lastSeen = 0; }
        if (result.status !== 200) {
          addMessage(result.data && result.data.error ? result.data.error.message : root.dataset.error, "bot");
          return;
        }
        conversation = result.data.conversation;
        lastSeen = Math.max(lastSeen, result.data.last_message || 0);
        if (result.data.reply) { addMessage(result.data.reply, "bot"); }
        addProducts(result.data.products);
        showSuggestions(result.data.suggestions);
        setStaff(result.data.handoff);
      })
      .catch(function () { typing.remove(); addMessage(root.dataset.error, "bot"); });
  }

  function backToAssistant() {
    if (!conversation) { return; }
    post(endpoint + conversation + "/assistant/", {})
      .then(function (result) {
        if (result.status === 200) { showMessages([result.data]); }
        setStaff(false);
      })
      .catch(function () { addMessage(root.dataset.error, "bot"); });
  }

  function open() {
    panel.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    sessionStorage.setItem(openKey, "1");
    input.focus();
    if (!loaded) { restore(); } else { poll(); }
  }

  function close() {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    sessionStorage.removeItem(openKey);
    toggle.focus();
  }

  toggle.addEventListener("click", function () { if (panel.hidden) { open(); } else { close(); } });
  closeButton.addEventListener("click", close);
  backButton.addEventListener("click", backToAssistant);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
  form.addEventListener("submit", function (event) { event.preventDefault(); send(input.value); });
  window.addEventListener("focus", function () { if (!handover.hidden) { poll(); } });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !handover.hidden) { poll(); }
  });
  // Open on the next page as it was left, with its history.
  if (sessionStorage.getItem(openKey)) { open(); }
})();
