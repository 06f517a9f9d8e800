/* Courtyard: draw the referral tree with the vendored Mermaid (no CDN). The diagram source is
   generated with labels reduced to letters, digits and a few separators; "strict" keeps
   Mermaid from running anything found in a label. */
(function () {
  "use strict";
  function draw() {
    if (typeof window.mermaid === "undefined") return;
    var nodes = document.querySelectorAll("pre.cy-mermaid:not([data-processed])");
    if (!nodes.length) return;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict",
                                flowchart: { htmlLabels: false, useMaxWidth: false } });
    window.mermaid.run({ nodes: nodes });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
