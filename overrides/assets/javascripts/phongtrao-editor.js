// The form editor of /sua-du-lieu/: an official updates their unit's file without writing YAML.
//
// - The form is drawn from the unit JSON Schema the checker uses (mau.json): a field added to the
//   schema appears here; “x-lua-chon” fields choose from the plan's criteria, the locality's report
//   periods, the indicators…; “readOnly” fields (id, locality, plan, maintainers) are shown, not edited.
// - The file is edited as a YAML document (library yaml): only the values the official changed are
//   written, every comment and every other line stays as it was.
// - Before anything is sent, the new file is read back and checked against the same schema
//   (@cfworker/json-schema, no eval: it runs under the site's CSP); messages are in Vietnamese.
// - Sending: a pull request through GitHub's API (a fork when the official cannot push), with a token
//   kept in this tab only, or through a local backend (tests, `make edit`); or copy + GitHub's editor.
// Everything shown comes from data and is put in the page as text (textContent), never as HTML.
(function () {
  "use strict";
  var L = window.PhongTraoLibs;
  var TOKEN_KEY = "phongtrao-github-token";

  // ------------------------------------------------------------------ small helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "on") Object.keys(v).forEach(function (e) { node.addEventListener(e, v[e]); });
      else if (k in node && typeof v !== "string") node[k] = v;
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function clone(v) { return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); }
  function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isoDay(d) { return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()); }
  function today() { var d = new Date(); return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function viDate(iso) { var p = String(iso).split("-"); return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : String(iso); }
  function pathId(path) { return "pt-f-" + path.join("-").replace(/[^A-Za-z0-9_-]/g, "_"); }
  function types(node) { return [].concat(node && node.type || []); }

  // YAML → plain JSON values (dates as NĂM-THÁNG-NGÀY text, as the schema's "format": "date" reads them)
  function plain(v) {
    if (v instanceof Date) return isoDay(v);
    if (Array.isArray(v)) return v.map(plain);
    if (isObj(v)) { var o = {}; Object.keys(v).forEach(function (k) { o[k] = plain(v[k]); }); return o; }
    return v;
  }
  // plain JSON value → what the YAML document is given: a date field gets a Date (written unquoted)
  function yamlValue(v, node) {
    node = node || {};
    if (node.format === "date" && typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(v + "T00:00:00Z");
    if (Array.isArray(v)) return v.map(function (x) { return yamlValue(x, node.items); });
    if (isObj(v)) {
      var o = {}, order = Object.keys(node.properties || {});
      // new entries get their keys in the schema's order (period before submitted), as files have them
      Object.keys(v).sort(function (a, b) {
        var x = order.indexOf(a), y = order.indexOf(b);
        return (x < 0 ? order.length : x) - (y < 0 ? order.length : y);
      }).forEach(function (k) {
        var sub = (node.properties || {})[k] || (isObj(node.additionalProperties) ? node.additionalProperties : {});
        o[k] = yamlValue(v[k], sub);
      });
      return o;
    }
    return v;
  }
  function sameValue(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // ------------------------------------------------------------------ writing the changes into the document

  var ORIGIN = "__pt_origin";   // index an array item had in the file (new items have none)

  function tagOrigins(data) {
    Object.keys(data).forEach(function (k) {
      if (Array.isArray(data[k])) data[k].forEach(function (item, i) {
        if (isObj(item)) Object.defineProperty(item, ORIGIN, { value: i, enumerable: false, writable: true });
      });
    });
  }

  function apply(doc, path, before, after, node) {
    node = node || {};
    if (isObj(before) && isObj(after)) {
      Object.keys(before).forEach(function (k) { if (!(k in after)) doc.deleteIn(path.concat([k])); });
      Object.keys(after).forEach(function (k) {
        var sub = (node.properties || {})[k] || (isObj(node.additionalProperties) ? node.additionalProperties : {});
        if (k in before) apply(doc, path.concat([k]), before[k], after[k], sub);
        else doc.setIn(path.concat([k]), doc.createNode(yamlValue(after[k], sub)));
      });
      return;
    }
    var seq = doc.getIn(path, true);
    if (Array.isArray(before) && Array.isArray(after) && !before.length && seq && seq.flow) {
      // `progress: []` as make new-unit writes it: the first items get a block list, not [ {…} ]
      if (after.length) doc.setIn(path, doc.createNode(yamlValue(after, node)));
      return;
    }
    if (Array.isArray(before) && Array.isArray(after) && seq && L.YAML.isSeq(seq)) {
      var kept = after.filter(function (x) { return isObj(x) && typeof x[ORIGIN] === "number"; }).map(function (x) { return x[ORIGIN]; });
      var tracked = after.some(function (x) { return isObj(x); }) || before.some(function (x) { return isObj(x); });
      if (!tracked) {   // a list of plain values (links, accounts): compare by position
        var n = Math.min(before.length, after.length), i;
        for (i = 0; i < n; i++) apply(doc, path.concat([i]), before[i], after[i], node.items);
        for (i = before.length - 1; i >= after.length; i--) doc.deleteIn(path.concat([i]));
        for (i = before.length; i < after.length; i++) doc.addIn(path, doc.createNode(yamlValue(after[i], node.items)));
        return;
      }
      for (var j = before.length - 1; j >= 0; j--) if (kept.indexOf(j) < 0) doc.deleteIn(path.concat([j]));
      var position = 0;
      after.forEach(function (item) {
        if (isObj(item) && typeof item[ORIGIN] === "number") {
          apply(doc, path.concat([position]), before[item[ORIGIN]], item, node.items);
          position += 1;
        }
      });
      after.forEach(function (item) {
        if (!(isObj(item) && typeof item[ORIGIN] === "number")) doc.addIn(path, doc.createNode(yamlValue(item, node.items)));
      });
      return;
    }
    if (sameValue(before, after)) return;
    doc.setIn(path, yamlValue(after, node));
  }

  // drop what the official left empty: "" and empty optional objects (a list stays, even empty)
  function pruned(v) {
    if (Array.isArray(v)) {
      var list = v.map(pruned).filter(function (x) { return x !== undefined; });
      v.forEach(function (x, i) { if (isObj(x) && isObj(list[i]) && typeof x[ORIGIN] === "number") Object.defineProperty(list[i], ORIGIN, { value: x[ORIGIN] }); });
      return list;
    }
    if (isObj(v)) {
      var o = {};
      Object.keys(v).forEach(function (k) { var x = pruned(v[k]); if (x !== undefined) o[k] = x; });
      if (typeof v[ORIGIN] === "number") Object.defineProperty(o, ORIGIN, { value: v[ORIGIN] });
      return Object.keys(o).length || typeof v[ORIGIN] === "number" ? o : undefined;
    }
    return v === "" || v === null ? undefined : v;
  }

  // ------------------------------------------------------------------ messages

  function pointer(schema, ptr) {
    var node = schema;
    String(ptr).replace(/^#\/?/, "").split("/").filter(Boolean).forEach(function (part) {
      part = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
      node = node && node[part];
    });
    return node || {};
  }
  function locationPath(loc) {
    return String(loc).replace(/^#\/?/, "").split("/").filter(Boolean).map(function (p) { return /^\d+$/.test(p) ? Number(p) : decodeURIComponent(p); });
  }
  var LEAF = ["type", "enum", "pattern", "format", "minimum", "maximum", "minLength", "maxLength", "required",
              "additionalProperties", "anyOf", "minItems", "maxItems", "uniqueItems", "propertyNames"];

  function message(e, schema) {
    var node = pointer(schema, e.keywordLocation.replace(/\/[^/]*$/, ""));
    var title = node.title ? "“" + node.title + "”" : "này";
    switch (e.keyword) {
      case "required": {
        var missing = (e.error.match(/"([^"]+)"/) || [])[1];
        var sub = (node.properties || {})[missing] || {};
        return { extra: missing, text: "Cần điền ô “" + (sub.title || missing) + "”." };
      }
      case "anyOf": return { text: node.errorMessage || "Cần chọn tiêu chí hoặc nội dung." };
      case "enum": return { text: "Hãy chọn một giá trị trong danh sách của ô " + title + "." };
      case "format": return { text: "Ô " + title + " cần một ngày (chọn trên lịch)." };
      case "minimum": case "maximum":
        return { text: "Ô " + title + " phải từ " + (node.minimum !== undefined ? node.minimum : "…") + " đến " +
                 (node.maximum !== undefined ? node.maximum : "…") + "." };
      case "minLength": return { text: "Ô " + title + " đang trống: hãy ghi nội dung hoặc xoá mục." };
      case "maxLength": return { text: "Ô " + title + " quá dài (tối đa " + node.maxLength + " ký tự)." };
      case "pattern":
        if (node.errorMessage) return { text: node.errorMessage };
        return { text: "Ô " + title + " chỉ ghi chữ thường: không ghi thẻ HTML (như <b>) hay mã ký tự (như &lt;)." };
      case "type": return { text: "Ô " + title + " chưa đúng kiểu: " + (types(node).indexOf("number") >= 0 ? "cần một con số." : "cần một dòng chữ.") };
      case "uniqueItems": return { text: "Danh sách " + title + " có mục bị ghi hai lần." };
      case "minItems": return { text: "Danh sách " + title + " cần ít nhất " + node.minItems + " mục." };
      case "maxItems": return { text: "Danh sách " + title + " có quá nhiều mục (tối đa " + node.maxItems + ")." };
      default: return { text: node.errorMessage || "Giá trị ở ô " + title + " chưa đúng." };
    }
  }

  // the schema's checks, plus those the build makes across files (a period or criterion written once)
  function problems(data, state) {
    var out = [];
    var result = new L.Validator(state.schema, "2020-12", false).validate(data);
    result.errors.forEach(function (e) {
      if (LEAF.indexOf(e.keyword) < 0) return;
      var m = message(e, state.schema);
      var path = locationPath(e.instanceLocation);
      if (m.extra) path = path.concat([m.extra]);
      if (!out.some(function (p) { return p.text === m.text && sameValue(p.path, path); })) out.push({ path: path, text: m.text });
    });
    ["reports", "indicators"].forEach(function (section) {
      var seen = {};
      (data[section] || []).forEach(function (item, i) {
        if (item.period in seen) out.push({ path: [section, i, "period"], text: "Kỳ này đã ghi ở mục " + (seen[item.period] + 1) + ": mỗi kỳ chỉ ghi một lần." });
        else seen[item.period] = i;
      });
    });
    (data.progress || []).forEach(function (item, i) {
      if (item.status === "hoan-thanh" && typeof item.percent === "number" && item.percent < 100) {
        out.push({ path: ["progress", i, "percent"], text: "Tình trạng là hoàn thành thì tỷ lệ phải là 100." });
      }
    });
    return out;
  }

  // ------------------------------------------------------------------ the form

  function choices(kind, state) {
    var m = state.m, unit = state.unit || {}, loc = m.localities[unit.locality] || {}, plan = m.plans[unit.plan] || {};
    if (state.mode === "practice") {   // the plan is the one of the unit chosen in the form
      var chosen = m.units.filter(function (u) { return u.id === (state.data || {}).unit; })[0];
      plan = m.plans[chosen ? chosen.plan : Object.keys(m.plans).filter(function (k) { return m.plans[k].areas.length; })[0]] || {};
    }
    switch (kind) {
      case "don-vi": return m.units.map(function (u) { return { id: u.id, label: u.name + " – " + ((m.localities[u.locality] || {}).name || u.locality) }; });
      case "tieu-chi": return (plan.criteria || {})[unit.target_group] || [];
      case "noi-dung": return plan.areas || [];
      case "ky-bao-cao": return loc.periods || [];
      case "cum": return loc.clusters || [];
      case "chi-so": return m.indicators;
      case "hinh-thuc-khen": return (plan.awards || []).concat(m.award_forms);
      default: return [];
    }
  }

  function getIn(obj, path) { return path.reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj); }
  function setIn(obj, path, value) {
    var o = obj;
    for (var i = 0; i < path.length - 1; i++) {
      if (o[path[i]] == null) o[path[i]] = typeof path[i + 1] === "number" ? [] : {};
      o = o[path[i]];
    }
    o[path[path.length - 1]] = value;
  }

  function input(node, path, state, labelText) {
    var id = pathId(path), value = getIn(state.data, path), t = types(node);
    var control;
    var update = function (v) { setIn(state.data, path, typeof v === "string" ? v.normalize("NFC") : v); state.changed(path); };
    var list = node["x-lua-chon"] ? choices(node["x-lua-chon"], state) : null;
    if (node.enum || list) {
      var options = !(list && list.length) ? node.enum.map(function (v, i) { return { id: v, label: (node.enumDescriptions || [])[i] || v }; }) : list;
      control = el("select", { id: id, on: { change: function () { update(control.value); } } }, [el("option", { value: "", text: "— chọn —" })]);
      var known = false;
      options.forEach(function (o) {
        known = known || String(o.id) === String(value);
        control.appendChild(el("option", { value: String(o.id), text: o.label }));
      });
      if (value !== undefined && value !== "" && !known) control.appendChild(el("option", { value: String(value), text: String(value) + " (mã không có trong danh sách)" }));
      control.value = value === undefined ? "" : String(value);
    } else if (t.indexOf("boolean") >= 0) {
      control = el("input", { type: "checkbox", id: id, on: { change: function () { update(control.checked); } } });
      control.checked = value === true;
    } else if (t.indexOf("number") >= 0 || t.indexOf("integer") >= 0) {
      control = el("input", { type: "number", id: id, inputmode: "decimal", step: t.indexOf("integer") >= 0 ? "1" : "any",
                              min: node.minimum, max: node.maximum,
                              on: { input: function () { update(control.value === "" ? "" : Number(control.value)); } } });
      control.value = value === undefined ? "" : String(value);
    } else if (node.format === "date") {
      control = el("input", { type: "date", id: id, on: { input: function () { update(control.value); } } });
      control.value = value || "";
    } else if ((node.maxLength || 0) >= 1000 && !/\^https\?/.test(node.pattern || "")) {
      control = el("textarea", { id: id, rows: "3", maxlength: String(node.maxLength), on: { input: function () { update(control.value); } } });
      control.value = value || "";
    } else {
      var url = /\^https\?/.test(node.pattern || "");
      control = el("input", { type: url ? "url" : "text", id: id, maxlength: node.maxLength ? String(node.maxLength) : null,
                              inputmode: url ? "url" : null, placeholder: url ? "https://…" : null,
                              on: { input: function () { update(control.value); } } });
      control.value = value === undefined ? "" : String(value);
    }
    var hint = node.description ? el("small", { class: "pt-editor-hint", id: id + "-mota", text: node.description }) : null;
    var error = el("p", { class: "pt-editor-error", id: id + "-loi", hidden: true });
    control.setAttribute("aria-describedby", (hint ? id + "-mota " : "") + id + "-loi");
    state.fields[path.join("/")] = { control: control, error: error };
    return el("div", { class: "pt-editor-field" }, [el("label", { for: id, text: labelText || node.title || path[path.length - 1] }), control, hint, error]);
  }

  function readOnly(node, path, state) {
    var value = getIn(state.data, path);
    var text = Array.isArray(value) ? value.join(", ") : value === undefined ? "—" : String(value);
    return el("div", { class: "pt-editor-field pt-editor-fixed" }, [
      el("span", { class: "pt-editor-label", text: node.title || path[path.length - 1] }),
      el("span", { text: text }),
      el("small", { class: "pt-editor-hint", text: "Không sửa ở đây: mã và người cập nhật do quản trị trang thay đổi." })]);
  }

  function values(node, path, state) {   // indicators[].values: one number per indicator of the dataset
    var box = el("fieldset", { class: "pt-editor-values" }, [el("legend", { text: node.title || "Giá trị" })]);
    var current = getIn(state.data, path) || {};
    var listed = choices("chi-so", state);
    Object.keys(current).forEach(function (k) {
      if (!listed.some(function (c) { return c.id === k; })) listed = listed.concat([{ id: k, label: k + " (mã không có trong danh sách)" }]);
    });
    listed.forEach(function (c) {
      box.appendChild(input(node.additionalProperties || { type: "number" }, path.concat([c.id]), state, c.label));
    });
    return box;
  }

  function itemDefaults(node) {
    var item = {};
    Object.keys(node.properties || {}).forEach(function (k) {
      var p = node.properties[k];
      if (p.format === "date" && (k === "date" || k === "submitted")) item[k] = today();
    });
    return item;
  }

  function list(node, path, state) {
    var box = el("fieldset", { class: "pt-editor-list", id: pathId(path) }, [el("legend", { text: node.title || path[path.length - 1] })]);
    if (node.description) box.appendChild(el("small", { class: "pt-editor-hint", text: node.description }));
    var items = getIn(state.data, path) || [];
    var isObjects = (node.items || {}).type === "object";
    items.forEach(function (item, i) {
      var itemPath = path.concat([i]);
      var part = isObjects ? object(node.items, itemPath, state, (node.items.title || "Mục") + " " + (i + 1))
                           : input(node.items || {}, itemPath, state, (node.items.title || "Mục") + " " + (i + 1));
      part.appendChild(el("button", { type: "button", class: "md-button pt-editor-remove", text: "Xoá mục này",
        on: { click: function () { items.splice(i, 1); state.changed(); state.redraw(); } } }));
      box.appendChild(part);
    });
    box.appendChild(el("button", { type: "button", class: "md-button pt-editor-add",
      text: "Thêm " + (node.items && node.items.title ? node.items.title.toLowerCase() : "mục"),
      on: { click: function () {
        if (!getIn(state.data, path)) setIn(state.data, path, []);
        getIn(state.data, path).push(isObjects ? itemDefaults(node.items) : "");
        state.changed(); state.redraw(path.concat([getIn(state.data, path).length - 1]));
      } } }));
    return box;
  }

  function object(node, path, state, legend) {
    var box = el("fieldset", { class: path.length ? "pt-editor-group" : "pt-editor-top" },
                 [legend || node.title ? el("legend", { text: legend || node.title }) : null]);
    // at the top, what an official updates (sub-plan, progress, reports, figures) comes first; the
    // unit's own facts (name, kind, cluster… ) wait in a closed section
    var general = path.length || state.mode === "practice" ? null : el("details", { class: "pt-editor-general" }, [el("summary", { text: "Thông tin chung của đơn vị (ít khi phải sửa)" })]);
    Object.keys(node.properties || {}).forEach(function (key) {
      var sub = node.properties[key], subPath = path.concat([key]), part;
      if (key === "updated" && !path.length) return;   // written on sending: the day of the update
      if (sub["x-an-trong-bieu-mau"]) return;          // set by the form (slug) or by the site's editors
      if (sub.readOnly) part = readOnly(sub, subPath, state);
      else if (sub.type === "array") part = list(sub, subPath, state);
      else if (sub.type === "object" && sub["x-lua-chon"] === "chi-so") part = values(sub, subPath, state);
      else if (sub.type === "object") part = object(sub, subPath, state);
      else part = input(sub, subPath, state);
      var facts = sub.readOnly || key === "contact" || (sub.type !== "array" && sub.type !== "object");
      (general && facts ? general : box).appendChild(part);
    });
    if (general) box.appendChild(general);
    return box;
  }

  // ------------------------------------------------------------------ checking and preview

  // the file's text with the edited data written in: only what differs from `original` is touched
  function rewrite(text, original, data, schema) {
    var doc = L.YAML.parseDocument(text, { version: "1.1" });
    apply(doc, [], original, data, schema);
    return doc.toString({ lineWidth: 0 });
  }
  function reading(text) {   // (original data, the copy the form edits: its list items know their place)
    var original = plain(L.YAML.parseDocument(text, { version: "1.1" }).toJS());
    var data = clone(original);
    tagOrigins(data);
    return { original: original, data: data };
  }
  function newText(state) {
    var data = pruned(state.data) || {};
    if (state.mode === "practice") return practiceText(state, data);
    if (state.schema.properties.updated) data.updated = today();
    return rewrite(state.text, state.original, data, state.schema);
  }

  // ------------------------------------------------------------------ a new practice or exemplar page

  function slug(text) {   // as the build's slugify: đ → d, marks dropped, words joined by “-”
    return String(text || "").normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }
  function frontMatter(data) { return Object.assign({ slug: slug(data.title) }, data); }
  function practiceText(state, data) {
    var front = L.YAML.stringify(yamlValue(frontMatter(data), state.schema), { version: "1.1", lineWidth: 0 });
    return "---\n" + front + "---\n\n" + (state.body || "").normalize("NFC").trim() + "\n";
  }
  function practicePath(state) {
    return "docs/" + state.section + "/" + (slug((state.data || {}).title) || "trang-moi") + ".md";
  }

  function check(state) {
    Object.keys(state.fields).forEach(function (k) {
      var f = state.fields[k];
      f.error.hidden = true; f.error.textContent = ""; f.control.removeAttribute("aria-invalid");
    });
    var text = newText(state);
    var written = state.mode === "practice" ? text.split("---\n")[1] : text;
    var reread = L.YAML.parseDocument(written, { version: "1.1" });
    var found = reread.errors.length ? [{ path: [], text: "Không đọc lại được tệp mới; hãy tải lại trang." }]
                                     : problems(plain(reread.toJS()), state);
    if (state.mode === "practice") {
      if (!(state.body || "").trim()) found.push({ path: ["bai-viet"], text: "Hãy viết bài giới thiệu (vấn đề, giải pháp, kết quả)." });
      if (state.section === "dien-hinh" && !(state.data || {}).kind) found.push({ path: ["kind"], text: "Điển hình cần chọn tập thể hay cá nhân." });
    }
    var summary = state.summary;
    summary.textContent = "";
    found.forEach(function (p) {
      var key = p.path.join("/"), field = state.fields[key];
      for (var cut = p.path.length; !field && cut > 0; cut--) field = state.fields[p.path.slice(0, cut).join("/")];
      if (field) {
        field.error.hidden = false;
        field.error.textContent = (field.error.textContent ? field.error.textContent + " " : "") + p.text;
        field.control.setAttribute("aria-invalid", "true");
      }
      var link = el("a", { href: "#" + (field ? field.control.id : ""), text: p.text });
      summary.appendChild(el("li", {}, [link]));
    });
    state.summaryBox.hidden = !found.length;
    return { text: text, problems: found };
  }

  // the lines removed and added, by longest common subsequence (a unit file has a few hundred lines)
  function lineDiff(a, b) {
    var x = a.split("\n"), y = b.split("\n"), n = x.length, m = y.length, i, j;
    var table = [];
    for (i = 0; i <= n; i++) table.push(new Uint16Array(m + 1));
    for (i = n - 1; i >= 0; i--) for (j = m - 1; j >= 0; j--) {
      table[i][j] = x[i] === y[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
    var out = [];
    i = 0; j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) { i++; j++; }
      else if (i < n && (j === m || table[i + 1][j] >= table[i][j + 1])) { out.push({ sign: "-", line: x[i], n: i + 1 }); i++; }
      else { out.push({ sign: "+", line: y[j], n: j + 1 }); j++; }
    }
    return out;
  }

  function showPreview(state, text) {
    var pre = state.preview;
    pre.textContent = "";
    var changes = lineDiff(state.text, text);
    if (!changes.length) {
      pre.appendChild(el("p", { text: "Chưa có thay đổi nào so với tệp hiện tại." }));
      return;
    }
    var code = el("pre", { class: "pt-editor-diff" });
    changes.forEach(function (c) {
      code.appendChild(el(c.sign === "+" ? "ins" : "del", { text: c.sign + " " + c.line + "\n" }));
    });
    pre.appendChild(el("p", { text: changes.length + " dòng thay đổi (dấu − là dòng cũ, dấu + là dòng mới); mọi dòng khác giữ nguyên." }));
    pre.appendChild(code);
  }

  // ------------------------------------------------------------------ sending

  function api(state, method, path, body) {
    var headers = { "Accept": "application/vnd.github+json" };
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (token && !state.local) headers.Authorization = "Bearer " + token;
    if (body) headers["Content-Type"] = "application/json";
    return fetch(state.apiBase + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok) { var e = new Error(j.message || ("HTTP " + r.status)); e.status = r.status; throw e; }
          return j;
        });
      });
  }
  function base64(text) {
    var bytes = new TextEncoder().encode(text), s = "";
    bytes.forEach(function (b) { s += String.fromCharCode(b); });
    return btoa(s);
  }
  function unbase64(b64) {
    var s = atob(String(b64).replace(/\s/g, "")), bytes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return new TextDecoder().decode(bytes);
  }
  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  function fileToWrite(state) {   // the file a sending writes: the unit's, or the new page's
    if (state.mode === "practice") {
      var title = (state.data || {}).title || "";
      return { id: slug(title), path: practicePath(state), name: title, created: true };
    }
    return { id: state.unit.id, path: state.unit.path, name: state.unit.name, created: false };
  }

  function openPullRequest(state, text) {
    var repo = state.m.repository, unit = fileToWrite(state), branch = state.m.branch;
    var upstream = "/repos/" + repo.owner + "/" + repo.name;
    var say = state.say, login, target, work;
    say("Đang kiểm tra tài khoản…");
    return api(state, "GET", "/user").then(function (u) {
      login = u.login;
      return api(state, "GET", upstream);
    }).then(function (r) {
      if (r.permissions && r.permissions.push) { target = upstream; return null; }
      say("Đang tạo bản sao của kho trong tài khoản " + login + "…");
      target = "/repos/" + login + "/" + repo.name;
      return api(state, "POST", upstream + "/forks", {}).then(function () {
        var tries = 0;
        var ready = function () {
          return api(state, "GET", target).catch(function (e) { if (++tries > 20) throw e; return wait(1500).then(ready); });
        };
        return ready();
      });
    }).then(function () {
      return api(state, "GET", upstream + "/git/ref/heads/" + branch);
    }).then(function (ref) {
      work = "cap-nhat/" + unit.id + "-" + Date.now().toString(36);
      say("Đang tạo nhánh " + work + "…");
      return api(state, "POST", target + "/git/refs", { ref: "refs/heads/" + work, sha: ref.object.sha });
    }).then(function () {
      return api(state, "GET", target + "/contents/" + unit.path + "?ref=" + encodeURIComponent(work)).then(function (file) {
        if (unit.created) throw new Error("Đã có trang " + unit.path + ". Hãy đặt tên khác cho mô hình, điển hình.");
        return file;
      }, function (e) {
        if (unit.created && e.status === 404) return { sha: undefined, content: "" };
        throw e;
      });
    }).then(function (file) {
      if (!unit.created && unbase64(file.content) !== state.text) {
        throw new Error("Tệp của đơn vị đã được sửa sau lần cập nhật trang gần nhất. Hãy tải lại trang sau ít phút rồi sửa lại, để không ghi đè thay đổi của người khác.");
      }
      say("Đang ghi tệp…");
      return api(state, "PUT", target + "/contents/" + unit.path, {
        message: (unit.created ? "Trang mới: " : "Cập nhật dữ liệu ") + unit.name + " (biểu mẫu)", content: base64(text),
        sha: file.sha, branch: work });
    }).then(function () {
      say("Đang mở yêu cầu hợp nhất…");
      return api(state, "POST", upstream + "/pulls", {
        title: (unit.created ? "Trang mới: " : "Cập nhật dữ liệu: ") + unit.name, base: branch, head: target === upstream ? work : login + ":" + work,
        body: "Gửi từ biểu mẫu sửa dữ liệu của trang web.\n\nTệp: " + unit.path, maintainer_can_modify: true });
    });
  }

  function sendPanel(state) {
    var box = el("section", { class: "pt-editor-send", "aria-labelledby": "pt-editor-send-title" },
                 [el("h2", { id: "pt-editor-send-title", text: "Gửi đề nghị cập nhật" })]);
    var status = el("p", { class: "pt-editor-status", role: "status", "aria-live": "polite" });
    state.say = function (t) { status.textContent = t; };
    if (!state.local) {
      var token = el("input", { type: "password", id: "pt-editor-token", autocomplete: "off",
        on: { change: function () { sessionStorage.setItem(TOKEN_KEY, token.value.trim()); } } });
      token.value = sessionStorage.getItem(TOKEN_KEY) || "";
      box.appendChild(el("div", { class: "pt-editor-field" }, [
        el("label", { for: "pt-editor-token", text: "Mã truy cập GitHub của người cập nhật" }), token,
        el("small", { class: "pt-editor-hint", text: "Tạo một lần ở GitHub (Settings → Developer settings → Personal access tokens, quyền public_repo). Mã chỉ lưu trong thẻ trình duyệt này và chỉ gửi tới GitHub." })]));
    }
    var send = el("button", { type: "button", class: "md-button md-button--primary", id: "pt-editor-gui", text: "Gửi đề nghị cập nhật" });
    var copy = el("button", { type: "button", class: "md-button", text: "Chép nội dung và mở GitHub" });
    var save = el("button", { type: "button", class: "md-button", text: "Tải tệp về máy" });
    send.addEventListener("click", function () {
      var result = check(state);
      showPreview(state, result.text);
      if (result.problems.length) { state.say("Còn " + result.problems.length + " ô cần sửa (xem danh sách ở trên)."); state.summaryBox.focus(); return; }
      if (result.text === state.text) { state.say("Chưa có thay đổi nào để gửi."); return; }
      if (!state.local && !sessionStorage.getItem(TOKEN_KEY)) { state.say("Hãy dán mã truy cập GitHub, hoặc dùng nút “Chép nội dung và mở GitHub”."); return; }
      send.disabled = true;
      openPullRequest(state, result.text).then(function (pr) {
        status.textContent = "Đã gửi đề nghị cập nhật số " + pr.number + ". ";
        status.appendChild(el("a", { href: pr.html_url, text: "Xem đề nghị" }));
        state.text = result.text;
        var read = reading(result.text);
        state.original = read.original; state.data = read.data;
      }, function (e) {
        state.say(e.status === 401 ? "GitHub không nhận mã truy cập này. Hãy kiểm tra lại mã." : "Chưa gửi được: " + e.message);
      }).then(function () { send.disabled = false; });
    });
    copy.addEventListener("click", function () {
      var result = check(state);
      showPreview(state, result.text);
      if (result.problems.length) { state.say("Còn " + result.problems.length + " ô cần sửa (xem danh sách ở trên)."); return; }
      var repo = state.m.repository, file = fileToWrite(state);
      if (file.created) {   // GitHub's new-file page takes the name and the text in its address: nothing to paste
        var folder = file.path.replace(/\/[^/]*$/, "");
        window.open(state.m.web + "/" + repo.owner + "/" + repo.name + "/new/" + state.m.branch + "/" + folder +
                    "?filename=" + encodeURIComponent(file.path.split("/").pop()) + "&value=" + encodeURIComponent(result.text), "_blank", "noopener");
        state.say("Đã mở trang tạo tệp trên GitHub với nội dung đã điền; bấm “Commit changes” (hoặc “Propose changes”) để gửi.");
        return;
      }
      navigator.clipboard.writeText(result.text).then(function () {
        state.say("Đã chép nội dung mới. Trên trang GitHub vừa mở: chọn hết nội dung cũ, dán đè, rồi bấm “Propose changes”.");
        window.open(state.m.web + "/" + repo.owner + "/" + repo.name + "/edit/" + state.m.branch + "/" + state.unit.path, "_blank", "noopener");
      }, function () { state.say("Trình duyệt không cho chép tự động; hãy dùng nút “Tải tệp về máy”."); });
    });
    save.addEventListener("click", function () {
      var result = check(state);
      var a = el("a", { href: URL.createObjectURL(new Blob([result.text], { type: "text/yaml;charset=utf-8" })),
                        download: fileToWrite(state).path.split("/").pop() });
      document.body.appendChild(a); a.click(); a.remove();
    });
    box.appendChild(el("p", { class: "pt-editor-buttons" }, [send, " ", copy, " ", save]));
    box.appendChild(status);
    return box;
  }

  // ------------------------------------------------------------------ opening a unit

  function openUnit(state, unitId) {
    var unit = state.m.units.filter(function (u) { return u.id === unitId; })[0];
    if (!unit) { state.say && state.say(""); state.area.textContent = "Không có đơn vị “" + unitId + "”."; return Promise.resolve(); }
    state.unit = unit;
    state.area.textContent = "Đang tải tệp của " + unit.name + "…";
    return fetch(new URL(unit.copy, state.base)).then(function (r) { return r.text(); }).then(function (text) {
      var doc = L.YAML.parseDocument(text, { version: "1.1" });
      if (doc.errors.length) { state.area.textContent = "Tệp hiện có lỗi cú pháp: hãy sửa trực tiếp tệp " + unit.path + "."; return; }
      state.mode = "unit";
      state.schema = state.m.schema;
      state.text = text;
      var read = reading(text);
      state.original = read.original; state.data = read.data;
      drawForm(state, "Dữ liệu của " + unit.name, function () { return []; });
    });
  }

  function drawForm(state, legend, after) {
    state.fields = {};
    var form = el("form", { class: "pt-editor-form", novalidate: true, on: { submit: function (e) { e.preventDefault(); } } });
    state.summary = el("ul");
    state.summaryBox = el("div", { class: "pt-editor-problems", tabindex: "-1", hidden: true, role: "alert" },
                          [el("p", { text: "Cần sửa trước khi gửi:" }), state.summary]);
    state.preview = el("div", { class: "pt-editor-preview", "aria-live": "polite" });
    var body = el("div");
    state.redraw = function (focusPath) {
      state.fields = {};
      body.textContent = "";
      body.appendChild(object(state.schema, [], state, legend));
      after().forEach(function (part) { body.appendChild(part); });
      if (focusPath) {
        var first = body.querySelector("#" + pathId(focusPath)) || body.querySelector("[id^='" + pathId(focusPath) + "-']");
        if (first) first.focus();
      }
    };
    state.changed = function (path) {
      // choosing the unit of a practice changes which plan's content areas can be chosen
      if (state.mode === "practice" && path && path.join("/") === "unit") state.redraw(path);
      var address = document.getElementById("pt-editor-dia-chi");
      if (state.mode === "practice" && path && path.join("/") === "title" && address) {
        address.textContent = "Địa chỉ trang: /" + state.section + "/" + (slug(state.data.title) || "…") + "/ (theo tên; không đổi sau khi đăng).";
      }
    };
    state.redraw();
    var checkButton = el("button", { type: "button", class: "md-button", id: "pt-editor-kiem-tra", text: "Kiểm tra và xem trước",
      on: { click: function () { var r = check(state); showPreview(state, r.text); } } });
    form.appendChild(state.summaryBox);
    form.appendChild(body);
    form.appendChild(el("p", {}, [checkButton]));
    form.appendChild(state.preview);
    form.appendChild(sendPanel(state));
    state.area.textContent = "";
    state.area.appendChild(form);
  }

  var BODY_TEMPLATE = "## Vấn đề\n\n(Trước khi có mô hình, khó khăn là gì?)\n\n## Giải pháp\n\n(Đã làm gì, ở đâu, ai làm?)\n\n" +
                      "## Kết quả\n\n(Những con số, thay đổi đo được.)\n\n## Cách nhân rộng\n\n(Nơi khác cần gì để làm theo?)\n";

  function openPractice(state, section) {
    state.mode = "practice";
    state.section = section;
    state.schema = state.m.practice_schema;
    state.unit = null;
    state.text = "";
    state.original = {};
    state.data = { date: today(), status: "dang-ky" };
    state.body = BODY_TEMPLATE;
    var name = state.m.sections[section];
    drawForm(state, name + " mới", function () {
      var id = pathId(["bai-viet"]);
      var text = el("textarea", { id: id, rows: "16", on: { input: function () { state.body = text.value; } } });
      text.value = state.body;
      var error = el("p", { class: "pt-editor-error", id: id + "-loi", hidden: true });
      text.setAttribute("aria-describedby", id + "-mota " + id + "-loi");
      state.fields["bai-viet"] = { control: text, error: error };
      var address = el("p", { class: "pt-editor-hint", id: "pt-editor-dia-chi",
        text: "Địa chỉ trang: /" + section + "/" + (slug(state.data.title) || "…") + "/ (theo tên; không đổi sau khi đăng)." });
      return [el("div", { class: "pt-editor-field pt-editor-body" }, [
        el("label", { for: id, text: "Bài giới thiệu" }), text,
        el("small", { class: "pt-editor-hint", id: id + "-mota", text: "Viết như văn bản thường; dòng bắt đầu bằng ## là đề mục. Giữ các đề mục gợi ý và thay phần trong ngoặc." }),
        error]), address];
    });
  }

  function picker(state) {
    var m = state.m;
    var locSelect = el("select", { id: "pt-editor-dia-ban" });
    Object.keys(m.localities).forEach(function (id) { locSelect.appendChild(el("option", { value: id, text: m.localities[id].name })); });
    var unitSelect = el("select", { id: "pt-editor-don-vi" });
    var fill = function () {
      unitSelect.textContent = "";
      m.units.filter(function (u) { return u.locality === locSelect.value; })
        .forEach(function (u) { unitSelect.appendChild(el("option", { value: u.id, text: u.name })); });
    };
    locSelect.addEventListener("change", fill);
    var open = el("button", { type: "button", class: "md-button md-button--primary", id: "pt-editor-mo", text: "Mở dữ liệu của đơn vị",
      on: { click: function () {
        var url = new URL(location.href); url.searchParams.set("don-vi", unitSelect.value);
        history.replaceState(null, "", url.href);
        openUnit(state, unitSelect.value);
      } } });
    var wanted = new URLSearchParams(location.search).get("don-vi");
    var unit = m.units.filter(function (u) { return u.id === wanted; })[0];
    if (unit) locSelect.value = unit.locality;
    fill();
    if (unit) unitSelect.value = unit.id;
    var news = Object.keys(m.sections).map(function (section) {
      return el("button", { type: "button", class: "md-button", id: "pt-editor-moi-" + section, text: "Gửi " + m.sections[section].toLowerCase() + " mới",
        on: { click: function () {
          var url = new URL(location.href); url.searchParams.delete("don-vi"); url.searchParams.set("moi", section);
          history.replaceState(null, "", url.href);
          openPractice(state, section);
        } } });
    });
    return { box: el("div", {}, [
      el("div", { class: "pt-editor-picker" }, [
        el("label", { for: "pt-editor-dia-ban", text: "Xã, phường" }), locSelect,
        el("label", { for: "pt-editor-don-vi", text: "Đơn vị" }), unitSelect, open]),
      el("p", { class: "pt-editor-new" }, ["Hoặc giới thiệu một mô hình hay, một điển hình tiên tiến mới: "].concat(news))]),
      wanted: unit ? unit.id : null };
  }

  function start(root) {
    var base = new URL(root.getAttribute("data-manifest"), location.href);
    return fetch(base).then(function (r) { return r.json(); }).then(function (m) {
      var state = { m: m, base: base, apiBase: new URL(m.api, location.href).href.replace(/\/$/, ""),
                    local: m.api.charAt(0) === "/", area: el("div", { class: "pt-editor-area" }) };
      var p = picker(state);
      root.textContent = "";
      root.appendChild(p.box);
      root.appendChild(state.area);
      if (p.wanted) return openUnit(state, p.wanted);
      var section = new URLSearchParams(location.search).get("moi");
      if (section && m.sections[section]) openPractice(state, section);
    }).catch(function () {
      root.textContent = "Không tải được biểu mẫu. Hãy tải lại trang.";
    });
  }

  // rewriteUnchanged: what sending a file the official did not change would write (the tests: the same bytes)
  window.PhongTraoEditor = { start: start, rewriteUnchanged: function (text, schema) {
    var read = reading(text);
    return rewrite(text, read.original, pruned(read.data) || {}, schema);
  } };
})();
