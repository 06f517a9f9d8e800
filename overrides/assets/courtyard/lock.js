/* Courtyard's encrypted members edition, in the reader's browser (WebCrypto only, no other
 * host). generator/build/encrypt.py writes what this reads:
 *   _c/lock.json      KDF parameters, the content key wrapped once per member, the texts;
 *   _c/<build>.bin    the encrypted manifest: site path -> [encrypted blob, content type];
 *   _c/<blob>         nonce (12 bytes) + AES-256-GCM ciphertext, the path as associated data.
 * A plain page (public, or the shell at a members-only path) with a stored key stops parsing,
 * decrypts its members version and writes it in its place; that page (data-members) serves
 * Material the decrypted search index (fetch), decrypted downloads and images, and a logout
 * button. The code is kept for the tab (sessionStorage) or, when asked, on the device
 * (localStorage); the content key only for the tab. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL(script.getAttribute("data-root") || "./", location.href);
  var isMembers = script.hasAttribute("data-members");
  var isShell = script.hasAttribute("data-shell");
  var NS = "courtyard-lock:" + root.pathname;
  var enc = new TextEncoder();
  var subtle = window.crypto && window.crypto.subtle;

  function store(kind) {
    try { return kind === "local" ? window.localStorage : window.sessionStorage; }
    catch (e) { return null; }
  }
  function get(kind, name) { var s = store(kind); return s ? s.getItem(NS + name) : null; }
  function put(kind, name, value) { var s = store(kind); if (s) s.setItem(NS + name, value); }
  function drop() {
    ["local", "session"].forEach(function (kind) {
      var s = store(kind);
      if (s) { s.removeItem(NS + "code"); s.removeItem(NS + "key"); }
    });
  }
  // For the request form (request.js signs a member's request with a key derived from the
  // code, generator/admin/request.py): the normalised code this site was unlocked with, or null.
  window.courtyardAccessCode = function () {
    return get("session", "code") || get("local", "code");
  };
  function b64(text) {
    var bin = atob(text), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function unb64(bytes) {
    var bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin);
  }
  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  // Same as generator.build.access.normalise_code: Crockford base 32, 16 characters.
  function normalise(typed) {
    var t = typed.trim().toUpperCase().replace(/[\s-]/g, "")
      .replace(/O/g, "0").replace(/[IL]/g, "1");
    return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(t) ? t : null;
  }
  function relPath(url) {
    var u = new URL(url, location.href);
    if (u.origin !== root.origin || u.pathname.indexOf(root.pathname) !== 0) return null;
    var rel = decodeURIComponent(u.pathname.slice(root.pathname.length));
    return rel === "" || rel.slice(-1) === "/" ? rel + "index.html" : rel;
  }

  var lockDoc = null;
  function lock() {
    if (!lockDoc) {
      lockDoc = fetch(new URL("_c/lock.json", root), { cache: "no-cache" })
        .then(function (r) { if (!r.ok) throw new Error("lock.json " + r.status); return r.json(); });
    }
    return lockDoc;
  }
  function open(key, sealed, aad) {
    return subtle.decrypt({ name: "AES-GCM", iv: sealed.slice(0, 12),
                            additionalData: enc.encode(aad) }, key, sealed.slice(12));
  }
  function fetchBytes(path) {
    return fetch(new URL(path, root)).then(function (r) {
      if (!r.ok) throw new Error(path + " " + r.status);
      return r.arrayBuffer();
    }).then(function (b) { return new Uint8Array(b); });
  }
  // The content key a code opens, or null (wrong or revoked).
  function unwrap(doc, code) {
    var k = doc.kdf;
    return subtle.importKey("raw", enc.encode(code), "PBKDF2", false, ["deriveBits"])
      .then(function (base) {
        return subtle.deriveBits({ name: "PBKDF2", hash: k.hash, salt: b64(k.salt),
                                   iterations: k.iterations }, base, k.bits);
      }).then(function (bits) {
        var out = new Uint8Array(bits), entry = doc.keys[hex(out.slice(32, 48))];
        if (!entry) return null;
        return subtle.importKey("raw", out.slice(0, 32), "AES-GCM", false, ["decrypt"])
          .then(function (kek) {
            return open(kek, b64(entry), "courtyard/content-key/v1");
          }).then(function (raw) { return new Uint8Array(raw); }, function () { return null; });
      });
  }
  // {key, files} for this tab: from the stored key of this build, else the stored code.
  function session() {
    return lock().then(function (doc) {
      var saved = get("session", "key"), code = get("session", "code") || get("local", "code");
      var raw = saved && saved.indexOf(doc.build + ":") === 0 ?
        Promise.resolve(b64(saved.slice(doc.build.length + 1))) :
        code ? unwrap(doc, code) : Promise.resolve(null);
      return raw.then(function (bytes) {
        if (!bytes) return null;
        put("session", "key", doc.build + ":" + unb64(bytes));
        return subtle.importKey("raw", bytes, "AES-GCM", false, ["decrypt"]).then(function (key) {
          return fetchBytes(doc.manifest).then(function (sealed) {
            return open(key, sealed, "courtyard/manifest/v1");
          }).then(function (plain) {
            return { key: key, files: JSON.parse(new TextDecoder().decode(plain)).files,
                     text: doc.text };
          });
        });
      });
    });
  }
  function decryptFile(ctx, rel) {
    var entry = ctx.files[rel];
    return fetchBytes(entry[0]).then(function (sealed) { return open(ctx.key, sealed, rel); })
      .then(function (plain) { return new Blob([plain], { type: entry[1] }); });
  }

  // ------------------------------------------------------------------ the decrypted page
  function membersPage(ctx) {
    var plainFetch = window.fetch.bind(window);
    window.fetch = function (input, init) {
      var rel = relPath(typeof input === "string" || input instanceof URL ? input : input.url);
      if (rel && ctx.files[rel] && !/\.html$/.test(rel)) {
        return decryptFile(ctx, rel).then(function (blob) {
          return new Response(blob, { status: 200, headers: { "Content-Type": blob.type } });
        });
      }
      return plainFetch(input, init);
    };
    // Courtyard's search worker fetches its index files itself, out of this page's reach:
    // hand it the decrypted members files in the SETUP message (type 0) instead.
    var workerPost = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      var worker = this, args = arguments;
      var own = message && message.type === 0 && message.data && message.data.config &&
        message.data.config.courtyard;
      if (!own) return workerPost.apply(worker, args);
      var names = (own.entities ? [own.entities] : []).concat(own.text || [])
        .filter(function (name) { return ctx.files["search/" + name]; });
      Promise.all(names.map(function (name) {
        return decryptFile(ctx, "search/" + name).then(function (blob) { return blob.text(); })
          .then(function (text) { return [name, JSON.parse(text)]; });
      })).then(function (pairs) {
        own.inline = {};
        pairs.forEach(function (pair) { own.inline[pair[0]] = pair[1]; });
        workerPost.apply(worker, args);
      }, function () { workerPost.apply(worker, args); });
    };
    // Material asks for its search index with XMLHttpRequest (responseType "blob").
    var xhrOpen = XMLHttpRequest.prototype.open, xhrSend = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (method, url) {
      this.courtyardRel = String(method).toUpperCase() === "GET" ? relPath(String(url)) : null;
      return xhrOpen.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function () {
      var xhr = this, rel = xhr.courtyardRel;
      if (!rel || !ctx.files[rel] || /\.html$/.test(rel)) return xhrSend.apply(this, arguments);
      decryptFile(ctx, rel).then(function (blob) {
        return xhr.responseType === "blob" ? blob : blob.text();
      }).then(function (value) {
        var fixed = { status: 200, statusText: "OK", readyState: 4, response: value };
        if (typeof value === "string") fixed.responseText = value;
        Object.keys(fixed).forEach(function (name) {
          Object.defineProperty(xhr, name, { value: fixed[name] });
        });
        xhr.dispatchEvent(new ProgressEvent("load"));
        xhr.dispatchEvent(new ProgressEvent("loadend"));
      }, function () { xhr.dispatchEvent(new ProgressEvent("error")); });
    };
    document.addEventListener("DOMContentLoaded", function () {
      Array.prototype.forEach.call(document.querySelectorAll("img[src]"), function (img) {
        var rel = relPath(img.src);
        if (rel && ctx.files[rel]) {
          decryptFile(ctx, rel).then(function (b) { img.src = URL.createObjectURL(b); });
        }
      });
      document.addEventListener("click", function (ev) {
        var a = ev.target.closest && ev.target.closest("a[href]");
        var rel = a && relPath(a.href);
        if (!rel || !ctx.files[rel] || /\.html$/.test(rel)) return;
        ev.preventDefault();
        decryptFile(ctx, rel).then(function (blob) {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = rel.split("/").pop();
          document.body.appendChild(link);
          link.click();
          link.remove();
        });
      });
      var header = document.querySelector(".md-header__inner");
      var out = button(ctx.text.logout, "cy-lock-logout");
      out.addEventListener("click", function () { drop(); location.reload(); });
      if (header) header.appendChild(out);
    });
  }

  // ------------------------------------------------------------------ the code form
  function button(label, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "cy-lock-button " + cls;
    b.textContent = label;
    return b;
  }
  function form(text, notice) {
    var box = document.createElement("div");
    box.className = "cy-lock-dialog";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.innerHTML = '<form class="cy-lock-form"><h2></h2><p class="cy-lock-intro"></p>' +
      '<label><span></span><input name="code" autocomplete="off" autocapitalize="characters" ' +
      'spellcheck="false" inputmode="text" maxlength="24" placeholder="XXXX-XXXX-XXXX-XXXX">' +
      '</label><label class="cy-lock-check"><input type="checkbox" name="remember"> ' +
      '<span></span></label><p class="cy-lock-message" role="alert"></p>' +
      '<p class="cy-lock-actions"><button type="submit"></button> ' +
      '<button type="button" class="cy-lock-close"></button></p></form>';
    var f = box.querySelector("form"), msg = box.querySelector(".cy-lock-message");
    box.querySelector("h2").textContent = text.title;
    box.querySelector(".cy-lock-intro").textContent = text.intro;
    box.querySelector("label span").textContent = text.label;
    box.querySelector(".cy-lock-check span").textContent = text.remember;
    box.querySelector("button[type=submit]").textContent = text.submit;
    var close = box.querySelector(".cy-lock-close");
    close.textContent = text.close;
    close.addEventListener("click", function () { box.remove(); });
    if (isShell) close.remove();
    msg.textContent = notice || "";
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var code = normalise(f.code.value);
      if (!code) { msg.textContent = text.format; return; }
      msg.textContent = text.working;
      lock().then(function (doc) { return unwrap(doc, code); }).then(function (raw) {
        if (!raw) { msg.textContent = text.wrong; return; }
        drop();
        put(f.remember.checked ? "local" : "session", "code", code);
        location.reload();
      }, function () { msg.textContent = text.wrong; });
    });
    document.body.appendChild(box);
    f.code.focus();
    return box;
  }
  function offerLogin(noticeName) {
    lock().then(function (doc) {
      var text = doc.text, notice = subtle ? (noticeName && text[noticeName]) || "" : text.https;
      if (isShell || notice) form(text, notice);
      var header = document.querySelector(".md-header__inner");
      if (header) {
        var b = button(text.button, "cy-lock-login");
        b.addEventListener("click", function () { form(text, subtle ? "" : text.https); });
        header.appendChild(b);
      }
    });
  }
  function whenReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  // ------------------------------------------------------------------ start
  if (isMembers) {
    if (window.__courtyardLock) membersPage(window.__courtyardLock);
    return;
  }
  var stored = subtle && (get("session", "key") || get("session", "code") || get("local", "code"));
  var notice = window.__courtyardNotice || get("session", "notice");
  if (get("session", "notice")) store("session").removeItem(NS + "notice");
  if (!stored || window.__courtyardPlain) {
    whenReady(function () { offerLogin(notice); });
    return;
  }
  document.documentElement.style.visibility = "hidden";
  // The members version replaces this page: the rest of it is read as inert text (no
  // script of it runs). window.stop() would do, but leaves the document unwritable.
  document.write('<plaintext style="display:none">');
  var rel = relPath(location.href);
  session().then(function (ctx) {
    if (!ctx) { drop(); put("session", "notice", "revoked"); location.reload(); return; }
    window.__courtyardLock = ctx;
    if (!ctx.files[rel]) {
      if (isShell) window.__courtyardNotice = "missing";
      return plain();
    }
    return decryptFile(ctx, rel).then(function (blob) { return blob.text(); }).then(write);
  }).catch(plain);
  function plain() {  // the page as published, without trying again
    window.__courtyardPlain = true;
    return fetch(location.href, { cache: "no-cache" })
      .then(function (r) { return r.text(); }).then(write);
  }
  function write(html) {
    document.open();
    document.write(html);
    document.close();
    document.documentElement.style.visibility = "";
  }
})();
