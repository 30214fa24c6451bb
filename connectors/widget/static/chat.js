"use strict";
// Rep web chat: each message gets a client id so a resend is never processed twice.
(function () {
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");

  function newId() {
    return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2))
      .replace(/[^A-Za-z0-9_-]/g, "");
  }

  function bubble(cls, text) {
    const div = document.createElement("div");
    div.className = "msg " + cls;
    if (text) div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function showReplies(entry) {
    if (entry.state === "pending" || entry.state === "processing") {
      const text = entry.replies.length ? entry.replies[0].text : "…";
      bubble("bot pending", text).dataset.waiting = entry.id;
      return;
    }
    for (const reply of entry.replies) {
      const div = bubble("bot", reply.text || "");
      if (reply.image) {
        const img = document.createElement("img");
        img.src = reply.image;
        img.alt = "gráfico";
        div.appendChild(img);
      }
      if (reply.buttons && reply.buttons.length) {
        const row = document.createElement("div");
        row.className = "choices";
        for (const b of reply.buttons) {
          const button = document.createElement("button");
          button.type = "button";
          button.textContent = b.title;
          button.addEventListener("click", () => {
            row.querySelectorAll("button").forEach((x) => { x.disabled = true; });
            send(b.payload, b.title);
          });
          row.appendChild(button);
        }
        div.appendChild(row);
      }
    }
  }

  async function send(text, shown) {
    bubble("user", shown || text);
    const response = await fetch("/chat/api/messages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ id: newId(), text: text }),
    });
    if (response.status === 401) { bubble("bot pending", "Tu sesión terminó: abre un enlace nuevo."); return; }
    const entry = await response.json();
    if (entry.error) { bubble("bot pending", entry.error.message); return; }
    showReplies(entry);
    if (response.status === 202) setTimeout(poll, 3000);
  }

  async function poll() {
    const waiting = log.querySelectorAll("[data-waiting]");
    if (!waiting.length) return;
    const response = await fetch("/chat/api/messages");
    const data = await response.json();
    let still = false;
    for (const node of waiting) {
      const entry = data.messages.find((m) => m.id === node.dataset.waiting);
      if (entry && entry.state === "done") { delete node.dataset.waiting; showReplies(entry); }
      else still = true;
    }
    if (still) setTimeout(poll, 3000);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
})();
