/* Courtyard's encrypted members edition, in the reader's browser (WebCrypto and
 * DecompressionStream only, no other host). generator/build/encrypt.py writes what this reads:
 *   _c/lock.json      KDF parameters (a salt per site), the content key wrapped once per
 *                     member, the texts; read (no-cache) when no key of the page's
 *                     build (data-build) is kept;
 *   _c/<build>.bin    the encrypted manifest: site path -> [content type, gzipped 0/1];
 *   _c/<name>         nonce (12 bytes) + AES-256-GCM ciphertext of the (gzipped) file, the
 *                     path as associated data; <name> = HMAC(names key, path), so a page's
 *                     file is found without waiting for the manifest.
 * A plain page (public, or the shell at a members-only path) with a stored key stops parsing,
 * decrypts its members version and writes it in its place; that page (data-members) serves
 * Material the decrypted search index, downloads and images, and a logout button.
 *
 * What is kept (decided once, in the code form): never the code itself. The tab keeps this
 * build's content key (sessionStorage); the device keeps the code's KDF output for this site
 * (localStorage), which opens this site's next builds and nothing else, and the last build's
 * key, unless the member taps "not my phone". On an address shared with other sites (a path under a shared host,
 * like owner.github.io/repo/), whose scripts could read the same storage, nothing is kept
 * beyond the tab and the form says why (content/pages/hosting.md: use a domain of its own). */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = siteRoot(script.getAttribute("data-root"));
  var isMembers = script.hasAttribute("data-members");
  var isShell = script.hasAttribute("data-shell");
  var isNotFound = script.hasAttribute("data-404");
  var hasMore = script.hasAttribute("data-more");
  var pageBuild = script.getAttribute("data-build");  // the build this page belongs to
  var NS = "courtyard-lock:" + root.pathname;
  var SHARED = root.pathname !== "/";
  var enc = new TextEncoder();
  var subtle = window.crypto && window.crypto.subtle;
  var net = window.fetch.bind(window);  // this script's own requests, never the served ones
  var supported = !!(subtle && window.DecompressionStream);

  // ------------------------------------------------------------------ small helpers
  // The site's root URL. MkDocs gives the 404 page "/" as its base: "//" would be read as
  // a host name, so runs of slashes become one.
  function siteRoot(attr) {
    var path = (attr || "./").replace(/\/{2,}/g, "/");
    try { return new URL(path, location.href); }
    catch (e) { return new URL("/", location.href); }
  }
  function store(kind) {
    try { return kind === "local" ? window.localStorage : window.sessionStorage; }
    catch (e) { return null; }
  }
  function get(kind, name) { var s = store(kind); return s ? s.getItem(NS + name) : null; }
  function put(kind, name, value) { var s = store(kind); if (s) s.setItem(NS + name, value); }
  function remove(kind, name) { var s = store(kind); if (s) s.removeItem(NS + name); }
  function drop() {
    ["local", "session"].forEach(function (kind) {
      ["code", "key", "kek", "text", "ahead"].forEach(function (name) { remove(kind, name); });
    });
  }
  // For the request form (request.js signs a member's request with a key derived from the
  // code, generator/admin/request.py): the normalised code typed in this page, held in this
  // variable only (never in storage: the device keeps the KDF output, which cannot sign), or
  // null, and then the form asks for the code itself.
  var typedCode = null;
  window.courtyardAccessCode = function () { return typedCode; };
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
  function isPage(rel) { return /\.html$/.test(rel); }

  // ------------------------------------------------------------------ files and keys
  var lockDoc = null;
  function lock() {
    if (!lockDoc) {
      lockDoc = net(new URL("_c/lock.json", root), { cache: "no-cache" })
        .then(function (r) { if (!r.ok) throw new Error("lock.json " + r.status); return r.json(); });
    }
    return lockDoc;
  }
  function open(key, sealed, aad) {
    return subtle.decrypt({ name: "AES-GCM", iv: sealed.slice(0, 12),
                            additionalData: enc.encode(aad) }, key, sealed.slice(12));
  }
  function gunzip(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer();
  }
  // The bytes at a site path, or null when the host has no such file.
  function fetchBytes(path) {
    return ahead(path).then(function (r) { return r || net(new URL(path, root)); })
      .then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(path + " " + r.status);
        return r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      });
  }
  // A file the page before prefetched at a tap (prefetchOnTap) may still be on its way: a
  // second request would download it again, so wait for it in the cache (up to 3 s).
  function ahead(path) {
    var mark = get("session", "ahead") || "", at = mark.indexOf("@");
    var until = at > 0 && mark.slice(0, at) === path ? +mark.slice(at + 1) + 3000 : 0;
    if (until) remove("session", "ahead");
    function look() {
      if (Date.now() > until) return Promise.resolve(null);
      return net(new URL(path, root), { cache: "only-if-cached", mode: "same-origin" })
        .then(function (r) { return r.ok ? r : null; }, function () { return null; })
        .then(function (r) {
          return r || new Promise(function (ok) { setTimeout(ok, 50); }).then(look);
        });
    }
    return look();
  }
  // What a typed code stands for on this site: PBKDF2 bits (key-encryption key ‖ lookup id).
  function derive(doc, code) {
    var k = doc.kdf;
    return subtle.importKey("raw", enc.encode(code), "PBKDF2", false, ["deriveBits"])
      .then(function (base) {
        return subtle.deriveBits({ name: "PBKDF2", hash: k.hash, salt: b64(k.salt),
                                   iterations: k.iterations }, base, k.bits);
      }).then(function (bits) { return new Uint8Array(bits); });
  }
  // The content key those bits open in this build, or null (wrong or revoked).
  function unwrap(doc, bits) {
    var entry = doc.keys[hex(bits.slice(32, 48))];
    if (!entry) return Promise.resolve(null);
    return subtle.importKey("raw", bits.slice(0, 32), "AES-GCM", false, ["decrypt"])
      .then(function (kek) { return open(kek, b64(entry), "courtyard/content-key/v1"); })
      .then(function (raw) { return new Uint8Array(raw); }, function () { return null; });
  }
  function storedBits() { return get("session", "kek") || get("local", "kek"); }
  // [build, raw content key, texts] this tab (or, when the device is remembered, this device)
  // opened before, or null. The device keeping a build's content key beside the KDF output,
  // which opens every build, keeps nothing more than it had.
  function savedKey(build) {
    var found = null;
    ["session", "local"].forEach(function (kind) {
      var saved = get(kind, "key"), at = saved ? saved.indexOf(":") : -1;
      if (found || at <= 0 || (build && saved.slice(0, at) !== build)) return;
      var words = null;
      try { words = JSON.parse(get(kind, "text") || "null"); } catch (e) { words = null; }
      found = [saved.slice(0, at), b64(saved.slice(at + 1)), words];
    });
    return found;
  }
  // {build, key, names, text, manifest()} from raw content key bytes.
  function context(build, raw, text) {
    var ctx = { build: build, text: text, files: null };
    var hmac = { name: "HMAC", hash: "SHA-256" };
    var kinds = get("local", "kek") ? ["session", "local"] : ["session"];
    kinds.forEach(function (kind) {
      put(kind, "key", build + ":" + unb64(raw));
      if (text) put(kind, "text", JSON.stringify(text));
    });
    return Promise.all([
      subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]),
      subtle.importKey("raw", raw, hmac, false, ["sign"]).then(function (k) {
        return subtle.sign("HMAC", k, enc.encode("courtyard/blob-names/v1"));
      }).then(function (names) { return subtle.importKey("raw", names, hmac, false, ["sign"]); })
    ]).then(function (keys) { ctx.key = keys[0]; ctx.names = keys[1]; return ctx; });
  }
  function blobName(ctx, rel) {
    return subtle.sign("HMAC", ctx.names, enc.encode(rel)).then(function (mac) {
      return "_c/" + hex(new Uint8Array(mac)).slice(0, 20);
    });
  }
  // The manifest (site path -> [type, gzipped]), fetched once per page, not on the way to it.
  function manifest(ctx) {
    if (!ctx.manifest) {
      ctx.manifest = fetchBytes("_c/" + ctx.build + ".bin").then(function (sealed) {
        return open(ctx.key, sealed, "courtyard/manifest/v2");
      }).then(gunzip).then(function (plain) {
        ctx.files = JSON.parse(new TextDecoder().decode(plain)).files;
        return ctx.files;
      });
    }
    return ctx.manifest;
  }
  // The members version of a site path as text or bytes, or null when there is none.
  function decrypted(ctx, rel, zipped) {
    return blobName(ctx, rel).then(fetchBytes).then(function (sealed) {
      if (!sealed) return null;
      return open(ctx.key, sealed, rel).then(function (plain) {
        if (zipped === false) return plain;
        return gunzip(plain);
      });
    });
  }
  function decryptFile(ctx, rel) {
    return manifest(ctx).then(function (files) {
      var entry = files[rel];
      return decrypted(ctx, rel, entry[1] === 1).then(function (plain) {
        return new Blob([plain], { type: entry[0] });
      });
    });
  }
  // This tab's context. A page says which build it belongs to (data-build): when the tab or
  // the device keeps that build's key, the page's file is the only request. Else lock.json
  // (never cached) says which build is current and whether the device's KDF output still
  // opens it: a revoked member holds no key of a newer build, and a newer page names it.
  function session(rel) {
    var saved = pageBuild && savedKey(pageBuild);
    if (!saved) return unlocked(rel);
    return context(saved[0], saved[1], saved[2]).then(function (ctx) {
      var got = { ctx: ctx, page: decrypted(ctx, rel) };
      return got.page.then(function () { return got; });
    }).catch(function () { return unlocked(rel); });  // a key that does not open its build
  }
  function unlocked(rel) {
    return lock().then(function (doc) {
      var bits = storedBits();
      if (!bits) return null;
      return unwrap(doc, b64(bits)).then(function (raw) {
        if (!raw) return null;
        return context(doc.build, raw, doc.text).then(function (ctx) {
          return { ctx: ctx, page: decrypted(ctx, rel) };
        });
      });
    });
  }

  // ------------------------------------------------------------------ the decrypted page
  function serveFetch(ctx) {
    var plainFetch = window.fetch.bind(window);
    window.fetch = function (input, init) {
      var rel = relPath(typeof input === "string" || input instanceof URL ? input : input.url);
      if (!rel || isPage(rel)) return plainFetch(input, init);
      return manifest(ctx).then(function (files) {
        if (!files[rel]) return plainFetch(input, init);
        return decryptFile(ctx, rel).then(function (blob) {
          return new Response(blob, { status: 200, headers: { "Content-Type": blob.type } });
        });
      });
    };
  }
  // Courtyard's search worker fetches its index files itself, out of this page's reach:
  // hand it the decrypted members files in the SETUP message (type 0) instead. Material
  // sends SETUP only once the reader starts a search (main.html holds its index request).
  function serveWorker(ctx) {
    var workerPost = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      var worker = this, args = arguments;
      var own = message && message.type === 0 && message.data && message.data.config &&
        message.data.config.courtyard;
      if (!own) return workerPost.apply(worker, args);
      manifest(ctx).then(function (files) {
        var names = (own.entities ? [own.entities] : []).concat(own.text || [])
          .filter(function (name) { return files["search/" + name]; });
        return Promise.all(names.map(function (name) {
          return decryptFile(ctx, "search/" + name).then(function (blob) { return blob.text(); })
            .then(function (text) { return [name, JSON.parse(text)]; });
        }));
      }).then(function (pairs) {
        own.inline = {};
        pairs.forEach(function (pair) { own.inline[pair[0]] = pair[1]; });
        workerPost.apply(worker, args);
      }, function () { workerPost.apply(worker, args); });
    };
  }
  // Material asks for its search index with XMLHttpRequest (responseType "blob").
  function serveXhr(ctx) {
    var xhrOpen = XMLHttpRequest.prototype.open, xhrSend = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (method, url) {
      this.courtyardRel = String(method).toUpperCase() === "GET" ? relPath(String(url)) : null;
      return xhrOpen.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function () {
      var xhr = this, args = arguments, rel = xhr.courtyardRel;
      if (!rel || isPage(rel)) return xhrSend.apply(xhr, args);
      manifest(ctx).then(function (files) {
        if (!files[rel]) return xhrSend.apply(xhr, args);
        return decryptFile(ctx, rel).then(function (blob) {
          return xhr.responseType === "blob" ? blob : blob.text();
        }).then(function (value) {
          var fixed = { status: 200, statusText: "OK", readyState: 4, response: value };
          if (typeof value === "string") fixed.responseText = value;
          Object.keys(fixed).forEach(function (name) {
            Object.defineProperty(xhr, name, { value: fixed[name] });
          });
          xhr.dispatchEvent(new ProgressEvent("load"));
          xhr.dispatchEvent(new ProgressEvent("loadend"));
        });
      }).catch(function () { xhr.dispatchEvent(new ProgressEvent("error")); });
    };
  }
  function serveImages(ctx) {
    var images = Array.prototype.filter.call(document.querySelectorAll("img[src]"),
      function (img) { return relPath(img.src); });
    if (!images.length) return;  // no image of this site: the manifest is not needed
    manifest(ctx).then(function (files) {
      images.forEach(function (img) {
        var rel = relPath(img.src);
        if (files[rel]) {
          decryptFile(ctx, rel).then(function (b) { img.src = URL.createObjectURL(b); });
        }
      });
    });
  }
  function download(ctx, rel) {
    decryptFile(ctx, rel).then(function (blob) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = rel.split("/").pop();
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }
  function serveDownloads(ctx) {
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a[href]");
      var rel = a && relPath(a.href);
      if (!rel || isPage(rel)) return;
      if (ctx.files) {  // the manifest is here: decide now
        if (!ctx.files[rel]) return;
        ev.preventDefault();
        return download(ctx, rel);
      }
      ev.preventDefault();
      manifest(ctx).then(function (files) {
        if (files[rel]) download(ctx, rel);
        else location.href = a.href;
      });
    });
  }
  // A tap on a link to another page: its sealed file is asked for at once, beside the page
  // itself (a prefetch outlives this page; the file is kept a year), so the next page does
  // not wait a second round trip after its own HTML.
  function prefetchOnTap(ctx) {
    var asked = {};
    function early(ev) {
      var a = ev.target.closest && ev.target.closest("a[href]");
      var rel = a && !a.hasAttribute("download") && relPath(a.href);
      if (!rel || !isPage(rel) || asked[rel] || rel === relPath(location.href)) return;
      asked[rel] = true;
      blobName(ctx, rel).then(function (name) {
        put("session", "ahead", name + "@" + Date.now());
        var link = document.createElement("link");
        link.rel = "prefetch";
        link.href = new URL(name, root).href;
        document.head.appendChild(link);
      });
    }
    document.addEventListener("touchstart", early, { capture: true, passive: true });
    document.addEventListener("mousedown", early, true);
  }
  function logoutButton(ctx) {
    (ctx.text ? Promise.resolve(ctx.text) : lock().then(function (doc) { return doc.text; }))
      .then(function (words) {
        var header = document.querySelector(".md-header__inner");
        var out = button(words.logout, "cy-lock-logout");
        out.addEventListener("click", function () { drop(); location.reload(); });
        if (header) header.appendChild(out);
      });
  }
  function membersPage(ctx) {
    serveFetch(ctx);
    serveWorker(ctx);
    serveXhr(ctx);
    whenReady(function () {
      serveImages(ctx);
      serveDownloads(ctx);
      prefetchOnTap(ctx);
      logoutButton(ctx);
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
  // Check a typed code; keep its KDF output on the device (remember) or in this tab only.
  function tryCode(text, typed, remember, say) {
    var code = normalise(typed);
    if (!code) { say(text.format); return; }
    say(text.working);
    lock().then(function (doc) {
      return derive(doc, code).then(function (bits) {
        return unwrap(doc, bits).then(function (raw) { return raw && bits; });
      });
    }).then(function (bits) {
      if (!bits) { say(text.wrong); return; }
      typedCode = code;
      drop();
      put(remember && !SHARED ? "local" : "session", "kek", unb64(bits));
      location.reload();
    }, function () { say(text.wrong); });
  }
  function form(text, notice) {
    var box = document.createElement("div");
    box.className = "cy-lock-dialog";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.innerHTML = '<form class="cy-lock-form"><h2></h2><p class="cy-lock-intro"></p>' +
      '<label><span></span><input name="code" autocomplete="off" autocapitalize="characters" ' +
      'spellcheck="false" inputmode="text" maxlength="24" placeholder="XXXX-XXXX-XXXX-XXXX">' +
      '</label><p class="cy-lock-message" role="alert"></p>' +
      '<p class="cy-lock-actions"><button type="submit" class="cy-lock-open"></button>' +
      '<button type="button" class="cy-lock-forget"></button></p>' +
      '<p class="cy-lock-keep"></p><p class="cy-lock-way"><a class="cy-lock-close" href=""></a>' +
      '</p></form>';
    var f = box.querySelector("form"), msg = box.querySelector(".cy-lock-message");
    function say(words) { msg.textContent = words; }
    box.querySelector("h2").textContent = text.title;
    box.querySelector(".cy-lock-intro").textContent = text.intro;
    box.querySelector("label span").textContent = text.label;
    box.querySelector(".cy-lock-open").textContent = text.submit;
    box.querySelector(".cy-lock-keep").textContent = SHARED ? text.shared : text.remember;
    var forget = box.querySelector(".cy-lock-forget");
    forget.textContent = text.forget;
    forget.addEventListener("click", function () { tryCode(text, f.code.value, false, say); });
    if (SHARED) forget.remove();
    var close = box.querySelector(".cy-lock-close");
    if (isShell) {  // nothing public here: the way back is the home page
      close.textContent = text.back;
      close.href = root.href;
    } else {
      close.textContent = text.close;
      close.href = "#";
      close.addEventListener("click", function (ev) { ev.preventDefault(); box.remove(); });
    }
    say(notice || "");
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      tryCode(text, f.code.value, true, say);
    });
    document.body.appendChild(box);
    f.code.focus();
    return box;
  }
  // A bar at the bottom of a locked page that has a members version (a thumb reaches it).
  function banner(text) {
    if (get("session", "nobanner")) return;
    var bar = document.createElement("div");
    bar.className = "cy-lock-banner";
    var open = button(text.banner, "cy-lock-banner-open");
    open.addEventListener("click", function () { form(text, supported ? "" : unsupported(text)); });
    var hide = button("×", "cy-lock-banner-hide");
    hide.setAttribute("aria-label", text.hide);
    hide.addEventListener("click", function () { put("session", "nobanner", "1"); bar.remove(); });
    bar.appendChild(open);
    bar.appendChild(hide);
    document.body.appendChild(bar);
  }
  function unsupported(text) { return subtle ? text.browser : text.https; }
  function offerLogin(noticeName) {
    lock().then(function (doc) {
      var text = doc.text;
      var notice = supported ? (noticeName && text[noticeName]) || "" : unsupported(text);
      if (isShell || notice) form(text, notice);
      else if (hasMore || isNotFound) banner(text);
      var header = document.querySelector(".md-header__inner");
      if (header) {
        var b = button(text.button, "cy-lock-login");
        b.addEventListener("click", function () { form(text, supported ? "" : unsupported(text)); });
        header.appendChild(b);
      }
    });
  }
  function whenReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  // ------------------------------------------------------------------ the page itself
  function write(html) {
    document.open();
    document.write(html);
    document.close();
    document.documentElement.style.visibility = "";
  }
  function plain() {  // the page as published, without trying again
    window.__courtyardPlain = true;
    return net(location.href, { cache: "no-cache" })
      .then(function (r) { return r.text(); }).then(write);
  }
  function showMembersVersion(rel) {
    document.documentElement.style.visibility = "hidden";
    // The members version replaces this page: the rest of it is read as inert text (no
    // script of it runs). window.stop() would do, but leaves the document unwritable.
    document.write('<plaintext style="display:none">');
    session(rel).then(function (got) {
      if (!got) { drop(); put("session", "notice", "revoked"); location.reload(); return; }
      window.__courtyardLock = got.ctx;
      return got.page.then(function (bytes) {
        if (!bytes) {
          if (isShell) window.__courtyardNotice = "missing";
          return plain();
        }
        write(new TextDecoder().decode(bytes));
      });
    }).catch(plain);
  }
  function start() {
    remove("local", "code");  // what earlier versions kept: the code itself
    remove("session", "code");
    if (isMembers) {
      if (window.__courtyardLock) membersPage(window.__courtyardLock);
      return;
    }
    var stored = supported && (get("session", "key") || storedBits());
    var notice = window.__courtyardNotice || get("session", "notice");
    remove("session", "notice");
    if (!stored || window.__courtyardPlain) {
      whenReady(function () { offerLogin(notice); });
      return;
    }
    showMembersVersion(isNotFound ? "404.html" : relPath(location.href));
  }
  start();
})();
