"use strict";
window.addEventListener("error", function () {
  document.body.dataset.jsErrors = String(Number(document.body.dataset.jsErrors || 0) + 1);
});
(function () {
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  // Status labels come from data/vocabulary/status_labels.yaml (D.status_labels); only colours live here.
  var STATUS_COLOURS = {finalise: "#2e8b57", en_cours: "#f0a202", a_programmer: "#4f9bb3", abandonne: "#c0392b"};
  var STATUS = Object.keys(D.status_labels).map(function (code) {
    return [code, D.status_labels[code], STATUS_COLOURS[code] || "#7f8c8d"];
  }).concat([["none", "Sans statut", "#c5ced6"]]);
  var THEME_LABEL = {}; D.themes.forEach(function (t) { THEME_LABEL[t.id] = t.label; });
  // Sequential classes of the heat map (ColorBrewer Blues): 0, 1, 2-3, 4-7, 8-15, 16 and more.
  var HEAT = ["#f1f4f7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  var LEVELS = [["n_os", "OS", "#1f6f8b"], ["n_oo", "OO", "#4f9bb3"], ["n_actions", "Actions", "#8fb9c8"]];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function legend(id, items, title) {
    var box = document.getElementById(id);
    if (title) box.appendChild(el("b", {"class": "legend-title"}, title));
    items.forEach(function (it) { var s = el("span"); var i = el("i"); i.style.background = it[2]; s.appendChild(i); s.appendChild(document.createTextNode(it[1])); box.appendChild(s); });
  }
  function empty(id, why) {
    document.getElementById(id).appendChild(el("p", {"class": "note empty"}, why));
  }
  // Width in pixels of each text as drawn in an SVG of the page (labels must never be clipped).
  function textWidths(texts, cls) {
    var probe = svg("svg", {width: 1, height: 1, "class": cls || "", style: "position:absolute;left:-9999px"});
    document.body.appendChild(probe);
    var out = texts.map(function (t) { var e = svg("text", {}, t); probe.appendChild(e); return e.getComputedTextLength(); });
    document.body.removeChild(probe);
    return out;
  }
  function maxWidth(texts, cls) { return Math.ceil(Math.max.apply(null, textWidths(texts, cls).concat([0]))); }
  function pct(x) { return x === null || x === undefined ? "" : (100 * x).toFixed(0) + " %"; }
  function cpasLabel(p) { return p.cpas_name + (p.legislature ? " (" + p.legislature + ")" : ""); }

  function sortableTable(container, columns, rows) {
    var table = el("table", {"class": "sortable"});
    var thead = el("thead"), tr = el("tr");
    columns.forEach(function (c, j) {
      var th = el("th", {"data-col": j}, c.label);
      th.addEventListener("click", function () { sortBy(j, th); });
      tr.appendChild(th);
    });
    thead.appendChild(tr); table.appendChild(thead);
    var tbody = el("tbody"); table.appendChild(tbody);
    function render(data) {
      tbody.textContent = "";
      data.forEach(function (r) {
        var row = el("tr");
        columns.forEach(function (c) {
          var v = r[c.key];
          var td = el("td", c.num ? {"class": "num"} : {});
          if (c.link && r[c.link]) { var a = el("a", {href: "#cpas/" + encodeURIComponent(r[c.link])}, v); td.appendChild(a); }
          else td.textContent = c.fmt ? c.fmt(v) : (v === null || v === undefined ? "" : v);
          row.appendChild(td);
        });
        tbody.appendChild(row);
      });
    }
    var state = {col: -1, dir: 1};
    function sortBy(j, th) {
      state.dir = state.col === j ? -state.dir : 1; state.col = j;
      table.querySelectorAll("th").forEach(function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(state.dir > 0 ? "asc" : "desc");
      var key = columns[j].key;
      var data = rows.slice().sort(function (a, b) {
        var x = a[key], y = b[key];
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "fr")) * state.dir;
      });
      render(data);
    }
    render(rows);
    container.appendChild(table);
    return table;
  }

  function kpis() {
    var box = document.getElementById("kpis");
    var n = function (k) { return D.profiles.reduce(function (s, p) { return s + (p[k] || 0); }, 0); };
    // A CPAS with plans for two legislatures is one CPAS (profiles are per CPAS and legislature).
    var cpas = {}; D.profiles.forEach(function (p) { cpas[p.nis_code || p.cpas_name || p.key] = true; });
    [["CPAS", Object.keys(cpas).length], ["OS", n("n_os")], ["OO", n("n_oo")], ["Actions", n("n_actions")],
     ["Thèmes", D.themes.length], ["Paires similaires", D.n_similar]].forEach(function (k) {
      var d = el("div", {"class": "kpi"}); d.appendChild(el("b", {}, String(k[1]))); d.appendChild(document.createTextNode(k[0])); box.appendChild(d);
    });
  }

  function heatClass(v) { return v <= 0 ? 0 : Math.min(HEAT.length - 1, Math.floor(Math.log2(v)) + 1); }

  function heatmap() {
    var rows = D.profiles, themes = D.themes;
    if (!rows.length) { empty("heatmap", "Aucun plan dans l'entrepôt : lancer pst ingest."); return; }
    if (!themes.length) { empty("heatmap", "Aucun thème défini (data/themes.yaml)."); return; }
    var max = 0; D.matrix.forEach(function (r) { r.forEach(function (v) { if (v > max) max = v; }); });
    if (!max) { empty("heatmap", "Aucun élément des plans n'est classé dans un thème : lancer pst analyse."); return; }
    var classes = [["0", "0"]];
    for (var k = 1; k <= heatClass(max); k++) {
      var lo = Math.pow(2, k - 1), hi = k === HEAT.length - 1 ? null : Math.pow(2, k) - 1;
      classes.push([String(k), hi === null ? lo + " et plus" : (lo === hi ? String(lo) : lo + "–" + hi)]);
    }
    legend("heatmap-legend", classes.map(function (c, i) { return [c[0], c[1], HEAT[i]]; }), "Éléments par thème :");
    var cellW = 26, cellH = 20, angle = 50, rad = angle * Math.PI / 180;
    var themeW = maxWidth(themes.map(function (t) { return t.label; }), "heatmap");
    var left = maxWidth(rows.map(cpasLabel), "heatmap") + 12;
    var top = Math.ceil(themeW * Math.sin(rad)) + 14;
    var width = left + themes.length * cellW + Math.ceil(themeW * Math.cos(rad)) + 10;
    // The theme labels in their own SVG that stays on top while 253 rows scroll under it.
    var head = svg("svg", {width: width, height: top, "class": "heatmap-head"});
    var s = svg("svg", {width: width, height: rows.length * cellH + 6, "class": "heatmap"});
    themes.forEach(function (t, j) {
      var x = left + j * cellW + cellW / 2, y = top - 6;
      head.appendChild(svg("text", {x: x, y: y, transform: "rotate(-" + angle + " " + x + " " + y + ")", "class": "theme-label"}, t.label));
    });
    rows.forEach(function (p, i) {
      var y = i * cellH;
      var a = svg("a", {href: "#cpas/" + encodeURIComponent(p.key)});
      a.appendChild(svg("text", {x: left - 8, y: y + cellH - 6, "text-anchor": "end", "class": "cpas-label"}, cpasLabel(p)));
      s.appendChild(a);
      D.matrix[i].forEach(function (v, j) {
        var c = heatClass(v), x = left + j * cellW;
        var r = svg("rect", {x: x, y: y, width: cellW - 2, height: cellH - 2, fill: HEAT[c], "data-class": c});
        r.appendChild(svg("title", {}, cpasLabel(p) + " — " + themes[j].label + " : " + v));
        s.appendChild(r);
        if (v) s.appendChild(svg("text", {x: x + (cellW - 2) / 2, y: y + cellH - 6, "text-anchor": "middle",
                                         "class": "cell" + (c >= 4 ? " dark" : "")}, String(v)));
      });
    });
    var sticky = el("div", {"class": "sticky-head"}); sticky.appendChild(head);
    document.getElementById("heatmap").appendChild(sticky);
    document.getElementById("heatmap").appendChild(s);
  }

  function stackedBars(id, rows, parts, valueOf, opts) {
    var bar = 14, left = maxWidth(rows.map(opts.label), "bars") + 10, width = 560, top = 6;
    var max = opts.max || Math.max.apply(null, rows.map(function (r) { return parts.reduce(function (s, p) { return s + valueOf(r, p[0]); }, 0); }).concat([1]));
    var s = svg("svg", {width: left + width + 80, height: top + rows.length * (bar + 3) + 20, "class": "bars"});
    rows.forEach(function (r, i) {
      var y = top + i * (bar + 3), x = left, total = 0;
      s.appendChild(svg("text", {x: left - 6, y: y + bar - 3, "text-anchor": "end", "class": "bar-label"}, opts.label(r)));
      parts.forEach(function (p) {
        var v = valueOf(r, p[0]); total += v;
        if (!v) return;
        var w = width * v / max;
        var rect = svg("rect", {x: x, y: y, width: Math.max(w, 0.5), height: bar, fill: p[2]});
        rect.appendChild(svg("title", {}, opts.label(r) + " — " + p[1] + " : " + (opts.fmt ? opts.fmt(v) : v)));
        s.appendChild(rect); x += w;
      });
      s.appendChild(svg("text", {x: x + 4, y: y + bar - 3}, opts.fmt ? "" : String(total)));
    });
    document.getElementById(id).appendChild(s);
  }

  function planSize() {
    if (!D.profiles.length) { empty("plan-size", "Aucun plan dans l'entrepôt : lancer pst ingest."); return; }
    legend("size-legend", LEVELS);
    var rows = D.profiles.slice().sort(function (a, b) { return (b.n_os + b.n_oo + b.n_actions) - (a.n_os + a.n_oo + a.n_actions); });
    stackedBars("plan-size", rows, LEVELS, function (r, k) { return r[k] || 0; }, {label: cpasLabel});
  }

  function statusShares() {
    var published = D.status.reduce(function (s, r) { return s + r.n_total - (r.n_none || 0); }, 0);
    if (!published) {
      empty("status-shares", "Aucun statut publié : aucune action des plans chargés n'indique où elle en est "
            + "(finalisée, en cours, à programmer, abandonnée).");
      return;
    }
    legend("status-legend", STATUS);
    var all = {cpas_name: "Tous les CPAS", legislature: null};
    STATUS.forEach(function (s) { all["n_" + s[0]] = 0; });
    D.status.forEach(function (r) { STATUS.forEach(function (s) { all["n_" + s[0]] += r["n_" + s[0]] || 0; }); });
    var rows = [all].concat(D.status.filter(function (r) { return r.n_total > 0; }));
    stackedBars("status-shares", rows, STATUS, function (r, k) {
      var t = STATUS.reduce(function (s, p) { return s + (r["n_" + p[0]] || 0); }, 0);
      return t ? (r["n_" + k] || 0) / t : 0;
    }, {label: cpasLabel, max: 1, fmt: pct});
  }

  function deadlines() {
    if (!D.deadlines) return;
    document.getElementById("deadlines-section").classList.remove("hidden");
    if (!D.deadlines.length) {
      empty("deadlines", "Aucune échéance calculée : lancer pst deadlines.");
      return;
    }
    // Status columns and their French labels come from warehouse.compliance.labels.
    var colors = {n_on_time: "#2e8b57", n_late: "#c0392b", n_undecidable: "#8e44ad", n_done: "#58d68d",
                  n_in_window: "#138d75", n_outside_window: "#d35400", n_due_soon: "#f0a202",
                  n_not_yet_due: "#c5ced6", n_window_open: "#f7dc6f", n_window_upcoming: "#d6eaf8",
                  n_no_document: "#34495e", n_no_dated_evidence: "#7f8c8d", n_planned_only: "#b2babb"};
    var parts = (D.deadline_parts || []).map(function (p) { return [p[0], p[1], colors[p[0]] || "#999999"]; });
    legend("deadline-legend", parts);
    var totals = D.deadlines.filter(function (r) { return r.is_total; });
    var obligation = function (r) { return r.obligation_label || r.obligation; };
    stackedBars("deadlines", totals, parts, function (r, k) { return r[k] || 0; },
                {label: function (r) { return r.legislature + " · " + obligation(r) + (r.is_indicative ? " (fenêtre indicative)" : ""); }});
    var columns = [{key: "legislature", label: "Législature"}, {key: "province", label: "Province"},
                   {key: "obligation_label", label: "Obligation"}];
    parts.forEach(function (p) { columns.push({key: p[0], label: p[1], num: true}); });
    columns.push({key: "max_days_late", label: "Retard max (j)", num: true});
    sortableTable(document.getElementById("deadline-table"), columns, D.deadlines);
  }

  function profiles() {
    if (!D.profiles.length) { empty("profiles", "Aucun plan dans l'entrepôt : lancer pst ingest."); return; }
    sortableTable(document.getElementById("profiles"),
      [{key: "cpas_name", label: "CPAS", link: "key"}, {key: "nis_code", label: "NIS"}, {key: "legislature", label: "Législature"},
       {key: "n_os", label: "OS", num: true}, {key: "n_oo", label: "OO", num: true}, {key: "n_actions", label: "Actions", num: true},
       {key: "n_themes", label: "Thèmes", num: true}, {key: "share_finalise", label: "Finalisées", num: true, fmt: pct},
       {key: "share_en_cours", label: "En cours", num: true, fmt: pct}, {key: "mean_progress_pct", label: "Avancement moyen", num: true,
        fmt: function (v) { return v === null || v === undefined ? "" : v.toFixed(0) + " %"; }}], D.profiles);
  }

  function recurring() {
    if (!D.recurring.length) {
      empty("recurring", D.profiles.length < 2 ? "Il faut au moins deux CPAS pour trouver des actions récurrentes."
            : "Aucune action ne se retrouve dans un autre CPAS (similarité insuffisante) : lancer pst analyse si les plans ont changé.");
      return;
    }
    sortableTable(document.getElementById("recurring"),
      [{key: "title", label: "Action"}, {key: "cpas_name", label: "CPAS", link: "key"},
       {key: "n_cpas", label: "Autres CPAS", num: true}, {key: "best", label: "Exemple le plus proche"}], D.recurring);
  }

  function cpasPage(key) {
    var page = document.getElementById("cpas-page");
    page.textContent = "";
    var p = D.profiles.filter(function (x) { return x.key === key; })[0];
    if (!p) { page.appendChild(el("p", {}, "CPAS inconnu : " + key)); return; }
    var sec = el("section");
    sec.appendChild(el("h2", {}, cpasLabel(p) + (p.nis_code ? " — NIS " + p.nis_code : "")));
    sec.appendChild(el("p", {"class": "note"}, p.n_os + " OS, " + p.n_oo + " OO, " + p.n_actions + " actions · source : " + p.source_file +
      " · thèmes : " + (p.themes ? String(p.themes).split(/,\s*/).map(function (t) { return THEME_LABEL[t] || t; }).join(", ") : "aucun")));
    var items = D.trees[key] || [];
    if (!items.length) sec.appendChild(el("p", {"class": "note empty"}, "Aucun élément du CPAS dans ce plan."));
    var root = el("ul", {"class": "tree"}), nodes = {};
    items.forEach(function (it) {
      var li = el("li");
      li.appendChild(el("span", {"class": "lvl lvl-" + it.level}, it.level.toUpperCase() + " " + it.number));
      li.appendChild(document.createTextNode(it.title));
      if (it.status) {
        var st = STATUS.filter(function (s) { return s[0] === it.status; })[0];
        var b = el("span", {"class": "status"}, st ? st[1] : it.status); if (st) b.style.color = st[2]; li.appendChild(b);
      }
      (it.themes || []).forEach(function (t) { li.appendChild(el("span", {"class": "tag", title: t}, THEME_LABEL[t] || t)); });
      var parent = it.parent !== null && it.parent !== undefined ? nodes[it.parent] : null;
      var list = root;
      if (parent) {
        list = parent.querySelector(":scope > ul");
        if (!list) { list = el("ul", {"class": "tree"}); parent.appendChild(list); }
      } else if (it.volet) {
        var vk = "volet:" + it.volet;
        if (!nodes[vk]) { var vli = el("li"); vli.appendChild(el("b", {}, "Volet " + it.volet)); vli.appendChild(el("ul", {"class": "tree"})); root.appendChild(vli); nodes[vk] = vli; }
        list = nodes[vk].querySelector(":scope > ul");
      }
      list.appendChild(li);
      nodes[it.id] = li;
    });
    sec.appendChild(root);
    page.appendChild(sec);
  }

  function route() {
    var h = decodeURIComponent(location.hash || "");
    var m = h.match(/^#cpas\/(.+)$/);
    document.getElementById("overview").classList.toggle("hidden", !!m);
    document.getElementById("cpas-page").classList.toggle("hidden", !m);
    if (m) { cpasPage(m[1]); window.scrollTo(0, 0); }
    document.getElementById("cpas-select").value = m ? m[1] : "";
  }

  var select = document.getElementById("cpas-select");
  D.profiles.slice().sort(function (a, b) { return cpasLabel(a).localeCompare(cpasLabel(b), "fr"); }).forEach(function (p) {
    select.appendChild(el("option", {value: p.key}, cpasLabel(p)));
  });
  select.addEventListener("change", function () { location.hash = select.value ? "#cpas/" + encodeURIComponent(select.value) : "#overview"; });
  window.addEventListener("hashchange", route);
  kpis(); heatmap(); planSize(); statusShares(); deadlines(); profiles(); recurring(); route();
  document.body.dataset.rendered = String(document.querySelectorAll("svg").length);
})();
