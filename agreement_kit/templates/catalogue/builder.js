/* agreement-kit parameter-file builder: a document, the parties, the scope, the draft and
   an option (with parameters and a position) per clause -> the YAML `agreement-kit draft`
   accepts, checked against the JSON Schema embedded in the page. Library text is put into
   the page with textContent only. */
(function () {
  "use strict";
  var S = window.AKSchema;
  var schema = JSON.parse(document.getElementById("ak-schema").textContent);
  var data = JSON.parse(document.getElementById("ak-builder-data").textContent);
  var form = document.getElementById("builder");
  var docSelect = document.getElementById("document");
  var clauseBox = document.getElementById("clause-fields");
  var yamlOut = document.getElementById("yaml-out");
  var download = document.getElementById("download");
  var validity = document.getElementById("validity");
  var errorList = document.getElementById("errors");
  var bar = document.getElementById("summary-bar");
  var counts = document.getElementById("summary-counts");
  var belowBox = document.getElementById("below-floor");
  var docs = {};
  data.documents.forEach(function (d) { docs[d.id] = d; });
  var current = null;   /* the chosen document's slots, with their inputs */
  var valid = false;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) { node.setAttribute(k, attrs[k] === true ? "" : attrs[k]); }
    });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function badge(level) {
    var span = el("span", { "class": "level level-" + level });
    span.appendChild(el("span", { "class": "level-word" }, data.levelWords[level] || level));
    return span;
  }
  function field(label, input, id) {
    var box = el("div", { "class": "field" });
    box.appendChild(el("label", { "for": id }, label));
    box.appendChild(input);
    return box;
  }

  /* --- clause fields ------------------------------------------------------------------ */
  function paramInput(p, id) {
    var input;
    if (p.type === "enum") {
      input = el("select", { id: id });
      p.values.forEach(function (v) { input.appendChild(el("option", { value: v, selected: v === p["default"] }, v)); });
      return { node: field(p.name, input, id), read: function () { return input.value; } };
    }
    if (p.type === "boolean") {
      input = el("input", { type: "checkbox", id: id, checked: p["default"] === true });
      var box = el("div", { "class": "field" });
      var label = el("label", { "for": id });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + p.name));
      box.appendChild(label);
      return { node: box, read: function () { return input.checked; } };
    }
    if (p.type === "list" && p.values.length) {
      var set = el("fieldset", { "class": "inline" });
      set.appendChild(el("legend", {}, p.name));
      var ul = el("ul", { "class": "checks" });
      var boxes = p.values.map(function (v, i) {
        var cb = el("input", { type: "checkbox", id: id + "-" + i, value: v,
                               checked: (p["default"] || []).indexOf(v) >= 0 });
        var li = el("li");
        var lab = el("label", { "for": id + "-" + i });
        lab.appendChild(cb);
        lab.appendChild(document.createTextNode(" " + v));
        li.appendChild(lab);
        ul.appendChild(li);
        return cb;
      });
      set.appendChild(ul);
      return { node: set, read: function () { return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }); } };
    }
    if (p.type === "list") {
      input = el("input", { id: id, value: (p["default"] || []).join("; ") });
      return { node: field(p.name + " (separate with semicolons)", input, id), read: function () {
        return input.value.split(";").map(function (x) { return x.trim(); }).filter(Boolean);
      } };
    }
    var attrs = { id: id };
    if (p.type === "integer" || p.type === "number") {
      attrs.type = "number";
      attrs.step = p.type === "integer" ? "1" : "any";
      if (p.min !== null) { attrs.min = p.min; }
      if (p.max !== null) { attrs.max = p.max; }
    } else if (p.type === "date") {
      attrs.type = "date";
    }
    attrs.value = p["default"] === null || p["default"] === undefined ? "" : String(p["default"]);
    input = el("input", attrs);
    return { node: field(p.name, input, id), read: function () {
      var raw = input.value.trim();
      if (raw === "") { return undefined; }
      if (p.type === "integer" || p.type === "number") { var n = Number(raw); return isNaN(n) ? raw : n; }
      if (p.type === "date") { return new S.YDate(raw); }
      return input.value;
    } };
  }

  function buildClauses(doc) {
    clauseBox.textContent = "";
    current = doc.slots.map(function (slot, i) {
      var id = "clause-" + i;
      var box = el("div", { "class": "clause", id: id, "data-slot": slot.name });
      var h = el("h3", { id: id + "-title" });
      var link = el("a", { href: slot.url }, slot.title);
      h.appendChild(link);
      h.appendChild(el("code", { "class": "key" }, slot.name));
      var live = el("span", { "class": "live-level", "aria-live": "polite" });
      h.appendChild(live);
      box.appendChild(h);
      if (slot.when) { box.appendChild(el("p", { "class": "condition" }, "Drafted only when " + slot.when + ".")); }
      var row = el("div", { "class": "row" });
      var select = el("select", { id: id + "-option", "data-role": "option" });
      slot.options.forEach(function (o) {
        select.appendChild(el("option", { value: o.id, selected: o.id === slot["default"] },
          o.label + " \u2014 " + (data.levelWords[o.level] || o.level) + (o.id === slot["default"] ? " (default)" : "")));
      });
      row.appendChild(field("Option", select, id + "-option"));
      var params = slot.params.map(function (p, k) {
        var made = paramInput(p, id + "-p" + k);
        row.appendChild(made.node);
        return { spec: p, read: made.read };
      });
      box.appendChild(row);
      var det = el("details");
      det.appendChild(el("summary", {}, "Negotiating position"));
      var fbSet = el("fieldset", { "class": "inline" });
      fbSet.appendChild(el("legend", {}, "Fallbacks (written strongest first)"));
      var fbList = el("ul", { "class": "checks" });
      var fallbacks = slot.options.map(function (o, k) {
        var cb = el("input", { type: "checkbox", id: id + "-fb" + k, value: o.id });
        var li = el("li");
        var lab = el("label", { "for": id + "-fb" + k });
        lab.appendChild(cb);
        lab.appendChild(document.createTextNode(" " + o.label + " (" + (data.levelWords[o.level] || o.level) + ")"));
        li.appendChild(lab);
        fbList.appendChild(li);
        return { input: cb, option: o, rank: data.levels.indexOf(o.level), order: k, li: li };
      });
      fbSet.appendChild(fbList);
      det.appendChild(fbSet);
      var walk = el("select", { id: id + "-walk" });
      walk.appendChild(el("option", { value: "" }, "\u2014 none \u2014"));
      slot.options.forEach(function (o) { walk.appendChild(el("option", { value: o.id }, o.label)); });
      det.appendChild(field("Walk-away (the weakest acceptable option)", walk, id + "-walk"));
      box.appendChild(det);
      clauseBox.appendChild(box);
      return { slot: slot, box: box, select: select, params: params, fallbacks: fallbacks, walk: walk, live: live };
    });
  }

  /* --- the parameter file ------------------------------------------------------------- */
  function text(id) { var v = document.getElementById(id).value.trim(); return v === "" ? undefined : v; }
  function whole(id) {
    var raw = document.getElementById(id).value.trim();
    if (raw === "") { return undefined; }
    var n = Number(raw);
    return isNaN(n) ? raw : n;
  }
  function compact(obj) {
    var out = {};
    Object.keys(obj).forEach(function (k) { if (obj[k] !== undefined) { out[k] = obj[k]; } });
    return out;
  }
  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[name='" + name + "']"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }
  function party(side) {
    return compact({ country: text(side + "-country"), short: text(side + "-short"), authority: text(side + "-authority") });
  }

  function clauseEntry(c) {
    var option = c.select.value;
    var entry = { option: option };
    var changed = option !== c.slot["default"];
    var extra = false;
    c.params.forEach(function (p) {
      var v = p.read();
      var dflt = p.spec["default"];
      var same = v === undefined || JSON.stringify(v instanceof S.YDate ? v.text : v) === JSON.stringify(dflt);
      if (!same) { entry[p.spec.name] = v; extra = true; }
    });
    var fb = c.fallbacks.filter(function (f) { return f.input.checked && f.option.id !== option; })
      .sort(function (a, b) { return b.rank - a.rank || b.order - a.order; })
      .map(function (f) { return f.option.id; });
    if (fb.length) { entry.fallback = fb; extra = true; }
    if (c.walk.value) { entry.walk_away = c.walk.value; extra = true; }
    if (!changed && !extra) { return undefined; }
    return extra ? entry : option;
  }

  function build() {
    var doc = docs[docSelect.value];
    var clauses = {};
    current.forEach(function (c) {
      var entry = clauseEntry(c);
      if (entry !== undefined) { clauses[c.slot.name] = entry; }
    });
    var scope = compact({
      sectors: checked("sector").length ? checked("sector") : undefined,
      occupations: (function () {
        var list = (text("occupations") || "").split(";").map(function (x) { return x.trim(); }).filter(Boolean);
        return list.length ? list : undefined;
      }()),
      annual_quota: whole("annual_quota"),
      duration_years: whole("duration_years")
    });
    var date = text("draft-date");
    var params = { document: doc.id, languages: checked("language") };
    params.parties = { origin: party("origin"), destination: party("destination") };
    if (Object.keys(scope).length) { params.scope = scope; }
    params.clauses = clauses;
    params.draft = compact({ version: text("draft-version"), date: date === undefined ? undefined : new S.YDate(date),
                             status: text("draft-status"), place_of_signature: text("draft-place") });
    return params;
  }

  /* --- summary, validation, download -------------------------------------------------- */
  function summarise() {
    var tally = {};
    data.levels.forEach(function (l) { tally[l] = 0; });
    var below = [];
    current.forEach(function (c) {
      var opt = c.slot.options.filter(function (o) { return o.id === c.select.value; })[0];
      tally[opt.level] += 1;
      data.levels.forEach(function (l) { c.box.classList.remove("lvl-" + l); });
      c.box.classList.add("lvl-" + opt.level);
      c.live.textContent = "";
      c.live.appendChild(badge(opt.level));
      c.fallbacks.forEach(function (f) { f.li.hidden = f.option.id === opt.id; });
      if (opt.level === "below-floor") { below.push(c); }
    });
    var total = current.length || 1;
    bar.textContent = "";
    var words = [];
    counts.textContent = "";
    data.levels.forEach(function (l) {
      if (tally[l]) {
        bar.appendChild(el("span", { "class": "seg-" + l, style: "width:" + (100 * tally[l] / total).toFixed(3) + "%" }));
      }
      words.push(tally[l] + " " + (data.levelWords[l] || l));
      var li = el("li", { "class": l === "below-floor" && tally[l] ? "alert" : null, "data-level": l });
      li.appendChild(badge(l));
      li.appendChild(el("span", { "class": "count" }, String(tally[l])));
      counts.appendChild(li);
    });
    bar.setAttribute("aria-label", "Clauses by protection level: " + words.join(", "));
    belowBox.textContent = "";
    belowBox.hidden = below.length === 0;
    if (below.length) {
      belowBox.appendChild(el("p", {}, below.length + " clause(s) below the international floor; `agreement-kit draft --strict` refuses them:"));
      var ul = el("ul");
      below.forEach(function (c) {
        var li = el("li");
        li.appendChild(el("a", { href: "#" + c.box.id }, c.slot.title));
        ul.appendChild(li);
      });
      belowBox.appendChild(ul);
    }
  }

  function refresh() {
    var params = build();
    var errors = S.validate(schema, params);
    var yaml = S.toYAML(params, ["Parameter file written by the agreement-kit catalogue builder (library " + data.version + ").",
                                 "Check it: agreement-kit validate FILE; draft it: agreement-kit draft FILE -o out"]);
    yamlOut.value = yaml;
    valid = errors.length === 0;
    errorList.textContent = "";
    errors.slice(0, 30).forEach(function (err) {
      errorList.appendChild(el("li", {}, (err.path || "(file)") + ": " + err.message));
    });
    validity.className = "validity " + (valid ? "ok" : "bad");
    validity.textContent = valid ? "Valid against the parameter-file schema." :
      errors.length + " problem(s) to fix before downloading:";
    download.setAttribute("download", params.document + ".yaml");
    download.textContent = "Download " + params.document + ".yaml";
    download.setAttribute("aria-disabled", valid ? "false" : "true");
    download.setAttribute("href", valid ? "data:application/yaml;charset=utf-8," + encodeURIComponent(yaml) : "#");
    summarise();
  }

  download.addEventListener("click", function (ev) { if (!valid) { ev.preventDefault(); } });
  docSelect.addEventListener("change", function () { buildClauses(docs[docSelect.value]); refresh(); });
  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });

  var wanted = new URLSearchParams(window.location.search).get("document");
  if (wanted && docs[wanted]) { docSelect.value = wanted; }
  buildClauses(docs[docSelect.value]);
  refresh();
  window.AKBuilder = { build: build, refresh: refresh, validate: function (v) { return S.validate(schema, v); } };
}());
