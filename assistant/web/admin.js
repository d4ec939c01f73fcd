/*
 * sales-assistant store admin page. No build step: the page at /admin loads this file as is.
 *
 * The merchant signs in with a store id and an admin key; both are kept in sessionStorage, so
 * they last as long as the tab. Everything comes from the store's API under /v1/stores/{store}:
 * the catalog dry run and the upload, documents and their passages, ingest jobs (polled while
 * they run), settings, and the admin's "try it" turn. Text always goes in as textContent.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "sales-assistant:admin";
  var JOB_POLL_MS = 1500;
  var ACTIVE_JOB = { queued: true, running: true };
  var RETRYABLE_JOB = { interrupted: true, failed: true };
  var DAYS = [
    ["mon", "Monday"],
    ["tue", "Tuesday"],
    ["wed", "Wednesday"],
    ["thu", "Thursday"],
    ["fri", "Friday"],
    ["sat", "Saturday"],
    ["sun", "Sunday"],
  ];
  var SETTING_FIELDS = [
    "handoff_threshold",
    "discount_cap_percent",
    "business_hours",
    "allowed_origins",
    "own_domains",
    "webhook_url",
  ];

  var state = { store: null, key: null, settings: null, jobs: [], pollTimer: null, previewed: null };

  // ---- small helpers ---------------------------------------------------------------------

  var staff = window.SalesAssistantStaff; // staff.js, loaded first
  var $ = staff.$;
  var el = staff.el;
  var clear = staff.clear;
  var percent = staff.percent;

  function show(node, visible) {
    node.hidden = !visible;
  }

  function say(node, text) {
    node.textContent = text || "";
    show(node, Boolean(text));
  }

  function alertBox(text) {
    say($("a-alert-text"), text);
    show($("a-alert"), Boolean(text));
  }

  function lines(text) {
    return text
      .split(/[\n,]/)
      .map(function (line) {
        return line.trim();
      })
      .filter(Boolean);
  }

  function json(value) {
    return JSON.stringify(value, null, 2);
  }

  // ---- the API -------------------------------------------------------------------------

  function ApiError(status, body) {
    var error = (body && body.error) || {};
    this.status = status;
    this.code = error.code || "http_error";
    this.message = error.message || "The request failed (" + status + ").";
    this.details = error.details;
  }

  function api(method, path, body) {
    var options = { method: method, headers: { Authorization: "Bearer " + state.key } };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    var url = "/v1/stores/" + encodeURIComponent(state.store) + path;
    return fetch(url, options).then(function (response) {
      var read = response.status === 204 ? Promise.resolve(null) : response.json();
      return read.then(function (data) {
        if (!response.ok) {
          throw new ApiError(response.status, data);
        }
        return { status: response.status, body: data };
      });
    });
  }

  function failed(error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut("Your key is no longer valid: sign in again.");
      return;
    }
    alertBox(error instanceof ApiError ? error.message : "The service cannot be reached.");
  }

  // ---- sign-in -------------------------------------------------------------------------

  function signIn(event) {
    event.preventDefault();
    var store = $("a-store-input").value.trim();
    var key = $("a-key-input").value.trim();
    if (!store || !key) {
      say($("a-signin-error"), "Enter the store id and an admin key.");
      return;
    }
    state.store = store;
    state.key = key;
    api("GET", "/settings")
      .then(function (response) {
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ store: store, key: key }));
        $("a-key-input").value = "";
        say($("a-signin-error"), "");
        start(response.body);
      })
      .catch(function (error) {
        state.key = null;
        var text =
          error instanceof ApiError && error.status < 500
            ? "That store id and admin key do not match (an agent key cannot sign in here)."
            : "The service cannot be reached.";
        say($("a-signin-error"), text);
      });
  }

  function signOut(reason) {
    sessionStorage.removeItem(STORAGE_KEY);
    window.clearTimeout(state.pollTimer);
    state.key = null;
    show($("a-app"), false);
    show($("a-who"), false);
    show($("a-signout"), false);
    show($("a-signin"), true);
    say($("a-signin-error"), reason || "");
  }

  function start(settings) {
    show($("a-signin"), false);
    show($("a-app"), true);
    say($("a-who"), (settings.name || state.store) + " · " + state.store);
    show($("a-signout"), true);
    fillSettings(settings);
    loadDocuments();
    loadJobs();
    panels.forEach(function (panel) { panel(settings); });
  }

  // ---- import: preview, then a real import ---------------------------------------------

  function isCatalog() {
    return $("a-doc-type").value === "product";
  }

  function uploadForm() {
    var file = $("a-file").files[0];
    if (!file) {
      return null;
    }
    var form = new FormData();
    form.append("file", file, file.name);
    if (isCatalog()) {
      [
        ["profile", "a-profile"],
        ["options", "a-options"],
        ["exclude", "a-exclude"],
      ].forEach(function (pair) {
        var value = $(pair[1]).value.trim();
        if (value) {
          form.append(pair[0], value);
        }
      });
    }
    return form;
  }

  function importKindChanged() {
    var catalog = isCatalog();
    show($("a-catalog-fields"), catalog);
    show($("a-preview-button"), catalog);
    say(
      $("a-import-hint"),
      catalog ? "A catalog is previewed first: nothing is written until you import it." : ""
    );
    resetPreview();
  }

  function resetPreview() {
    state.previewed = null;
    show($("a-skip-field"), false);
    show($("a-preview"), false);
    show($("a-import-result"), false);
    say($("a-import-error"), "");
    $("a-import-button").disabled = isCatalog();
  }

  function preview() {
    var form = uploadForm();
    if (!form) {
      say($("a-import-error"), "Choose a file first.");
      return;
    }
    say($("a-import-error"), "");
    $("a-preview-button").disabled = true;
    api("POST", "/documents/preview", form)
      .then(function (response) {
        state.previewed = true;
        renderPreview(response.body);
        $("a-skip-invalid").checked = false;
        show($("a-skip-field"), !response.body.would_import);
        $("a-import-button").disabled = !response.body.would_import;
      })
      .catch(function (error) {
        say($("a-import-error"), error instanceof ApiError ? problemText(error) : "The service cannot be reached.");
      })
      .then(function () {
        $("a-preview-button").disabled = false;
      });
  }

  function problemText(error) {
    if (Array.isArray(error.details) && error.details.length) {
      return error.message + ": " + error.details.map(function (d) { return d.message; }).join("; ");
    }
    return error.message;
  }

  function countsLine(report) {
    return (
      report.products + " products, " + report.variants + " variants, " +
      report.option_names.length + " options (" + report.option_values + " values)"
    );
  }

  function renderPreview(body) {
    var report = body.report;
    var box = $("a-preview");
    clear(box);
    box.appendChild(el("h3", { text: "Preview of " + body.source }));
    box.appendChild(
      el("p", { className: body.would_import ? "a-ok" : "a-error", id: "a-preview-verdict",
        text: body.would_import ? "This file can be imported as it is." : "This file would be refused: fix the problems below." })
    );
    box.appendChild(
      el("dl", { className: "a-facts" }, [
        el("dt", { text: "Profile" }),
        el("dd", { id: "a-preview-profile", text: report.profile + " (" + report.detected_because + ")" }),
        el("dt", { text: "Counts" }),
        el("dd", { id: "a-preview-counts", text: countsLine(report) }),
        body.saved_mapping_from ? el("dt", { text: "Saved mapping" }) : null,
        body.saved_mapping_from ? el("dd", { text: "from " + body.saved_mapping_from }) : null,
      ])
    );
    var rows = report.columns.map(function (column) {
      return el("tr", { className: column.target ? "" : "a-ignored" }, [
        el("td", { text: column.column }),
        el("td", { text: column.target || "ignored" }),
        el("td", { text: column.note }),
        el("td", { text: column.samples.join(" · ") }),
      ]);
    });
    box.appendChild(
      el("div", { className: "a-scroll" }, [
        el("table", { className: "a-table", id: "a-preview-columns" }, [
          el("caption", { text: "Columns and the fields they feed" }),
          el("thead", {}, [el("tr", {}, [el("th", { text: "Column" }), el("th", { text: "Field" }), el("th", { text: "Why" }), el("th", { text: "Samples" })])]),
          el("tbody", {}, rows),
        ]),
      ])
    );
    if (report.ignored_columns.length) {
      box.appendChild(el("p", { id: "a-preview-ignored", text: "Ignored: " + report.ignored_columns.join(", ") }));
    }
    listOf(box, "Problems", "a-preview-problems", report.problems.map(function (problem) {
      var where = [problem.file, problem.line ? "line " + problem.line : "", problem.column || ""]
        .filter(Boolean).join(", ");
      return where + ": " + problem.message;
    }));
    listOf(box, "Warnings", "a-preview-warnings", report.warnings);
    show(box, true);
  }

  function listOf(parent, title, id, items) {
    if (!items.length) {
      return;
    }
    parent.appendChild(el("h4", { text: title + " (" + items.length + ")" }));
    parent.appendChild(el("ul", { id: id }, items.map(function (text) { return el("li", { text: text }); })));
  }

  function runImport() {
    var form = uploadForm();
    if (!form) {
      say($("a-import-error"), "Choose a file first.");
      return;
    }
    if (isCatalog() && !state.previewed) {
      say($("a-import-error"), "Preview this file first.");
      return;
    }
    form.append("doc_type", $("a-doc-type").value);
    if (isCatalog() && $("a-skip-invalid").checked) {
      form.append("skip_invalid", "true");
    }
    say($("a-import-error"), "");
    $("a-import-button").disabled = true;
    api("POST", "/documents", form)
      .then(function (response) {
        var body = response.body;
        var result = $("a-import-result");
        if (response.status === 202) {
          say(result, "Importing in the background: follow it under Ingest jobs.");
        } else {
          var text = {
            added: "Imported", replaced: "Replaced the earlier version of", unchanged: "Nothing changed in",
          }[body.status] + " " + body.document.title + ": " + body.passages + " passages";
          if (body.import_report) {
            text += "; " + countsLine(body.import_report) + "; " + body.products_added + " products added, " + body.products_updated + " updated";
            if (body.import_report.ignored_columns.length) {
              text += "; ignored columns: " + body.import_report.ignored_columns.join(", ");
            }
          }
          if (body.skipped_rows.length) {
            text += "; " + body.skipped_rows.length + " bad rows skipped";
          }
          say(result, text + ".");
        }
        state.previewed = null;
        loadDocuments();
        loadJobs();
      })
      .catch(function (error) {
        $("a-import-button").disabled = false;
        say($("a-import-error"), error instanceof ApiError ? problemText(error) : "The service cannot be reached.");
      });
  }

  // ---- documents and passages ----------------------------------------------------------

  function loadDocuments() {
    api("GET", "/documents")
      .then(function (response) {
        var body = $("a-documents-body");
        clear(body);
        response.body.forEach(function (doc) {
          body.appendChild(
            el("tr", {}, [
              el("td", {}, [doc.title, el("span", { className: "a-source", text: doc.source })]),
              el("td", { text: doc.doc_type }),
              el("td", { text: doc.status + (doc.error ? ": " + doc.error : "") }),
              el("td", { text: String(doc.version) }),
              el("td", { text: String(doc.chunk_count) }),
              el("td", {}, [
                el("button", { type: "button", className: "a-quiet", text: "Passages",
                  "aria-label": "Passages of " + doc.title, onclick: function () { loadPassages(doc); } }),
              ]),
            ])
          );
        });
        show($("a-documents-table"), response.body.length > 0);
        show($("a-documents-empty"), response.body.length === 0);
      })
      .catch(failed);
  }

  function loadPassages(doc) {
    api("GET", "/documents/" + encodeURIComponent(doc.id) + "/passages")
      .then(function (response) {
        var list = $("a-passages-list");
        clear(list);
        response.body.forEach(function (passage) {
          list.appendChild(
            el("li", {}, [
              el("p", { className: "a-passage-title", text: passage.title + (passage.section ? " · " + passage.section : "") }),
              el("p", { text: passage.text }),
            ])
          );
        });
        $("a-passages-title").textContent = "Passages of " + doc.title + " (" + response.body.length + ")";
        show($("a-passages"), true);
        $("a-passages-title").focus();
      })
      .catch(failed);
  }

  // ---- ingest jobs ---------------------------------------------------------------------

  function loadJobs() {
    api("GET", "/ingest-jobs")
      .then(function (response) {
        var before = state.jobs;
        state.jobs = response.body;
        // A job that ran while nobody polled it (retried, or started by the upload) may
        // already be over: its documents are new.
        var ended = response.body.some(function (job) {
          return !ACTIVE_JOB[job.status] && before.some(function (old) {
            return old.id === job.id && old.status !== job.status;
          });
        });
        if (ended) {
          loadDocuments();
        }
        renderJobs();
        schedulePoll();
      })
      .catch(failed);
  }

  function renderJobs() {
    var list = $("a-jobs-list");
    clear(list);
    state.jobs.forEach(function (job) {
      var files = ((job.result && job.result.files) || []).map(function (file) {
        return file.source || file.name;
      }).filter(Boolean);
      var progress = el("progress", { max: String(Math.max(job.total, 1)), value: String(job.done),
        "aria-label": "Progress of job " + job.id });
      list.appendChild(
        el("li", { className: "a-job", "data-status": job.status }, [
          el("p", { className: "a-job-head", text: job.status + " · " + job.done + " of " + job.total + " passages" +
            (files.length ? " · " + files.join(", ") : "") }),
          progress,
          job.error ? el("p", { className: "a-error", text: job.error }) : null,
          RETRYABLE_JOB[job.status]
            ? el("button", { type: "button", text: "Retry", onclick: function () { retryJob(job); } })
            : null,
        ])
      );
    });
    show($("a-jobs-empty"), state.jobs.length === 0);
  }

  function schedulePoll() {
    window.clearTimeout(state.pollTimer);
    var active = state.jobs.filter(function (job) { return ACTIVE_JOB[job.status]; });
    if (!active.length || !state.key) {
      return;
    }
    state.pollTimer = window.setTimeout(function () {
      Promise.all(active.map(function (job) { return api("GET", "/ingest-jobs/" + encodeURIComponent(job.id)); }))
        .then(function (responses) {
          var finished = false;
          responses.forEach(function (response) {
            var job = response.body;
            finished = finished || !ACTIVE_JOB[job.status];
            state.jobs = state.jobs.map(function (old) { return old.id === job.id ? job : old; });
          });
          renderJobs();
          if (finished) {
            loadDocuments();
          }
          schedulePoll();
        })
        .catch(failed);
    }, JOB_POLL_MS);
  }

  function retryJob(job) {
    api("POST", "/ingest-jobs/" + encodeURIComponent(job.id) + "/retry")
      .then(loadJobs)
      .catch(failed);
  }

  // ---- settings ------------------------------------------------------------------------

  function buildHours() {
    var box = $("a-hours");
    DAYS.forEach(function (day) {
      box.appendChild(
        el("div", { className: "a-day" }, [
          el("span", { className: "a-day-name", text: day[1] }),
          el("input", { type: "time", id: "a-open-" + day[0], "aria-label": day[1] + " opens" }),
          el("span", { text: "to" }),
          el("input", { type: "time", id: "a-close-" + day[0], "aria-label": day[1] + " closes" }),
        ])
      );
    });
  }

  function fillSettings(settings) {
    state.settings = settings;
    $("a-set-handoff_threshold").value = String(settings.handoff_threshold);
    $("a-set-discount_cap_percent").value = String(settings.discount_cap_percent);
    $("a-set-allowed_origins").value = settings.allowed_origins.join("\n");
    $("a-set-own_domains").value = settings.own_domains.join("\n");
    $("a-set-webhook_url").value = settings.webhook_url || "";
    DAYS.forEach(function (day) {
      var span = settings.business_hours[day[0]] || null;
      $("a-open-" + day[0]).value = span ? span[0] : "";
      $("a-close-" + day[0]).value = span ? span[1] : "";
    });
  }

  function numberOrText(id) {
    var raw = $(id).value.trim();
    var value = Number(raw);
    return raw === "" ? null : isNaN(value) ? raw : value;
  }

  function formSettings() {
    var hours = {};
    DAYS.forEach(function (day) {
      var open = $("a-open-" + day[0]).value;
      var close = $("a-close-" + day[0]).value;
      if (open || close) {
        hours[day[0]] = [open, close];
      }
    });
    return {
      handoff_threshold: numberOrText("a-set-handoff_threshold"),
      discount_cap_percent: numberOrText("a-set-discount_cap_percent"),
      business_hours: hours,
      allowed_origins: lines($("a-set-allowed_origins").value),
      own_domains: lines($("a-set-own_domains").value),
      webhook_url: $("a-set-webhook_url").value.trim() || null,
    };
  }

  function currentSettings() {
    var saved = state.settings;
    var hours = {};
    Object.keys(saved.business_hours).forEach(function (day) {
      if (saved.business_hours[day]) {
        hours[day] = saved.business_hours[day];
      }
    });
    return {
      handoff_threshold: saved.handoff_threshold,
      discount_cap_percent: saved.discount_cap_percent,
      business_hours: hours,
      allowed_origins: saved.allowed_origins,
      own_domains: saved.own_domains,
      webhook_url: saved.webhook_url,
    };
  }

  function clearFieldErrors() {
    SETTING_FIELDS.forEach(function (name) {
      say($("a-err-" + name), "");
      $("a-err-" + name).parentNode.classList.remove("a-invalid");
    });
    say($("a-settings-error"), "");
    show($("a-settings-saved"), false);
  }

  function fieldError(name, text) {
    var node = $("a-err-" + name);
    var previous = node.hidden ? "" : node.textContent + " ";
    say(node, previous + text);
    node.parentNode.classList.add("a-invalid");
  }

  function saveSettings(event) {
    event.preventDefault();
    clearFieldErrors();
    var unreadable = ["handoff_threshold", "discount_cap_percent"].filter(function (name) {
      return $("a-set-" + name).validity.badInput;
    });
    if (unreadable.length) {
      unreadable.forEach(function (name) { fieldError(name, "Enter a number."); });
      return;
    }
    var wanted = formSettings();
    var before = currentSettings();
    var changes = {};
    SETTING_FIELDS.forEach(function (name) {
      if (JSON.stringify(wanted[name]) !== JSON.stringify(before[name])) {
        changes[name] = wanted[name];
      }
    });
    if (!Object.keys(changes).length) {
      say($("a-settings-error"), "Nothing to save: no setting changed.");
      return;
    }
    api("PATCH", "/settings", changes)
      .then(function (response) {
        fillSettings(response.body);
        show($("a-settings-saved"), true);
      })
      .catch(function (error) {
        if (!(error instanceof ApiError)) {
          say($("a-settings-error"), "The service cannot be reached.");
          return;
        }
        if (error.status === 401) {
          failed(error);
          return;
        }
        var placed = false;
        if (Array.isArray(error.details)) {
          error.details.forEach(function (problem) {
            var loc = problem.loc || [];
            var name = loc[0] === "body" ? loc[1] : loc[0];
            if (SETTING_FIELDS.indexOf(name) >= 0) {
              var where = loc.length > 2 ? " (" + loc.slice(2).join(" ") + ")" : "";
              fieldError(name, problem.message + where);
              placed = true;
            }
          });
        } else if (error.code === "destination_refused") {
          fieldError("webhook_url", error.message);
          placed = true;
        }
        if (!placed) {
          say($("a-settings-error"), problemText(error));
        }
      });
  }

  // ---- try it --------------------------------------------------------------------------

  function tryIt(event) {
    event.preventDefault();
    var message = $("a-try-input").value.trim();
    say($("a-try-error"), "");
    if (!message) {
      say($("a-try-error"), "Write a question first.");
      return;
    }
    $("a-try-button").disabled = true;
    api("POST", "/admin/try-it", { message: message })
      .then(function (response) {
        renderAnswer(response.body);
      })
      .catch(function (error) {
        say($("a-try-error"), error instanceof ApiError ? problemText(error) : "The service cannot be reached.");
      })
      .then(function () {
        $("a-try-button").disabled = false;
      });
  }

  function renderAnswer(body) {
    var box = $("a-answer");
    clear(box);
    box.appendChild(el("p", { className: "a-reply", id: "a-answer-reply", text: body.reply || "(no reply)" }));
    var handoff = body.handoff.reason ? "yes (" + body.handoff.reason + ")" : "no";
    box.appendChild(
      el("dl", { className: "a-facts" }, [
        el("dt", { text: "Confidence" }),
        el("dd", { id: "a-answer-confidence", text: percent(body.confidence) }),
        el("dt", { text: "Handed to a person" }),
        el("dd", { text: handoff }),
        body.input_guard ? el("dt", { text: "Refused by a guard" }) : null,
        body.input_guard ? el("dd", { text: body.input_guard }) : null,
        el("dt", { text: "Model" }),
        el("dd", { text: body.model + " · " + Math.round(body.latency_ms) + " ms" }),
      ])
    );
    listOf(box, "Citations", "a-answer-citations", body.citations.map(function (citation) {
      return citation.title + (citation.section ? " · " + citation.section : "") + " (" + citation.source + ")";
    }));
    listOf(box, "Unbacked figures removed", "a-answer-grounding", body.grounding_violations);
    box.appendChild(el("h4", { text: "Tools called (" + body.tool_calls.length + ")" }));
    box.appendChild(
      el("ol", { id: "a-answer-tools" }, body.tool_calls.map(function (call) {
        return el("li", { className: call.ok ? "" : "a-failed" }, [
          el("details", {}, [
            el("summary", { text: call.name + (call.ok ? "" : " (failed)") }),
            el("p", { text: "Arguments" }),
            el("pre", { text: json(call.arguments) }),
            el("p", { text: "Result" }),
            el("pre", { text: json(call.result) }),
          ]),
        ]);
      }))
    );
    show(box, true);
  }

  // ---- start-up ------------------------------------------------------------------------

  function init() {
    buildHours();
    $("a-signin-form").addEventListener("submit", signIn);
    $("a-signout").addEventListener("click", function () { signOut(""); });
    $("a-alert-close").addEventListener("click", function () { alertBox(""); });
    $("a-doc-type").addEventListener("change", importKindChanged);
    ["a-file", "a-profile", "a-options", "a-exclude"].forEach(function (id) {
      $(id).addEventListener("change", resetPreview);
    });
    $("a-preview-button").addEventListener("click", preview);
    $("a-skip-invalid").addEventListener("change", function () {
      $("a-import-button").disabled = !$("a-skip-invalid").checked;
    });
    $("a-import-button").addEventListener("click", runImport);
    $("a-documents-refresh").addEventListener("click", loadDocuments);
    $("a-jobs-refresh").addEventListener("click", loadJobs);
    $("a-settings-form").addEventListener("submit", saveSettings);
    $("a-try-form").addEventListener("submit", tryIt);
    importKindChanged();
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
    } catch (ignored) {
      saved = null;
    }
    if (!saved) {
      signOut("");
      return;
    }
    state.store = saved.store;
    state.key = saved.key;
    $("a-store-input").value = saved.store;
    api("GET", "/settings")
      .then(function (response) { start(response.body); })
      .catch(function () { signOut("Sign in again."); });
  }

  // Panels in their own files (admin_<panel>.js) register here: each is called with the
  // settings once signed in, and uses the same API helper.
  var panels = [];
  window.SalesAssistantAdmin = {
    api: api,
    ApiError: ApiError,
    failed: failed,
    onStart: function (panel) { panels.push(panel); },
  };

  init();
})();
