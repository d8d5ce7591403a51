/* The hall's projector: follows the room live (static/forum/live.js) and shows what the current segment needs.
 *
 * Every word comes from the translated JSON the page carries (#projector-strings); participants' text is
 * always shown with its own lang attribute and a language tag. Nothing here names a participant.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("projector-config").textContent);
  var t = JSON.parse(document.getElementById("projector-strings").textContent);
  var state = null;
  var tally = {};

  var heading = document.getElementById("pj-segment");
  var now = document.getElementById("pj-now");
  var body = document.getElementById("pj-body");
  var statusLine = document.getElementById("pj-status");
  var timer = document.getElementById("pj-timer");
  var pager = document.getElementById("pj-pager");
  var PAGE_SECONDS = 12;
  var page = 0;
  var pageCount = 1;

  /* "%(name)s" placeholders, as in the server's catalogs; "%%" is a literal percent sign. */
  function fmt(text, values) {
    return String(text)
      .replace(/%\((\w+)\)s/g, function (match, key) {
        return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
      })
      .replace(/%%/g, "%");
  }

  function plural(forms, count) {
    return fmt(count === 1 ? forms[0] : forms[1], { counter: count });
  }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  /* Participants' words, in their language, with a visible tag naming it. */
  function said(item, className) {
    var wrap = el("span", { className: className || "" });
    var tr = item.lang !== config.lang && item.tr ? item.tr[config.lang] : null;
    if (tr) {
      /* The room's language first; the original stays on screen, smaller, in its own language. */
      wrap.appendChild(el("span", { text: tr.text }));
      if (tr.machine) wrap.appendChild(el("span", { className: "pj-tag", text: t.machine }));
      wrap = el("span", { className: "pj-tr" }, wrap, el("span", { className: "pj-orig" }, said({ text: item.text, lang: item.lang })));
      return wrap;
    }
    wrap.appendChild(el("span", { lang: item.lang || "und", text: item.text }));
    if (item.lang) wrap.appendChild(el("span", { className: "pj-tag", lang: item.lang, text: t.languages[item.lang] || item.lang }));
    return wrap;
  }

  function values(collection) {
    return Object.keys(collection || {}).map(function (key) {
      return collection[key];
    });
  }

  var LANG = document.documentElement.lang;
  // In the room's language; else the first language it has, named (a custom sector not yet translated).
  function sectorName(id) {
    var sector = state.sectors && state.sectors[String(id)];
    if (!sector) return "";
    var names = sector.names || {};
    if (names[LANG]) return names[LANG];
    if (sector.kind === "law_enforcement") return t.law_enforcement;
    var other = ["en", "ko", "es", "zh-hans", "vi"].filter(function (code) {
      return names[code];
    })[0];
    return other ? names[other] + " (" + (t.languages[other] || other) + ")" : sector.name;
  }

  function tables(round) {
    return values(state.breakouts)
      .filter(function (b) {
        return b.round === round;
      })
      .sort(function (a, b) {
        return a.number - b.number;
      });
  }

  function tableNumber(breakoutId) {
    var table = state.breakouts && state.breakouts[String(breakoutId)];
    return table ? table.number : "?";
  }

  function issues() {
    return values(state.statements).filter(function (s) {
      return s.kind === "issue";
    });
  }

  function empty(text) {
    return el("p", { className: "pj-empty", text: text });
  }

  function joinBlock(side) {
    var forum = state ? state.forum : {};
    return el(
      "section",
      { className: "pj-joinblock" + (side ? " pj-joinblock--side" : ""), "aria-label": fmt(t.join_at, { url: config.shortUrl, code: config.code }) },
      el("p", { className: "pj-code" }, el("span", { className: "pj-sr", text: t.code + " " }), (forum && forum.code) || config.code),
      el("img", { className: "pj-qr", src: config.qrUrl, alt: t.qr_alt, width: "320", height: "320" }),
      el("p", { className: "pj-url", text: config.shortUrl }),
      typeof tally.participants === "number" ? el("p", { className: "pj-count", text: fmt(t.checked_in, { count: tally.participants }) }) : null
    );
  }

  function rulesList() {
    var rules = values(state.rules).sort(function (a, b) {
      return a.order - b.order || a.id - b.id;
    });
    if (!rules.length) return empty(t.no_rules);
    var list = el("ol", { className: "pj-rules" });
    rules.forEach(function (rule) {
      var standard = rule.key && t.rules[rule.key];
      list.appendChild(el("li", {}, standard ? el("span", { text: standard }) : said(rule)));
    });
    return list;
  }

  function tableCards(round) {
    var list = tables(round);
    if (!list.length) return empty(t.no_tables);
    var grid = el("ul", { className: "pj-grid pj-pageable" });
    list.forEach(function (table) {
      var card = el(
        "li",
        { className: "pj-card" },
        el("h2", { className: "pj-number", text: fmt(t.table, { number: table.number }) }),
        el("p", { text: table.sectors.map(sectorName).filter(Boolean).join(" · ") }),
        el("p", { text: plural(t.people, table.size) })
      );
      if (round === 2 && table.issues.length) {
        var ul = el("ul");
        table.issues.forEach(function (id) {
          var issue = state.statements[String(id)];
          if (issue) ul.appendChild(el("li", {}, said(issue)));
        });
        card.appendChild(ul);
      }
      grid.appendChild(card);
    });
    return grid;
  }

  function issuesByTable() {
    var list = issues();
    if (!list.length) return empty(t.no_issues);
    var byTable = {};
    list.forEach(function (issue) {
      var number = tableNumber(issue.breakout);
      (byTable[number] = byTable[number] || []).push(issue);
    });
    var grid = el("div", { className: "pj-grid pj-pageable" });
    Object.keys(byTable)
      .sort(function (a, b) {
        return Number(a) - Number(b);
      })
      .forEach(function (number) {
        var ul = el("ul");
        byTable[number]
          .sort(function (a, b) {
            return a.id - b.id;
          })
          .forEach(function (issue) {
            ul.appendChild(el("li", {}, said(issue)));
          });
        grid.appendChild(el("section", { className: "pj-card" }, el("h2", { className: "pj-number", text: fmt(t.table, { number: number }) }), ul));
      });
    return grid;
  }

  function dotBars() {
    var dots = tally.dots || {};
    var list = issues().map(function (issue) {
      return { issue: issue, dots: dots[String(issue.id)] || 0 };
    });
    if (!list.length) return empty(t.no_issues);
    list.sort(function (a, b) {
      return b.dots - a.dots || a.issue.id - b.issue.id;
    });
    var top = Math.max.apply(null, list.map(function (row) { return row.dots; }).concat([0]));
    var wrap = el("div");
    if (typeof tally.voters === "number") {
      wrap.appendChild(el("p", { className: "pj-count", text: fmt(t.voters, { voters: tally.voters, people: tally.participants || 0 }) }));
    }
    var ol = el("ol", { className: "pj-list pj-bars pj-pageable" });
    var cut = state.forum.top_k || 0;
    list.forEach(function (row, index) {
      var bar = el("div", { className: "pj-bar", "aria-hidden": "true" }, el("span"));
      bar.firstChild.style.width = (top ? Math.round((100 * row.dots) / top) : 0) + "%";
      var atCut = index + 1 === cut && list.length > cut;
      ol.appendChild(
        el(
          "li",
          { className: index < cut ? "pj-top" + (atCut ? " pj-cut" : "") : "" },
          said(row.issue),
          bar,
          el("span", { className: "pj-dots", text: plural(t.dots, row.dots) }),
          atCut ? el("span", { className: "pj-cut-label", text: fmt(t.cut, { count: cut }) }) : null
        )
      );
    });
    wrap.appendChild(ol);
    return wrap;
  }

  function priorities() {
    var list = issues()
      .filter(function (s) {
        return s.rank !== null && s.rank !== undefined;
      })
      .sort(function (a, b) {
        return a.rank - b.rank;
      });
    if (!list.length) return empty(t.no_issues);
    var ol = el("ol", { className: "pj-list pj-priorities pj-pageable" });
    list.forEach(function (issue) {
      ol.appendChild(
        el(
          "li",
          {},
          el("span", { className: "pj-rank", text: fmt(t.priority, { rank: issue.rank }) }),
          said(issue),
          el("span", { className: "pj-tag", text: plural(t.dots, issue.dots || 0) })
        )
      );
    });
    return ol;
  }

  function countRow(label, line) {
    return el(
      "tr",
      {},
      el("th", { scope: "row", text: label }),
      el("td", { className: "pj-agree", text: String(line.agree || 0) }),
      el("td", { className: "pj-disagree", text: String(line.disagree || 0) }),
      el("td", { text: String(line.pass !== undefined ? line.pass : line.passed || 0) })
    );
  }

  function solutions() {
    var list = values(state.solutions).sort(function (a, b) {
      return tableNumber(a.breakout) - tableNumber(b.breakout) || a.id - b.id;
    });
    if (!list.length) return empty(t.no_solutions);
    var results = tally.solutions || {};
    var wrap = el("div", { className: "pj-pageable" });
    list.forEach(function (solution) {
      var issue = state.statements[String(solution.issue)];
      var result = results[String(solution.id)];
      var box = el(
        "article",
        { className: "pj-solution" },
        el("p", { className: "pj-issue" }, fmt(t.table, { number: tableNumber(solution.breakout) }) + " · ", issue ? said(issue) : ""),
        el("p", { className: "pj-text" }, said(solution))
      );
      if (result) {
        var table = el(
          "table",
          {},
          el("thead", {}, el("tr", {}, el("td"), el("th", { scope: "col", text: t.agree }), el("th", { scope: "col", text: t.disagree }), el("th", { scope: "col", text: t.pass })))
        );
        var tbody = el("tbody", {}, countRow(t.everyone, result));
        (result.constituencies || []).forEach(function (line) {
          tbody.appendChild(countRow(t[line.key] || t.small_groups, line));
        });
        table.appendChild(tbody);
        box.appendChild(table);
        var bridging = result.bridging == null ? t.bridging_pending : fmt(t.bridging, { percent: Math.round(100 * result.bridging) });
        box.appendChild(el("p", { className: "pj-bridging", title: t.bridging_help, text: bridging }));
      }
      wrap.appendChild(box);
    });
    return wrap;
  }

  function council() {
    var members = values(state.council);
    if (!members.length) return empty(t.no_council);
    var bySector = {};
    members.forEach(function (m) {
      (bySector[m.sector] = bySector[m.sector] || []).push(m);
    });
    var wrap = el("div", { className: "pj-council" });
    values(state.sectors)
      .sort(function (a, b) {
        return a.order - b.order || a.id - b.id;
      })
      .forEach(function (sector) {
        var chosen = bySector[sector.id];
        if (!chosen) return;
        var ul = el("ul");
        chosen.forEach(function (m) {
          ul.appendChild(el("li", { text: m.name || t.name_hidden }));
        });
        wrap.appendChild(el("section", {}, el("h2", { text: sectorName(sector.id) }), ul));
      });
    return wrap;
  }

  /* After "End the day": thanks, and the feedback survey's address when one is open. */
  function closing() {
    var code = state.forum.feedback;
    var wrap = el("section", { className: "pj-closing" });
    if (code) {
      var url = config.surveyUrl.replace("SURVEYCODE", code);
      wrap.appendChild(el("p", { text: t.feedback }));
      wrap.appendChild(el("p", { className: "pj-url", text: url }));
      wrap.appendChild(el("p", { className: "pj-code" }, el("span", { className: "pj-sr", text: t.code + " " }), code));
    }
    return wrap;
  }

  /* The running segment's countdown (static/forum/timer.js does the counting and the announcements). */
  function showTimer(forum) {
    var segment = values(state.segments).filter(function (s) {
      return s.kind === forum.segment;
    })[0];
    var running = segment && segment.started && !segment.ended && !forum.day_over;
    timer.setAttribute("data-timer-start", running ? segment.started : "");
    timer.setAttribute("data-timer-minutes", running ? String(segment.minutes) : "0");
    if (window.SPCPTimer) window.SPCPTimer.tick();
  }

  /* A list longer than the screen is shown a screenful at a time, turning every PAGE_SECONDS seconds. */
  function paginate() {
    var list = body.querySelector(".pj-pageable");
    pager.textContent = "";
    if (!list) {
      pageCount = 1;
      return;
    }
    var items = [].slice.call(list.children);
    var listTop = list.getBoundingClientRect().top;
    var room = Math.max(window.innerHeight - listTop - 3 * parseFloat(getComputedStyle(document.documentElement).fontSize), 100);
    var pages = [[]];
    var base = 0;
    items.forEach(function (item) {
      var box = item.getBoundingClientRect();
      var top = box.top - listTop;
      var current = pages[pages.length - 1];
      if (current.length && box.bottom - listTop - base > room && top > base) {
        pages.push((current = []));
        base = top;
      }
      current.push(item);
    });
    pageCount = pages.length;
    page = page % pageCount;
    if (pageCount < 2) return;
    items.forEach(function (item) {
      item.hidden = pages[page].indexOf(item) < 0;
    });
    pager.textContent = fmt(t.page, { page: page + 1, pages: pageCount });
  }

  setInterval(function () {
    if (pageCount < 2) return;
    page = (page + 1) % pageCount;
    render();
  }, PAGE_SECONDS * 1000);

  function render() {
    if (!state || !state.forum) return;
    var forum = state.forum;
    var kind = forum.segment;
    showTimer(forum);
    if (forum.day_over) {
      heading.textContent = t.closed;
      now.textContent = t.now.closed;
      body.replaceChildren(closing());
      paginate();
      return;
    }
    heading.textContent = kind ? t.segments[kind] || kind : t.now.none;
    var closed = kind === "dot_voting" && forum.voting_closed;
    now.textContent = closed ? t.now.dot_voting_closed : t.now[kind || "none"] || "";
    var content;
    switch (kind) {
      case "ground_rules":
        content = el("div", { className: "pj-split" }, rulesList(), joinBlock(true));
        break;
      case "breakout_1":
        content = tableCards(1);
        break;
      case "report_out_1":
        content = issuesByTable();
        break;
      case "dot_voting":
        content = forum.voting_closed ? priorities() : dotBars();
        break;
      case "breakout_2":
        content = tableCards(2);
        break;
      case "report_out_2":
        content = solutions();
        break;
      case "council":
        content = council();
        break;
      default:
        content = joinBlock(false);
    }
    body.replaceChildren(content);
    paginate();
  }

  function showStatus(status) {
    statusLine.textContent = (t.status && t.status[status]) || "";
  }

  if (!window.SPCPLive) {
    showStatus("closed");
    return;
  }
  window.SPCPLive.connect({
    code: config.code,
    token: null,
    stateUrl: config.stateUrl,
    onState: function (next) {
      state = next;
      render();
    },
    onTally: function (next) {
      tally = next || {};
      render();
    },
    onStatus: showStatus,
  });
})();
