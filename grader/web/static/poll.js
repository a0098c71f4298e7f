// Submit without a reload and poll the server-rendered results (issue #12).
"use strict";
const results = document.getElementById("results");
const form = document.getElementById("check");
const message = document.getElementById("message");

async function poll(id) {
  const response = await fetch(`/submissions/${id}/fragment`, {credentials: "same-origin"});
  if (!response.ok) { results.textContent = `could not load the results (${response.status})`; return; }
  const view = await response.json();
  results.innerHTML = view.html;  // rendered and escaped by the server
  results.dataset.done = view.done ? "yes" : "no";
  if (!view.done) { setTimeout(() => poll(id), 1000); }
}

if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.textContent = "";
    const response = await fetch(form.action, {method: "POST", body: new FormData(form),
                                               credentials: "same-origin"});
    const body = await response.json().catch(() => ({}));
    if (!response.ok) { message.textContent = body.detail || `error ${response.status}`; return; }
    results.dataset.id = body.id;
    results.dataset.done = "no";
    poll(body.id);
  });
}
if (results && results.dataset.id && results.dataset.done === "no") { poll(results.dataset.id); }
