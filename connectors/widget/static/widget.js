/* Rumbo web chat widget: paste <script src="https://YOUR-RUMBO/widget/widget.js" async></script>. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[src*='widget/widget.js']");
  var base = (script && script.getAttribute("data-rumbo")) || (script ? new URL(script.src).origin : "");
  var KEY = "rumbo-widget-token";
  var lang = (navigator.language || "es").slice(0, 2) === "en" ? "en" : "es";
  var T = {
    es: { title: "Escríbenos", send: "Enviar", placeholder: "Escribe tu mensaje…", name: "Tu nombre",
          contact: "Tu email o teléfono", start: "Comenzar", ask: "¿Cómo te llamas y cómo te contactamos?" },
    en: { title: "Chat with us", send: "Send", placeholder: "Type your message…", name: "Your name",
          contact: "Your email or phone", start: "Start", ask: "What is your name and how can we reach you?" }
  }[lang];
  var state = { token: null, identity: "before", after: 0, profile: null, seen: {} };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  var root = el("div", { id: "rumbo-widget", style: "position:fixed;bottom:16px;right:16px;width:320px;" +
    "font:14px sans-serif;background:#fff;border:1px solid #ccc;border-radius:8px;box-shadow:0 2px 8px #0003;z-index:99999" });
  var header = el("div", { style: "background:#1d4ed8;color:#fff;padding:8px 12px;border-radius:8px 8px 0 0" }, T.title);
  var log = el("div", { id: "rumbo-log", style: "height:260px;overflow-y:auto;padding:8px" });
  var form = el("form", { id: "rumbo-form", style: "display:flex;border-top:1px solid #eee" });
  var input = el("input", { id: "rumbo-input", placeholder: T.placeholder, style: "flex:1;border:0;padding:8px" });
  var button = el("button", { type: "submit", id: "rumbo-send" }, T.send);
  form.appendChild(input); form.appendChild(button);
  var identity = el("form", { id: "rumbo-identity", style: "padding:8px;display:none" });
  var nameInput = el("input", { id: "rumbo-name", placeholder: T.name, style: "width:95%;margin-bottom:4px" });
  var contactInput = el("input", { id: "rumbo-contact", placeholder: T.contact, style: "width:95%;margin-bottom:4px" });
  identity.appendChild(el("div", {}, T.ask)); identity.appendChild(nameInput); identity.appendChild(contactInput);
  identity.appendChild(el("button", { type: "submit", id: "rumbo-start" }, T.start));
  root.appendChild(header); root.appendChild(log); root.appendChild(identity); root.appendChild(form);

  function show(message) {
    if (state.seen[message.id]) return;
    state.seen[message.id] = true;
    var mine = message.direction === "in";
    var line = el("div", { "class": "rumbo-msg rumbo-" + (mine ? "visitor" : "agent"),
      style: "margin:4px 0;text-align:" + (mine ? "right" : "left") }, message.text);
    log.appendChild(line);
    log.scrollTop = log.scrollHeight;
  }

  function request(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (state.token) headers["X-Widget-Token"] = state.token;
    return fetch(base + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); });
  }

  function profileFrom(contact) {
    return contact.indexOf("@") > 0 ? { email: contact } : { phone: contact };
  }

  function poll() {
    request("GET", "/widget/messages?after=" + state.after + "&wait=20").then(function (data) {
      data.messages.forEach(function (m) { show(m); state.after = Math.max(state.after, m.id); });
      poll();
    }).catch(function () { setTimeout(poll, 3000); });
  }

  function send(text) {
    var body = { text: text, client_id: String(Date.now()) + Math.random().toString(36).slice(2, 8), language: lang };
    if (state.profile) { Object.assign(body, state.profile); }
    return request("POST", "/widget/messages", body);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text).then(function () {
      if (state.identity === "during" && !state.profile) identity.style.display = "block";
    });
  });

  identity.addEventListener("submit", function (event) {
    event.preventDefault();
    var contact = contactInput.value.trim();
    if (!nameInput.value.trim() || !contact) return;
    state.profile = Object.assign({ name: nameInput.value.trim() }, profileFrom(contact));
    localStorage.setItem(KEY + "-profile", JSON.stringify(state.profile));
    identity.style.display = "none";
    form.style.display = "flex";
  });

  function start() {
    document.body.appendChild(root);
    try { state.profile = JSON.parse(localStorage.getItem(KEY + "-profile") || "null"); } catch (e) { state.profile = null; }
    request("POST", "/widget/session", { token: localStorage.getItem(KEY) }).then(function (data) {
      state.token = data.token;
      state.identity = data.identity;
      localStorage.setItem(KEY, data.token);
      if (state.identity === "before" && !state.profile) {
        identity.style.display = "block";
        form.style.display = "none";
      }
      poll();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
