/* agreement-kit clause catalogue: search and filters on the index page, and the
   #slot/option hash router. Works from file://: the index is a script (search-index.js)
   that sets window.AK_SEARCH; nothing is fetched. Library text is never inserted as HTML. */
(function () {
  "use strict";

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var data = window.AK_SEARCH;
  if (!data) { return; }
  var slots = data.slots;
  var byKey = {};
  var byId = {};
  slots.forEach(function (s) {
    byKey[s.k] = s;
    (byId[s.id] = byId[s.id] || []).push(s);
    s.head = fold([s.t, s.p, s.k].join(" "));
    s.o.forEach(function (o) { o.text = fold(o.id + " " + o.x); });
  });

  /* #slot/recruitment-costs/employer-pays or #slot/bla/recruitment-costs -> the slot page */
  function route() {
    var m = /^#slot\/(.+)$/.exec(window.location.hash);
    if (!m) { return false; }
    var parts = decodeURIComponent(m[1]).split("/");
    var slot = null;
    var option = "";
    if (parts.length >= 2 && byKey[parts[0] + "/" + parts[1]]) {
      slot = byKey[parts[0] + "/" + parts[1]];
      option = parts[2] || "";
    } else if (byId[parts[0]] && byId[parts[0]].length === 1) {
      slot = byId[parts[0]][0];
      option = parts[1] || "";
    }
    if (!slot) { return false; }
    var known = slot.o.some(function (o) { return o.id === option; });
    window.location.replace(slot.u + (known ? "#" + option : ""));
    return true;
  }
  window.addEventListener("hashchange", route);
  if (route()) { return; }

  var form = document.getElementById("search-form");
  if (!form) { return; }
  var q = document.getElementById("q");
  var fDoc = document.getElementById("f-document");
  var fFam = document.getElementById("f-family");
  var fLvl = document.getElementById("f-level");
  var fInst = document.getElementById("f-instrument");
  var status = document.getElementById("search-status");
  var none = document.getElementById("no-results");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.slot[data-slot]"));
  var families = Array.prototype.slice.call(document.querySelectorAll("section.family"));

  function optionMatches(o, words, level, inst) {
    if (level && o.v !== level) { return false; }
    if (inst && o.i.indexOf(inst) < 0) { return false; }
    return true;
  }

  function apply() {
    var words = fold(q.value).split(/\s+/).filter(Boolean);
    var doc = fDoc.value, fam = fFam.value, level = fLvl.value, inst = fInst.value;
    var filtering = words.length || level || inst;
    var shown = 0;
    var shownOptions = 0;
    items.forEach(function (li) {
      var s = byKey[li.getAttribute("data-slot")];
      var ok = !!s && (!doc || s.d.indexOf(doc) >= 0) && (!fam || s.f === fam);
      var matching = {};
      if (ok) {
        var any = false;
        s.o.forEach(function (o) {
          if (!optionMatches(o, words, level, inst)) { return; }
          var all = words.every(function (w) { return s.head.indexOf(w) >= 0 || o.text.indexOf(w) >= 0; });
          if (all) { matching[o.id] = true; any = true; }
        });
        ok = any;
      }
      li.hidden = !ok;
      Array.prototype.forEach.call(li.querySelectorAll("li[data-option]"), function (opt) {
        var hit = !!matching[opt.getAttribute("data-option")];
        opt.classList.toggle("match", !!filtering && hit);
        opt.hidden = !!(level || inst) && !hit;
        if (ok && !opt.hidden) { shownOptions += 1; }
      });
      if (ok) { shown += 1; }
    });
    families.forEach(function (sec) {
      sec.hidden = !sec.querySelector("li.slot:not([hidden])");
    });
    none.hidden = shown > 0;
    status.textContent = (doc || fam || filtering)
      ? shown + " of " + items.length + " clause slots match (" + shownOptions + " options shown)."
      : items.length + " clause slots.";
    var params = new URLSearchParams();
    if (q.value) { params.set("q", q.value); }
    if (doc) { params.set("document", doc); }
    if (fam) { params.set("family", fam); }
    if (level) { params.set("level", level); }
    if (inst) { params.set("instrument", inst); }
    var search = params.toString();
    if (window.history && window.history.replaceState && window.location.protocol !== "file:") {
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    }
  }

  /* filters from the address: index.html?q=fees&level=below-floor */
  var given = new URLSearchParams(window.location.search);
  if (given.get("q")) { q.value = given.get("q"); }
  [[fDoc, "document"], [fFam, "family"], [fLvl, "level"], [fInst, "instrument"]].forEach(function (pair) {
    var v = given.get(pair[1]);
    if (v && Array.prototype.some.call(pair[0].options, function (o) { return o.value === v; })) {
      pair[0].value = v;
    }
  });

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
}());
