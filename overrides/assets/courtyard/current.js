/* Courtyard: what the build decided with its date, corrected with the reader's clock.
 *
 * The site is rebuilt every night, but a page can be older than that (a cached copy, a
 * host that missed a night). The page says the date it is true for
 * (p[data-cy-today], in the charter's time zone, data-cy-tz); when the reader's date in
 * that zone is later, this script
 *   - moves events that have ended (li[data-cy-end], an ISO date-time) from the
 *     "upcoming" list to the top of the "past" list (or removes them when there is none),
 *   - removes posts past their expiry date (li[data-cy-expires], YYYY-MM-DD),
 *   - hides what is only true until a date (data-cy-until: e.g. how to RSVP),
 *   - and says so under the as-of line.
 * Without JavaScript the page stays as built: progressive enhancement, nothing else. */
(function () {
  "use strict";
  var note = document.querySelector("p[data-cy-today]");
  if (!note || !window.Intl) return;
  var built = note.getAttribute("data-cy-today");
  var zone = note.getAttribute("data-cy-tz") || "UTC";

  /* "YYYY-MM-DD HH:MM" of a moment in the charter's zone (strings compare as times) */
  function local(moment) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(moment).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute;
  }

  var today;
  try { today = local(new Date()).slice(0, 10); } catch (e) { return; }
  if (today <= built) return;
  var midnight = today + " 00:00";
  var changed = false;

  document.querySelectorAll("ul[data-cy-list='upcoming']").forEach(function (upcoming) {
    var past = document.querySelector("ul[data-cy-list='past']");
    Array.prototype.slice.call(upcoming.querySelectorAll("li[data-cy-end]")).forEach(function (li) {
      var end = new Date(li.getAttribute("data-cy-end"));
      if (isNaN(end) || local(end) > midnight) return;
      changed = true;
      if (past) {
        past.insertBefore(li, past.firstChild);
        past.hidden = false;
        var none = document.querySelector("p[data-cy-none='past']");
        if (none) none.hidden = true;
      } else {
        li.remove();
      }
    });
    if (!upcoming.querySelector("li")) {
      upcoming.hidden = true;
      var empty = document.querySelector("p[data-cy-none='upcoming']");
      if (empty) empty.hidden = false;
    }
  });

  document.querySelectorAll("[data-cy-expires]").forEach(function (item) {
    if (item.getAttribute("data-cy-expires") < today) { item.remove(); changed = true; }
  });

  document.querySelectorAll("[data-cy-until]").forEach(function (item) {
    if (item.getAttribute("data-cy-until") < today) { item.hidden = true; changed = true; }
  });

  if (changed) {
    var live = document.createElement("span");
    live.className = "cy-asof-live";
    live.textContent = " " + note.getAttribute("data-cy-live").replace("{date}", today);
    note.appendChild(live);
  }
})();
