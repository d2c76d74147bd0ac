/* Boekstuk web UI: small progressive enhancements, no framework, no build step.
 * - the upload page: drag and drop, one XMLHttpRequest per file with a progress bar,
 *   then polling of each document's status until it is processed, failed or needs review
 * - the document page: hovering or focusing a field lights up its box on the page image
 * - the review queue: keyboard shortcuts (j/k move, 1-9 confirm a candidate, n no invoice,
 *   o pick another invoice)
 * - pages with data-refresh reload themselves while a document is still being processed
 */
(function () {
  "use strict";

  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function each(selector, fn, root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  each("[data-refresh]", function (el) {
    var seconds = parseInt(el.getAttribute("data-refresh"), 10) || 3;
    setTimeout(function () { window.location.reload(); }, seconds * 1000);
  });

  /* ---- upload ---------------------------------------------------------------- */
  var form = document.getElementById("upload-form");
  if (form) setupUpload(form);

  function setupUpload(form) {
    var input = document.getElementById("files");
    var list = document.getElementById("upload-list");
    var card = document.getElementById("upload-list-card");
    var live = document.getElementById("upload-live");
    var tpl = document.getElementById("upload-item");
    var texts = JSON.parse(document.getElementById("upload-texts").textContent);
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
    var statusUrl = form.getAttribute("data-status-url");
    var docUrl = form.getAttribute("data-doc-url");
    var label = form.querySelector("label.btn");
    var watching = {};
    var timer = null;

    input.addEventListener("focus", function () { label.classList.add("has-focus"); });
    input.addEventListener("blur", function () { label.classList.remove("has-focus"); });
    input.addEventListener("change", function () {
      send(input.files);
      input.value = "";
    });
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (e) {
        e.preventDefault();
        form.classList.add("is-over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function (e) {
        e.preventDefault();
        form.classList.remove("is-over");
      });
    });
    form.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files) send(e.dataTransfer.files);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    function sizeText(bytes) {
      if (bytes > 1048576) return (bytes / 1048576).toFixed(1) + " MB";
      return Math.max(1, Math.round(bytes / 1024)) + " kB";
    }

    function setState(item, state, text) {
      var badge = item.querySelector(".upload-state");
      badge.className = "badge upload-state badge-" + state;
      badge.textContent = text || texts[state] || state;
      item.setAttribute("data-state", state);
    }

    function send(files) {
      if (!files || !files.length) return;
      card.hidden = false;
      Array.prototype.forEach.call(files, function (file) {
        var node = tpl.content.firstElementChild.cloneNode(true);
        node.querySelector(".upload-name").textContent = file.name;
        node.querySelector(".upload-size").textContent = sizeText(file.size);
        list.insertBefore(node, list.firstChild);
        if (file.size > maxBytes) {
          setState(node, "failed", texts.too_large);
          node.querySelector(".upload-progress").value = 0;
          return;
        }
        upload(file, node);
      });
    }

    function upload(file, node) {
      var bar = node.querySelector(".upload-progress");
      var data = new FormData();
      data.append("files", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.setRequestHeader("Accept", "application/json");
      setState(node, "uploading");
      bar.setAttribute("aria-label", texts.uploading + " " + file.name);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener("load", function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
        if (xhr.status === 202 && body && body.documents && body.documents.length) {
          var doc = body.documents[0];
          bar.value = 100;
          node.setAttribute("data-id", doc.id);
          var name = node.querySelector(".upload-name");
          var link = document.createElement("a");
          link.href = docUrl + doc.id;
          link.textContent = file.name;
          name.textContent = "";
          name.appendChild(link);
          if (doc.duplicate_of) {
            node.querySelector(".upload-error").textContent = texts.duplicate;
          }
          show(node, doc.status);
          if (["processed", "failed", "needs_review"].indexOf(doc.status) < 0) {
            watching[doc.id] = node;
            poll();
          }
        } else {
          setState(node, "failed", texts.error);
          var message = body && body.error ? body.error.message : xhr.status + " " + xhr.statusText;
          node.querySelector(".upload-error").textContent = message;
        }
      });
      xhr.addEventListener("error", function () {
        setState(node, "failed", texts.error);
      });
      xhr.send(data);
    }

    function show(node, status, error, type) {
      setState(node, status);
      if (type) node.querySelector(".upload-type").textContent = texts["type_" + type] || type;
      if (error) node.querySelector(".upload-error").textContent = error;
      if (["processed", "failed", "needs_review"].indexOf(status) >= 0) {
        live.textContent = node.querySelector(".upload-name").textContent + ": " + (texts[status] || status);
      }
    }

    function poll() {
      if (timer) return;
      timer = setTimeout(function tick() {
        timer = null;
        var ids = Object.keys(watching);
        if (!ids.length) return;
        var xhr = new XMLHttpRequest();
        xhr.open("GET", statusUrl + "?ids=" + encodeURIComponent(ids.join(",")));
        xhr.setRequestHeader("Accept", "application/json");
        xhr.addEventListener("load", function () {
          if (xhr.status === 200) {
            var body = JSON.parse(xhr.responseText);
            Object.keys(body).forEach(function (id) {
              var node = watching[id];
              if (!node) return;
              show(node, body[id].status, body[id].error, body[id].document_type);
              if (["processed", "failed", "needs_review"].indexOf(body[id].status) >= 0) {
                delete watching[id];
              }
            });
          }
          if (Object.keys(watching).length) poll();
          else live.textContent = texts.done;
        });
        xhr.addEventListener("error", function () { poll(); });
        xhr.send();
      }, 1000);
    }
  }

  /* ---- document page: field ↔ box ------------------------------------------------ */
  function hot(name, on) {
    each('[data-field="' + name + '"]', function (el) {
      el.classList.toggle("is-hot", on);
    });
  }
  each(".field-row[data-field]", function (row) {
    var name = row.getAttribute("data-field");
    ["mouseenter", "focusin"].forEach(function (ev) {
      row.addEventListener(ev, function () { hot(name, true); });
    });
    ["mouseleave", "focusout"].forEach(function (ev) {
      row.addEventListener(ev, function () { hot(name, false); });
    });
  });

  /* ---- review queue: keyboard ------------------------------------------------------ */
  var cards = document.querySelectorAll("[data-tx]");
  if (cards.length) {
    var current = 0;
    var focusCard = function (index) {
      if (!cards.length) return;
      current = Math.max(0, Math.min(cards.length - 1, index));
      each("[data-tx]", function (c) { c.classList.remove("is-current"); });
      cards[current].classList.add("is-current");
      cards[current].focus({ preventScroll: true });
      cards[current].scrollIntoView({ block: "nearest", behavior: "smooth" });
    };
    cards[0].classList.add("is-current");
    Array.prototype.forEach.call(cards, function (card, index) {
      card.addEventListener("focusin", function () {
        current = index;
        each("[data-tx]", function (c) { c.classList.remove("is-current"); });
        card.classList.add("is-current");
      });
    });
    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      var tag = (e.target && e.target.tagName) || "";
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
      var key = e.key;
      if (key === "j") { focusCard(current + 1); e.preventDefault(); return; }
      if (key === "k") { focusCard(current - 1); e.preventDefault(); return; }
      var target = cards[current].querySelector('[data-key="' + key + '"]');
      if (target) {
        e.preventDefault();
        target.click();
      }
    });
  }
})();
