/* agreement-kit: a small JSON Schema validator for the subset of draft 2020-12 that
   `agreement-kit schema` uses (type, enum, const, properties, required,
   additionalProperties, minimum/maximum and their exclusive forms, minLength/maxLength,
   pattern, format "date", items, minItems/maxItems, uniqueItems, allOf/anyOf/oneOf/not,
   if/then/else, $ref into the same document), and the YAML writer of parameter files.
   No dependencies; runs in a browser (window.AKSchema) and in Node (module.exports). */
(function (root) {
  "use strict";

  /* A date typed into the builder: validated as its YYYY-MM-DD text, written to YAML
     unquoted so that YAML reads it as a date. */
  function YDate(text) { this.text = String(text); }
  YDate.prototype.toString = function () { return this.text; };

  function plain(v) { return v instanceof YDate ? v.text : v; }
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof YDate); }

  function typeOf(v) {
    v = plain(v);
    if (v === null) { return "null"; }
    if (Array.isArray(v)) { return "array"; }
    if (typeof v === "number") { return Number.isInteger(v) ? "integer" : "number"; }
    return typeof v;  /* string, boolean, object, undefined */
  }

  function hasType(v, t) {
    var actual = typeOf(v);
    if (t === "number") { return (actual === "number" || actual === "integer") && isFinite(plain(v)); }
    return actual === t;
  }

  function equal(a, b) {
    a = plain(a); b = plain(b);
    if (a === b) { return true; }
    if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") { return false; }
    if (Array.isArray(a) !== Array.isArray(b)) { return false; }
    if (Array.isArray(a)) {
      return a.length === b.length && a.every(function (x, i) { return equal(x, b[i]); });
    }
    var ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    return equal(ka, kb) && ka.every(function (k) { return equal(a[k], b[k]); });
  }

  function shown(v) {
    v = plain(v);
    if (typeof v === "string") { return "'" + v + "'"; }
    try { return JSON.stringify(v); } catch (e) { return String(v); }
  }

  function validDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) { return false; }
    var y = +m[1], mo = +m[2], d = +m[3];
    var dt = new Date(Date.UTC(y, mo - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
  }

  var patterns = {};
  function regex(p) {
    if (!(p in patterns)) {
      try { patterns[p] = new RegExp(p, "u"); } catch (e) {
        try { patterns[p] = new RegExp(p); } catch (e2) { patterns[p] = null; }
      }
    }
    return patterns[p];
  }

  function Validator(schema) { this.root = schema; }

  Validator.prototype.resolve = function (ref) {
    if (ref.charAt(0) !== "#") { throw new Error("only references inside the schema are supported: " + ref); }
    var node = this.root;
    ref.slice(1).split("/").filter(Boolean).forEach(function (part) {
      part = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
      node = node === undefined ? undefined : node[part];
    });
    if (node === undefined) { throw new Error("the schema has no " + ref); }
    return node;
  };

  Validator.prototype.valid = function (schema, v) {
    var errors = [];
    this.check(schema, v, [], errors);
    return errors.length === 0;
  };

  Validator.prototype.check = function (s, v, path, errors) {
    var self = this;
    function fail(message, at) { errors.push({ path: (at || path).slice(), message: message }); }
    if (s === true || s === undefined) { return; }
    if (s === false) { fail("is not allowed"); return; }
    if (s.$ref) { this.check(this.resolve(s.$ref), v, path, errors); }
    if (s.type !== undefined) {
      var types = Array.isArray(s.type) ? s.type : [s.type];
      if (!types.some(function (t) { return hasType(v, t); })) {
        fail("must be " + types.map(function (t) { return t === "integer" ? "a whole number" : t === "null" ? "empty" : "a " + t; }).join(" or ") + " (given: " + shown(v) + ")");
        return;
      }
    }
    if (s.enum !== undefined && !s.enum.some(function (x) { return equal(x, v); })) {
      fail(shown(v) + " is not allowed; allowed: " + s.enum.map(shown).join(", "));
    }
    if (s.const !== undefined && !equal(s.const, v)) { fail("must be " + shown(s.const)); }
    var pv = plain(v);
    if (typeof pv === "string") {
      var length = Array.from(pv).length;
      if (s.maxLength !== undefined && length > s.maxLength) { fail("is longer than " + s.maxLength + " characters"); }
      if (s.minLength !== undefined && length < s.minLength) { fail("is shorter than " + s.minLength + " characters"); }
      if (s.pattern !== undefined) {
        var re = regex(s.pattern);
        if (re && !re.test(pv)) { fail(shown(pv) + " does not have the expected form (" + s.pattern + ")"); }
      }
      if (s.format === "date" && !validDate(pv)) { fail(shown(pv) + " is not a date written YYYY-MM-DD"); }
    }
    if (typeof pv === "number") {
      if (s.minimum !== undefined && pv < s.minimum) { fail("must be at least " + s.minimum + " (given: " + pv + ")"); }
      if (s.maximum !== undefined && pv > s.maximum) { fail("must be at most " + s.maximum + " (given: " + pv + ")"); }
      if (s.exclusiveMinimum !== undefined && pv <= s.exclusiveMinimum) { fail("must be more than " + s.exclusiveMinimum); }
      if (s.exclusiveMaximum !== undefined && pv >= s.exclusiveMaximum) { fail("must be less than " + s.exclusiveMaximum); }
    }
    if (Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems) { fail("needs at least " + s.minItems + " item(s)"); }
      if (s.maxItems !== undefined && v.length > s.maxItems) { fail("has more than " + s.maxItems + " items"); }
      if (s.uniqueItems) {
        for (var i = 0; i < v.length; i++) {
          for (var j = 0; j < i; j++) {
            if (equal(v[i], v[j])) { fail("lists " + shown(v[i]) + " twice"); i = v.length; break; }
          }
        }
      }
      if (s.items !== undefined) {
        v.forEach(function (item, k) { self.check(s.items, item, path.concat([k]), errors); });
      }
    }
    if (isObject(v)) {
      (s.required || []).forEach(function (name) {
        if (!Object.prototype.hasOwnProperty.call(v, name)) { fail("is required", path.concat([name])); }
      });
      var props = s.properties || {};
      Object.keys(v).forEach(function (name) {
        if (Object.prototype.hasOwnProperty.call(props, name)) {
          self.check(props[name], v[name], path.concat([name]), errors);
        } else if (s.additionalProperties === false) {
          fail("is not allowed here" + (Object.keys(props).length ? "; allowed: " + Object.keys(props).slice(0, 12).join(", ") + (Object.keys(props).length > 12 ? ", ..." : "") : ""), path.concat([name]));
        } else if (s.additionalProperties !== undefined) {
          self.check(s.additionalProperties, v[name], path.concat([name]), errors);
        }
      });
    }
    (s.allOf || []).forEach(function (sub) { self.check(sub, v, path, errors); });
    if (s.anyOf) { this.branches(s.anyOf, v, path, errors, false); }
    if (s.oneOf) { this.branches(s.oneOf, v, path, errors, true); }
    if (s.not !== undefined && this.valid(s.not, v)) { fail("is given in a form that is not allowed here"); }
    if (s["if"] !== undefined) {
      if (this.valid(s["if"], v)) {
        if (s.then !== undefined) { this.check(s.then, v, path, errors); }
      } else if (s["else"] !== undefined) {
        this.check(s["else"], v, path, errors);
      }
    }
  };

  /* anyOf / oneOf: valid when one (oneOf: exactly one) branch is; otherwise the errors of
     the branch that got furthest (its errors lie deepest), which is the most useful. */
  Validator.prototype.branches = function (list, v, path, errors, exactlyOne) {
    var self = this;
    var results = list.map(function (sub) { var errs = []; self.check(sub, v, path, errs); return errs; });
    var passed = results.filter(function (r) { return r.length === 0; }).length;
    if (exactlyOne ? passed === 1 : passed > 0) { return; }
    if (passed > 1) { errors.push({ path: path.slice(), message: "matches more than one of the allowed forms" }); return; }
    var best = results.slice().sort(function (a, b) {
      var da = Math.max.apply(null, a.map(function (e) { return e.path.length; }));
      var db = Math.max.apply(null, b.map(function (e) { return e.path.length; }));
      return db - da || a.length - b.length;
    })[0];
    best.forEach(function (e) { errors.push(e); });
  };

  function validate(schema, instance) {
    var errors = [];
    new Validator(schema).check(schema, instance, [], errors);
    return errors.map(function (e) {
      return { path: e.path.join("."), message: e.message };
    });
  }

  /* --- YAML ------------------------------------------------------------------------ */
  var RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;

  function quote(text) {
    var out = "\"";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var code = text.charCodeAt(i);
      if (c === "\\" || c === "\"") { out += "\\" + c; }
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length &&
               text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
        out += c + text.charAt(i + 1); i += 1;
      } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 ||
                 code === 0xfeff || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) {
        out += "\\u" + ("0000" + code.toString(16)).slice(-4);
      } else { out += c; }
    }
    return out + "\"";
  }

  function key(k) {
    return /^[A-Za-z_][A-Za-z0-9_\-\/]*$/.test(k) && !RESERVED.test(k) ? k : quote(k);
  }

  function scalar(v) {
    if (v instanceof YDate) { return validDate(v.text) ? v.text : quote(v.text); }
    if (v === null || v === undefined) { return "null"; }
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (typeof v === "number") { return isFinite(v) ? String(v) : quote(String(v)); }
    /* ids, option names, codes: written plain where YAML cannot read them as anything else */
    if (/^[A-Za-z][A-Za-z0-9_\-\/.]*$/.test(v) && !RESERVED.test(v)) { return String(v); }
    return quote(String(v));
  }

  function isScalar(v) { return v === null || v instanceof YDate || typeof v !== "object"; }

  function lines(v, indent) {
    var pad = new Array(indent + 1).join(" ");
    var out = [];
    if (Array.isArray(v)) {
      v.forEach(function (item) {
        if (isScalar(item)) { out.push(pad + "- " + scalar(item)); }
        else {
          var inner = lines(item, indent + 2);
          out.push(pad + "- " + inner[0].replace(/^\s+/, ""));
          out = out.concat(inner.slice(1));
        }
      });
      return out;
    }
    Object.keys(v).forEach(function (k) {
      var item = v[k];
      if (isScalar(item)) { out.push(pad + key(k) + ": " + scalar(item)); }
      else if (Array.isArray(item) && item.every(isScalar)) {
        out.push(pad + key(k) + ": [" + item.map(scalar).join(", ") + "]");
      } else if (!Array.isArray(item) && Object.keys(item).length === 0) {
        out.push(pad + key(k) + ": {}");
      } else {
        out.push(pad + key(k) + ":");
        out = out.concat(lines(item, indent + 2));
      }
    });
    return out;
  }

  function toYAML(value, header) {
    var head = (header || []).map(function (h) { return "# " + h.replace(/[\r\n]+/g, " "); });
    return head.concat(lines(value, 0)).join("\n") + "\n";
  }

  var api = { validate: validate, toYAML: toYAML, YDate: YDate, quote: quote };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
  else { root.AKSchema = api; }
}(this));
