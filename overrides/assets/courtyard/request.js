/* The request form (generator/pages/request.py): fields for the chosen kind, checked as the
   member types against the constraints of the published JSON Schemas embedded in the page;
   the member's current profile prefilled, an unchanged profile or a sign-up for a date they
   are already on refused here; then a summary in the club's language and the request text,
   signed with a key derived from the member's access code (HMAC-SHA-256 via WebCrypto) in
   the encrypted members edition — the code lock.js still holds if it was typed in this page,
   else the code typed in the form's own code field — and a copy button.
   The protocol — fields of each kind, labels, choices, canonical form, signature — is
   generator/admin/request.py's, embedded as data.protocol: nothing of it is repeated here.
   No network request: everything comes from the page. */
(function () {
  "use strict";
  var form = document.getElementById("cy-request");
  if (!form) { return; }
  var data = JSON.parse(document.getElementById("cy-rq-data").textContent);
  var text = JSON.parse(document.getElementById("cy-rq-text-data").textContent);
  var P = data.protocol;
  var box = document.getElementById("cy-rq-fields");
  var kindSel = document.getElementById("cy-rq-kind");
  var SPACE = new RegExp("[" + P.space + "]+", "g");
  var subtle = window.crypto && window.crypto.subtle;
  var enc = new TextEncoder();

  // ------------------------------------------------------------------ the protocol
  function clean(value) {
    return String(value).normalize("NFC").replace(SPACE, " ").replace(/^ +| +$/g, "");
  }
  function canonical(kind, fields) {
    var lines = [P.version, "kind=" + kind];
    Object.keys(fields).sort().forEach(function (k) {
      var v = clean(fields[k]);
      if (v) { lines.push(k + "=" + v); }
    });
    return lines.join("\n");
  }
  function hex(buf) {
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  function hmac(keyBytes, message) {
    return subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      .then(function (key) { return subtle.sign("HMAC", key, enc.encode(message)); });
  }
  // The signature of a request with a normalised 16-character access code.
  function sign(code, kind, fields) {
    return hmac(enc.encode(code), P.key_purpose).then(function (key) {
      return hmac(new Uint8Array(key), canonical(kind, fields));
    }).then(function (mac) { return hex(mac).slice(0, P.signature_hex); });
  }
  function render(kind, fields, signature, summary) {
    var labels = P.labels[kind], lines = summary ? [summary] : [];
    lines.push(P.header, labels.kind + "：" + P.choices.kind[kind]);
    P.form[kind].forEach(function (name) {
      var v = clean(fields[name] || "");
      if (!v) { return; }
      var named = P.choices[name] && P.choices[name][v];
      lines.push(labels[name] + "：" + (named || v));
    });
    lines.push(P.signature_label + "：" + (signature || P.unsigned));
    return lines.join("\n") + "\n";
  }
  // Same as generator.build.access.normalise_code (and lock.js): Crockford base 32, 16
  // characters, or null.
  function normaliseCode(typed) {
    var t = String(typed).trim().toUpperCase().replace(/[\s-]/g, "")
      .replace(/O/g, "0").replace(/[IL]/g, "1");
    return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(t) ? t : null;
  }
  // The code still in lock.js's memory (typed in this very page), or null: the device keeps
  // only the code's KDF output, which cannot sign.
  function heldCode() {
    return data.signed && typeof window.courtyardAccessCode === "function" ?
      window.courtyardAccessCode() : null;
  }
  // The code to sign with: the held one, else the one typed in the form's code field (shown
  // in the members edition when lock.js no longer holds it); null in other editions.
  function accessCode() {
    var held = heldCode(), f = document.getElementById("cy-rq-code");
    return held || (data.signed && f ? normaliseCode(f.value) : null);
  }
  window.courtyardRequest = { canonical: canonical, sign: sign, render: render, clean: clean };

  // ------------------------------------------------------------------ the fields
  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (c) { n.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return n;
  }
  function options(sel, items) {
    sel.appendChild(el("option", { value: "" }, ["—"]));
    items.forEach(function (it) { sel.appendChild(el("option", { value: it[0] }, [it[1]])); });
  }
  function schemaOf(kind, name) {
    return (data.schemas[kind] || {})[name] || {};
  }
  function signerField(kind) { return P.signer[kind]; }
  function layout(kind) {  // [name, widget] in the protocol's order; an RSVP's date with its event
    var out = [];
    P.form[kind].forEach(function (name) {
      if (name === "date" && kind === "rsvp") { return; }
      if (name === "event") { out.push(["occurrence", "occurrence"]); return; }
      var widget = name === signerField(kind) ? "member" : name === "action" ? "action" :
        (P.widgets[kind] || {})[name] || "text";  // a record's field: the registry's widget
      out.push([name, widget]);
    });
    return out;
  }
  function labelOf(kind, name) {
    return P.page_labels[kind][name === "occurrence" ? "event" : name] || name;
  }
  function input(name) { return document.getElementById("cy-rq-f-" + name); }
  function message(name) { return document.getElementById("cy-rq-f-" + name + "-error"); }
  function memberName(id) {
    var m = data.members.filter(function (x) { return x.id === id; })[0];
    return m ? m.name : id;
  }

  function render_fields() {
    var kind = kindSel.value;
    box.textContent = "";
    layout(kind).forEach(function (spec) {
      var name = spec[0], type = spec[1], id = "cy-rq-f-" + name, field;
      if (type === "occurrence") {
        field = el("select", { id: id, name: name });
        options(field, data.occurrences.map(function (o) { return [o.event + "|" + o.date, o.label]; }));
      } else if (type === "member") {
        field = el("select", { id: id, name: name });
        options(field, data.members.map(function (m) { return [m.id, m.label]; }));
      } else if (type === "action") {
        field = el("select", { id: id, name: name });
        P.order.action.forEach(function (a) {
          field.appendChild(el("option", { value: a }, [text[a + "_action"] || P.choices.action[a]]));
        });
      } else if (type === "enum") {
        field = el("select", { id: id, name: name });
        options(field, P.order[name].map(function (v) { return [v, P.choices[name][v]]; }));
      } else if (type === "textarea") {
        field = el("textarea", { id: id, name: name, rows: "4" });
      } else {
        field = el("input", { id: id, name: name, type: type === "date" ? "date" : "text" });
      }
      var msg = el("span", { "class": "cy-rq-error", id: id + "-error", "aria-live": "polite" });
      field.addEventListener("input", function () { check(kind, name); });
      field.addEventListener("change", function () {
        if (type === "member" && kind === "profile") { prefill(field.value); }
        if (name === "occurrence") { github(); }
        check(kind, name);
        if (kind === "rsvp") { check(kind, "member"); }
      });
      box.appendChild(el("p", { "class": "cy-rq-field" }, [el("label", { "for": id }, [labelOf(kind, name)]), field, msg]));
    });
    document.getElementById("cy-rq-out").hidden = true;
    document.getElementById("cy-rq-problem").textContent = "";
    document.getElementById("cy-rq-github").hidden = !data.issues || kind === "join";
    github();
  }

  // The member's current profile in the fields (what "unchanged" is measured against).
  function prefill(id) {
    var current = data.profiles[id] || {};
    P.profile_fields.forEach(function (name) {
      var f = input(name);
      if (!f) { return; }
      f.value = current[name] || "";
      f.setAttribute("data-initial", f.value);
    });
  }

  /* The GitHub issue form for the same request, its event field prefilled (issue forms take
     ?<field id>=value). */
  function github() {
    var kind = kindSel.value, occ = input("occurrence");
    var url = data.issues + "?template=" + ({ rsvp: "rsvp.yml", profile: "profile.yml", post: "post.yml" }[kind] || "member.yml");
    if (kind === "rsvp" && occ && occ.value) { url += "&event=" + encodeURIComponent(occ.value.split("|")[0]); }
    document.getElementById("cy-rq-issue").href = url;
  }

  function tagsOf(value) {
    return value.split(/[,，、]/).map(function (v) { return clean(v); }).filter(Boolean);
  }
  function occurrence() {
    var occ = input("occurrence");
    var parts = occ && occ.value ? occ.value.split("|") : null;
    return parts && data.occurrences.filter(function (o) { return o.event === parts[0] && o.date === parts[1]; })[0];
  }
  function problem(kind, name, value) {
    var s = schemaOf(kind, name);
    if (!value) { return P.required[kind].indexOf(name === "occurrence" ? "event" : name) >= 0 ? text.required : ""; }
    if (kind === "rsvp" && name === "member") {
      var o = occurrence(), on = o && o.listed.indexOf(value) >= 0, action = input("action").value;
      if (o && action === "join" && on) { return text.already.replace("{name}", memberName(value)); }
      if (o && action === "cancel" && !on) { return text.not_listed.replace("{name}", memberName(value)); }
    }
    var values = s.type === "array" ? tagsOf(value) : [value];
    var item = s.type === "array" ? (s.items || {}) : s;
    for (var i = 0; i < values.length; i++) {
      var v = values[i];
      if (item.maxLength && Array.from(v).length > item.maxLength) { return text.too_long.replace("{max}", item.maxLength); }
      if (item.pattern && !(new RegExp(item.pattern, "u")).test(v)) { return text.pattern; }
      if (item.format === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(v)) { return text.date; }
      if (/[\n\t]/.test(v) && name !== "bio" && name !== "description") { return text.pattern; }
    }
    return "";
  }
  // The members edition without a held code: one more field, the code to sign with (always
  // required there: signing proves knowledge of the code; a wrong one is refused by apply).
  function codeField() {
    if (!data.signed || heldCode() || document.getElementById("cy-rq-code")) { return; }
    var f = el("input", { id: "cy-rq-code", name: "code", type: "text", autocomplete: "off",
      autocapitalize: "characters", spellcheck: "false", maxlength: "24",
      placeholder: "XXXX-XXXX-XXXX-XXXX" });
    var msg = el("span", { "class": "cy-rq-error", id: "cy-rq-code-error", "aria-live": "polite" });
    f.addEventListener("input", checkCode);
    box.parentNode.insertBefore(el("p", { "class": "cy-rq-field" },
      [el("label", { "for": "cy-rq-code" }, [text.code]), f, msg]), box.nextSibling);
  }
  function checkCode() {
    var f = document.getElementById("cy-rq-code");
    if (!f) { return true; }
    var p = !f.value.trim() ? text.required : normaliseCode(f.value) ? "" : text.pattern;
    document.getElementById("cy-rq-code-error").textContent = p;
    f.setAttribute("aria-invalid", p ? "true" : "false");
    return !p;
  }
  function check(kind, name) {
    var f = input(name), msg = message(name);
    if (!f || !msg) { return true; }
    var p = problem(kind, name, f.value.trim());
    msg.textContent = p;
    f.setAttribute("aria-invalid", p ? "true" : "false");
    return !p;
  }

  // The request's fields: a profile sends only what changed.
  function collect(kind) {
    var fields = {}, changed = [];
    layout(kind).forEach(function (spec) {
      var name = spec[0], f = input(name), value = clean(f.value);
      if (name === "occurrence") {
        if (value) { fields.event = value.split("|")[0]; fields.date = value.split("|")[1]; }
        return;
      }
      if (kind === "profile" && name !== "member") {
        var before = f.getAttribute("data-initial") || "";
        var same = name === "tags" ? tagsOf(value).join(",") === tagsOf(before).join(",") : value === clean(before);
        if (same) { return; }
        changed.push(name);
      }
      if (value) { fields[name] = value; }
    });
    return { fields: fields, changed: changed };
  }
  function summary(kind, fields, changed) {
    var o = occurrence(), who = memberName(fields[signerField(kind)] || "");
    var key = kind === "rsvp" && fields.action === "cancel" ? "cancel" : kind;
    var values = {
      who: who, date: fields.date || "", event: o ? o.title : fields.event || "",
      fields: changed.map(function (n) { return P.labels.profile[n]; }).join("、"),
      type: P.choices.type[fields.type] || fields.type || "", title: fields.title || "",
      name: fields.name || "", org: fields.org || ""
    };
    return P.summary[key].replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var kind = kindSel.value, ok = true, out = document.getElementById("cy-rq-out");
    var problemBox = document.getElementById("cy-rq-problem");
    layout(kind).forEach(function (spec) { if (!check(kind, spec[0])) { ok = false; } });
    if (!checkCode()) { ok = false; }
    var got = collect(kind);
    problemBox.textContent = "";
    if (ok && kind === "profile" && !got.changed.length) { problemBox.textContent = text.unchanged; ok = false; }
    if (!ok) {
      if (!problemBox.textContent) { problemBox.textContent = text.fix; }
      out.hidden = true;
      return;
    }
    var code = accessCode();
    if (code && !subtle) { problemBox.textContent = text.no_crypto; return; }
    var said = summary(kind, got.fields, got.changed);
    (code ? sign(code, kind, got.fields) : Promise.resolve(null)).then(function (signature) {
      document.getElementById("cy-rq-summary").textContent = said;
      document.getElementById("cy-rq-text").value = render(kind, got.fields, signature, said);
      document.getElementById("cy-rq-signed").hidden = !signature;
      document.getElementById("cy-rq-unsigned").hidden = !!signature;
      out.hidden = false;
      document.getElementById("cy-rq-copied").hidden = true;
    });
  });

  document.getElementById("cy-rq-copy").addEventListener("click", function () {
    var area = document.getElementById("cy-rq-text");
    function done() { document.getElementById("cy-rq-copied").hidden = false; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(area.value).then(done, function () { area.select(); document.execCommand("copy"); done(); });
    } else {
      area.select(); document.execCommand("copy"); done();
    }
  });

  kindSel.addEventListener("change", render_fields);
  codeField();
  var wanted = new URLSearchParams(window.location.search);
  if (wanted.get("kind") && P.form[wanted.get("kind")]) { kindSel.value = wanted.get("kind"); }
  render_fields();
  if (wanted.get("event")) {
    var occ = input("occurrence");
    var first = data.occurrences.filter(function (o) { return o.event === wanted.get("event"); })[0];
    if (occ && first) { occ.value = first.event + "|" + first.date; github(); }
  }
  var me = input(signerField(kindSel.value));
  if (wanted.get("member") && me && data.profiles[wanted.get("member")]) {
    me.value = wanted.get("member");
    if (kindSel.value === "profile") { prefill(me.value); }
  }
}());
