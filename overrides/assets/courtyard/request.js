/* The request form (generator/pages/request.py): fields for the chosen kind, checked as the
   member types against the constraints of the published JSON Schemas embedded in the page,
   then the request text with its checksum (SHA-256 via WebCrypto, first 8 hex digits of the
   "key=value" lines joined by newlines: generator/admin/request.py) and a copy button.
   No network request: everything comes from the page. */
(function () {
  "use strict";
  var form = document.getElementById("cy-request");
  if (!form) { return; }
  var data = JSON.parse(document.getElementById("cy-rq-data").textContent);
  var text = JSON.parse(document.getElementById("cy-rq-text-data").textContent);
  var box = document.getElementById("cy-rq-fields");
  var kindSel = document.getElementById("cy-rq-kind");

  var LAYOUT = {
    rsvp: [["occurrence", "occurrence"], ["member", "member"], ["action", "action"]],
    profile: [["member", "member"], ["title", "text"], ["city", "text"],
              ["tags", "text"], ["display_name", "text"], ["bio", "textarea"]],
    post: [["member", "member"], ["type", "enum"], ["title", "text"], ["city", "text"],
           ["expires", "date"], ["description", "textarea"]],
    join: [["name", "text"], ["org", "text"], ["title", "text"], ["city", "text"],
           ["sponsor", "member"], ["wechat", "text"]]
  };
  var REQUIRED = {
    rsvp: ["occurrence", "member"], profile: ["member"], post: ["member", "type", "title"],
    join: ["name", "org", "sponsor", "wechat"]
  };

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
  function labelOf(name) {
    return name === "occurrence" ? text.event : (text[name] || name);
  }

  function render() {
    var kind = kindSel.value;
    box.textContent = "";
    LAYOUT[kind].forEach(function (spec) {
      var name = spec[0], type = spec[1], id = "cy-rq-f-" + name, input;
      if (type === "occurrence") {
        input = el("select", { id: id, name: name });
        options(input, data.occurrences.map(function (o) { return [o.event + "|" + o.date, o.label]; }));
      } else if (type === "member") {
        input = el("select", { id: id, name: name });
        options(input, data.members.map(function (m) { return [m.id, m.label]; }));
      } else if (type === "action") {
        input = el("select", { id: id, name: name });
        input.appendChild(el("option", { value: "join" }, [text.join_action]));
        input.appendChild(el("option", { value: "cancel" }, [text.cancel_action]));
      } else if (type === "enum") {
        input = el("select", { id: id, name: name });
        options(input, (schemaOf(kind, name).enum || []).map(function (v) { return [v, text[v] || v]; }));
      } else if (type === "textarea") {
        input = el("textarea", { id: id, name: name, rows: "4" });
      } else {
        input = el("input", { id: id, name: name, type: type === "date" ? "date" : "text" });
      }
      var msg = el("span", { "class": "cy-rq-error", id: id + "-error", "aria-live": "polite" });
      if (name === "occurrence") { input.addEventListener("change", github); }
      input.addEventListener("input", function () { check(kind, name, input, msg); });
      input.addEventListener("change", function () { check(kind, name, input, msg); });
      box.appendChild(el("p", {}, [el("label", { "for": id }, [labelOf(name)]), input, msg]));
    });
    document.getElementById("cy-rq-out").hidden = true;
    document.getElementById("cy-rq-github").hidden = !data.issues || kind === "join";
    github();
  }

  /* The GitHub issue form for the same request, its event field prefilled (issue forms take
     ?<field id>=value). */
  function github() {
    var kind = kindSel.value, occ = document.getElementById("cy-rq-f-occurrence");
    var url = data.issues + "?template=" + ({ rsvp: "rsvp.yml", profile: "profile.yml", post: "post.yml" }[kind] || "member.yml");
    if (kind === "rsvp" && occ && occ.value) { url += "&event=" + encodeURIComponent(occ.value.split("|")[0]); }
    document.getElementById("cy-rq-issue").href = url;
  }

  function problem(kind, name, value) {
    var s = schemaOf(kind, name);
    if (!value) { return REQUIRED[kind].indexOf(name) >= 0 ? text.required : ""; }
    var values = s.type === "array" ? value.split(/[,，、]/).map(function (v) { return v.trim(); }).filter(Boolean) : [value];
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
  function check(kind, name, input, msg) {
    var p = problem(kind, name, input.value.trim());
    msg.textContent = p;
    input.setAttribute("aria-invalid", p ? "true" : "false");
    return !p;
  }

  function hex(buf) {
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var kind = kindSel.value, ok = true, pairs = [["kind", kind]];
    LAYOUT[kind].forEach(function (spec) {
      var name = spec[0], input = document.getElementById("cy-rq-f-" + name);
      if (!check(kind, name, input, document.getElementById("cy-rq-f-" + name + "-error"))) { ok = false; }
      var value = input.value.trim().replace(/\s*\n\s*/g, " ");
      if (!value) { return; }
      if (name === "occurrence") {
        var parts = value.split("|");
        pairs.push(["event", parts[0]]);
        pairs.push(["date", parts[1]]);
      } else {
        pairs.push([name, value]);
      }
    });
    var from = document.getElementById("cy-rq-from").value.trim();
    if (from) { pairs.push(["from", from]); }
    if (!ok) { document.getElementById("cy-rq-out").hidden = true; return; }
    if (!(window.crypto && window.crypto.subtle)) { alert(text.no_crypto); return; }
    var body = pairs.map(function (p) { return p[0] + "=" + p[1]; }).join("\n");
    window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)).then(function (d) {
      var lines = ["#院子申请"].concat(pairs.map(function (p) { return p[0] + ": " + p[1]; }));
      lines.push("check: " + hex(d).slice(0, 8));
      document.getElementById("cy-rq-text").value = lines.join("\n") + "\n";
      document.getElementById("cy-rq-out").hidden = false;
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

  kindSel.addEventListener("change", render);
  var wanted = new URLSearchParams(window.location.search);
  if (wanted.get("kind") && LAYOUT[wanted.get("kind")]) { kindSel.value = wanted.get("kind"); }
  render();
  if (wanted.get("event")) {
    var occ = document.getElementById("cy-rq-f-occurrence");
    var first = data.occurrences.filter(function (o) { return o.event === wanted.get("event"); })[0];
    if (occ && first) { occ.value = first.event + "|" + first.date; github(); }
  }
}());
