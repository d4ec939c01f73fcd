/*
 * sales-assistant admin page: the Analytics panel. No build step: /admin loads this file as is,
 * after admin.js, whose window.SalesAssistantAdmin gives it the signed-in store's API.
 *
 * A date range, figure tiles, charts drawn by the server as SVG (shown as images, so nothing
 * in them runs), tables with the same figures, the knowledge gaps, and a CSV download.
 * Text always goes in as textContent.
 */
(function () {
  "use strict";

  var staff = window.SalesAssistantStaff;
  var admin = window.SalesAssistantAdmin;
  if (!staff || !admin) {
    return;
  }
  var $ = staff.$;
  var el = staff.el;
  var clear = staff.clear;
  var percent = staff.percent;
  var DAY_MS = 24 * 3600 * 1000;
  var CHARTS = [
    ["per_day", "Conversations and handoffs per day"],
    ["handoff_reasons", "Handoff reasons"],
    ["csat", "Average rating, bot against person"],
    ["top_products", "Products shown most"],
  ];

  function isoDay(date) {
    return date.toISOString().slice(0, 10);
  }

  function range() {
    return "?from=" + encodeURIComponent($("an-from").value) + "&to=" + encodeURIComponent($("an-to").value);
  }

  function problem(text) {
    $("an-error").textContent = text || "";
    $("an-error").hidden = !text;
  }

  function seconds(value) {
    if (value === null || value === undefined) {
      return "n/a";
    }
    return value < 120 ? Math.round(value) + " s" : Math.round(value / 60) + " min";
  }

  function tile(label, value, note) {
    return [el("dt", { text: label }), el("dd", {}, [el("strong", { text: value }), note ? el("span", { text: note }) : null])];
  }

  function showTiles(report) {
    var r = report.resolution;
    var bot = report.csat[0];
    var person = report.csat[1];
    var tiles = $("an-tiles");
    clear(tiles);
    [
      tile("Conversations", String(r.conversations)),
      tile("Automated resolution", percent(r.automated_resolution_rate), r.automated_resolutions + " resolved by the bot"),
      tile("Handoff rate", percent(r.handoff_rate), r.handed_off + " handed to a person"),
      tile("Reopen rate", percent(r.reopen_rate), r.reopened + " back within 7 days"),
      tile("First human reply", seconds(report.first_human_reply.median_seconds), "median; 90% within " + seconds(report.first_human_reply.p90_seconds)),
      tile("CSAT bot", bot.average === null ? "n/a" : bot.average.toFixed(2), bot.ratings + " ratings"),
      tile("CSAT person", person.average === null ? "n/a" : person.average.toFixed(2), person.ratings + " ratings"),
      tile("Assisted revenue", report.assisted.revenue.display, report.assisted.orders + " orders, " + percent(report.assisted.conversion_rate) + " conversion"),
      tile("Recovered carts", String(report.recovery.carts_recovered), report.recovery.revenue.display + " of " + report.recovery.carts_reminded + " reminded"),
    ].forEach(function (pair) {
      tiles.appendChild(el("div", { className: "an-tile" }, pair));
    });
  }

  function table(caption, head, rows) {
    return el("table", { className: "an-table" }, [
      el("caption", { text: caption }),
      el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el(
        "tbody",
        {},
        rows.length
          ? rows.map(function (row) {
              return el("tr", {}, row.map(function (cell) { return el("td", { text: String(cell) }); }));
            })
          : [el("tr", {}, [el("td", { colspan: String(head.length), text: "None in this period." })])]
      ),
    ]);
  }

  function showTables(report) {
    var box = $("an-tables");
    clear(box);
    box.appendChild(table("Handoff reasons", ["Reason", "Handoffs"], report.handoff_reasons.map(function (r) { return [r.reason, r.count]; })));
    box.appendChild(
      table("Proactive openers", ["Rule", "Shown", "Answered", "Carted", "Ordered"], report.openers.map(function (o) { return [o.rule, o.shown, o.replied, o.carted, o.ordered]; }))
    );
    box.appendChild(
      table("Discount cost of the assistant's coupons", ["Origin", "Issued", "Orders", "Discount"], report.discounts.map(function (d) { return [d.origin, d.coupons_issued, d.orders, d.discount.display]; }))
    );
    box.appendChild(table("Products shown most", ["Product", "Conversations"], report.top_products.map(function (p) { return [p.title, p.conversations]; })));
  }

  function showCharts(charts) {
    var box = $("an-charts");
    clear(box);
    CHARTS.forEach(function (pair) {
      var svg = charts[pair[0]];
      if (!svg) {
        return;
      }
      box.appendChild(
        el("figure", { className: "an-chart", "data-chart": pair[0] }, [
          el("img", { src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg), alt: pair[1] }),
        ])
      );
    });
  }

  function showGaps(gaps) {
    var list = $("an-gaps");
    clear(list);
    if (!gaps.groups.length) {
      list.appendChild(el("li", { text: "No unanswered questions in this period." }));
      return;
    }
    gaps.groups.forEach(function (group) {
      var kinds = Object.keys(group.kinds).map(function (kind) { return kind.replace(/_/g, " ") + " " + group.kinds[kind]; });
      list.appendChild(
        el("li", { className: "an-gap" }, [
          el("strong", { text: group.label }),
          el("span", { className: "an-count", text: " · asked " + group.count + " times (" + kinds.join(", ") + ")" }),
          el("ul", {}, group.examples.map(function (example) { return el("li", { text: example.question }); })),
        ])
      );
    });
  }

  function load(event) {
    if (event) {
      event.preventDefault();
    }
    problem("");
    $("an-show").disabled = true;
    var query = range();
    Promise.all([
      admin.api("GET", "/analytics" + query),
      admin.api("GET", "/analytics/charts" + query),
      admin.api("GET", "/analytics/knowledge-gaps" + query),
    ])
      .then(function (responses) {
        showTiles(responses[0].body);
        showTables(responses[0].body);
        showCharts(responses[1].body.charts);
        showGaps(responses[2].body);
        $("an-report").hidden = false;
      })
      .catch(function (error) {
        problem(error && error.message ? error.message : "The analytics could not be loaded.");
      })
      .then(function () {
        $("an-show").disabled = false;
      });
  }

  // The CSV needs the admin key, so it is fetched and handed to the browser as a file.
  function downloadCsv() {
    problem("");
    fetch("/v1/stores/" + encodeURIComponent(admin.store()) + "/analytics.csv" + range(), {
      headers: { Authorization: "Bearer " + admin.key() },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("The CSV could not be made (" + response.status + ").");
        }
        return response.blob();
      })
      .then(function (blob) {
        var link = el("a", {
          href: URL.createObjectURL(blob),
          download: "analytics-" + admin.store() + "-" + $("an-from").value + "-" + $("an-to").value + ".csv",
          hidden: true,
        });
        document.body.appendChild(link);
        link.click();
        window.setTimeout(function () {
          URL.revokeObjectURL(link.href);
          link.remove();
        }, 1000);
      })
      .catch(function (error) {
        problem(error.message);
      });
  }

  function init() {
    var today = new Date();
    $("an-to").value = isoDay(today);
    $("an-from").value = isoDay(new Date(today.getTime() - 29 * DAY_MS));
    $("an-form").addEventListener("submit", load);
    $("an-csv").addEventListener("click", downloadCsv);
    document.addEventListener("sales-assistant:admin-ready", function () {
      load();
    });
  }

  init();
})();
