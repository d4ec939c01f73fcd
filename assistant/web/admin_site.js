/*
 * sales-assistant store admin page: the "Site sync" panel. No build step; loaded after
 * admin.js, whose window.SalesAssistantAdmin gives the signed-in API.
 *
 * The merchant sets the sitemap or start pages, the schedule and the page limit (the store
 * setting `site_sync`, saved through PATCH /settings), starts a sync or a dry run
 * (POST /site-sync/runs), and follows the runs (GET /site-sync/runs, polled while one runs).
 * Text always goes in as textContent.
 */
(function () {
  "use strict";

  var POLL_MS = 1000;
  var LIVE = { queued: true, running: true };
  var FIELDS = ["sitemap_url", "start_urls", "interval_hours", "max_pages"];
  var LISTED = 20;

  var admin = window.SalesAssistantAdmin;
  var staff = window.SalesAssistantStaff;
  var $ = staff.$;
  var el = staff.el;
  var clear = staff.clear;
  var say = admin.say;
  var show = admin.show;

  var panel = { saved: null, runs: [], timer: null };

  // ---- the setting ---------------------------------------------------------------------

  function lines(text) {
    return text
      .split(/[\n,]/)
      .map(function (line) { return line.trim(); })
      .filter(Boolean);
  }

  function fill(sync) {
    panel.saved = sync || null;
    $("a-site-sitemap").value = (sync && sync.sitemap_url) || "";
    $("a-site-starts").value = ((sync && sync.start_urls) || []).join("\n");
    $("a-site-interval").value = sync && sync.interval_hours ? String(sync.interval_hours) : "";
    $("a-site-max-pages").value = String((sync && sync.max_pages) || 200);
  }

  function wanted() {
    var sitemap = $("a-site-sitemap").value.trim();
    var starts = lines($("a-site-starts").value);
    if (!sitemap && !starts.length) {
      return null;
    }
    var interval = $("a-site-interval").value.trim();
    var maxPages = $("a-site-max-pages").value.trim();
    var saved = panel.saved || {};
    return {
      sitemap_url: sitemap || null,
      start_urls: starts,
      hosts: saved.hosts || [],
      interval_hours: interval === "" ? null : Number(interval),
      max_pages: maxPages === "" ? 200 : Number(maxPages),
      max_depth: saved.max_depth === undefined ? 3 : saved.max_depth,
    };
  }

  function clearErrors() {
    FIELDS.forEach(function (name) {
      say($("a-site-err-" + name), "");
      $("a-site-err-" + name).parentNode.classList.remove("a-invalid");
    });
    say($("a-site-error"), "");
    say($("a-site-saved"), "");
  }

  function fieldError(name, text) {
    var node = $("a-site-err-" + name);
    say(node, (node.hidden ? "" : node.textContent + " ") + text);
    node.parentNode.classList.add("a-invalid");
  }

  function showError(error) {
    if (!(error instanceof admin.ApiError)) {
      say($("a-site-error"), "The service cannot be reached.");
      return;
    }
    if (error.status === 401) {
      admin.failed(error);
      return;
    }
    var placed = false;
    if (Array.isArray(error.details)) {
      error.details.forEach(function (problem) {
        var loc = problem.loc || [];
        // PATCH /settings names body.site_sync.<field>; POST /site-sync/runs names body.<field>.
        var name = loc[1] === "site_sync" ? loc[2] : loc[1];
        if (FIELDS.indexOf(name) >= 0) {
          fieldError(name, problem.message);
          placed = true;
        } else if (loc[1] === "site_sync") {
          fieldError("sitemap_url", problem.message);
          placed = true;
        }
      });
    }
    if (!placed) {
      say($("a-site-error"), admin.problemText(error));
    }
  }

  function save(event) {
    event.preventDefault();
    clearErrors();
    var badNumber = [["interval_hours", "a-site-interval"], ["max_pages", "a-site-max-pages"]]
      .filter(function (pair) { return $(pair[1]).validity.badInput; });
    if (badNumber.length) {
      badNumber.forEach(function (pair) { fieldError(pair[0], "Enter a whole number."); });
      return;
    }
    var sync = wanted();
    admin
      .api("PATCH", "/settings", { site_sync: sync })
      .then(function (response) {
        fill(response.body.site_sync);
        say($("a-site-saved"), sync ? "Site sync saved." : "Site sync turned off.");
        loadState();
      })
      .catch(showError);
  }

  // ---- runs ----------------------------------------------------------------------------

  function start(dryRun) {
    clearErrors();
    var buttons = [$("a-site-run"), $("a-site-dry-run")];
    buttons.forEach(function (button) { button.disabled = true; });
    admin
      .api("POST", "/site-sync/runs", { dry_run: dryRun })
      .then(function (response) {
        say($("a-site-saved"), dryRun ? "Dry run started: nothing will be written." : "Sync started.");
        upsert(response.body.run);
        render();
        poll();
      })
      .catch(showError)
      .then(function () {
        buttons.forEach(function (button) { button.disabled = false; });
      });
  }

  function upsert(run) {
    var found = false;
    panel.runs = panel.runs.map(function (old) {
      if (old.id === run.id) {
        found = true;
        return run;
      }
      return old;
    });
    if (!found) {
      panel.runs.unshift(run);
    }
  }

  function loadRuns() {
    return admin
      .api("GET", "/site-sync/runs")
      .then(function (response) {
        panel.runs = response.body;
        render();
        poll();
      })
      .catch(admin.failed);
  }

  function loadState() {
    return admin
      .api("GET", "/site-sync")
      .then(function (response) {
        var next = response.body.next_run_at;
        var sync = response.body.settings;
        var text = "";
        if (sync && sync.interval_hours) {
          text = next
            ? "Next scheduled sync: " + new Date(next).toLocaleString() + "."
            : "The first scheduled sync starts within a minute or two.";
        } else if (sync) {
          text = "No schedule: the site is synced only when you ask.";
        }
        say($("a-site-next"), text);
      })
      .catch(admin.failed);
  }

  function counts(run) {
    var would = run.dry_run ? "would be " : "";
    return (
      run.pages_seen + " pages seen: " + run.pages_added + " " + would + "added, " +
      run.pages_changed + " " + would + "changed, " + run.pages_unchanged + " unchanged, " +
      run.pages_removed + " " + would + "removed, " + run.pages_failed + " failed, " +
      run.pages_skipped + " skipped"
    );
  }

  function entries(title, className, list, total) {
    if (!total) {
      return null;
    }
    var items = list.slice(0, LISTED).map(function (entry) {
      return el("li", {}, [el("span", { className: "a-source", text: entry.url }), entry.reason]);
    });
    if (total > items.length) {
      items.push(el("li", { text: "… and " + (total - items.length) + " more" }));
    }
    return el("details", { className: className }, [
      el("summary", { text: title + " (" + total + ")" }),
      el("ul", {}, items),
    ]);
  }

  function render() {
    var list = $("a-site-runs");
    clear(list);
    panel.runs.forEach(function (run) {
      var live = LIVE[run.status];
      var max = (run.options && run.options.max_pages) || Math.max(run.pages_seen, 1);
      var head = run.status + " · " + (run.dry_run ? "dry run" : "sync") + " · " + run.trigger +
        " · " + new Date(run.created_at).toLocaleString();
      list.appendChild(
        el("li", { className: "a-job a-site-run", "data-status": run.status, "data-run": run.id }, [
          el("p", { className: "a-job-head", text: head }),
          live
            ? el("progress", { max: String(max), value: String(run.pages_seen),
              "aria-label": "Pages read by run " + run.id })
            : null,
          el("p", { className: "a-site-counts", text: counts(run) }),
          live && run.current_url ? el("p", { className: "a-source", text: "Reading " + run.current_url }) : null,
          run.error ? el("p", { className: "a-error", text: run.error }) : null,
          entries("Failed (kept as they were)", "a-site-failed", run.failures, run.pages_failed),
          entries(run.dry_run ? "Would be removed" : "Removed", "a-site-removed", run.removed, run.pages_removed),
          entries("Skipped", "a-site-skipped", run.skipped, run.pages_skipped),
        ])
      );
    });
    show($("a-site-runs-empty"), panel.runs.length === 0);
  }

  function poll() {
    window.clearTimeout(panel.timer);
    var live = panel.runs.filter(function (run) { return LIVE[run.status]; });
    if (!live.length || !admin.signedIn()) {
      return;
    }
    panel.timer = window.setTimeout(function () {
      Promise.all(live.map(function (run) {
        return admin.api("GET", "/site-sync/runs/" + encodeURIComponent(run.id));
      }))
        .then(function (responses) {
          var ended = false;
          var wrote = false;
          responses.forEach(function (response) {
            var run = response.body;
            if (!LIVE[run.status]) {
              ended = true;
              wrote = wrote || !run.dry_run;
            }
            upsert(run);
          });
          render();
          if (ended) {
            loadState();
          }
          if (wrote) {
            admin.loadDocuments(); // the synced pages are documents now
          }
          poll();
        })
        .catch(admin.failed);
    }, POLL_MS);
  }

  // ---- start-up ------------------------------------------------------------------------

  $("a-site-form").addEventListener("submit", save);
  $("a-site-run").addEventListener("click", function () { start(false); });
  $("a-site-dry-run").addEventListener("click", function () { start(true); });
  $("a-site-refresh").addEventListener("click", function () {
    loadRuns();
    loadState();
  });
  admin.onStart(function (settings) {
    clearErrors();
    fill(settings.site_sync);
    loadRuns();
    loadState();
  });
})();
