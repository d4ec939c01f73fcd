/*
 * sales-assistant store admin page: the "Selling" panel. No build step: loaded as is after
 * admin.js, whose window.SalesAssistantAdmin gives the API helper and calls this panel with
 * the store's settings once signed in.
 *
 * It edits `proactive` (on/off, the most openers per shopper a day, which rules fire and their
 * thresholds) and `cart_recovery` (on/off, when a cart counts as left, the discount ladder, the
 * limits) with one PATCH of the store's settings. The server checks everything, the ladder
 * against the store's discount cap included; its errors are shown next to what they are about.
 */
(function () {
  "use strict";

  var admin = window.SalesAssistantAdmin; // admin.js, loaded first
  var staff = window.SalesAssistantStaff;
  var $ = staff.$;
  var el = staff.el;
  var clear = staff.clear;

  // The guide's rule kinds, in the order new ones are tried, with their thresholds.
  var RULES = [
    { kind: "repeat_views", label: "Views of the same product", params: [
      { name: "views", label: "views", min: 2, max: 20, fallback: 3 },
      { name: "within_minutes", label: "within minutes", min: 1, max: 1440, fallback: 15 },
    ] },
    { kind: "dwell", label: "Time on a product page", params: [
      { name: "seconds", label: "seconds", min: 5, max: 3600, fallback: 60 },
    ] },
    { kind: "cart_idle", label: "Cart unchanged", params: [
      { name: "minutes", label: "minutes", min: 1, max: 1440, fallback: 10 },
    ] },
    { kind: "leaving_with_cart", label: "Leaving with a non-empty cart", params: [] },
  ];
  var RECOVERY_NUMBERS = [
    { name: "abandoned_after_minutes", label: "A cart counts as left after (minutes)", min: 5, max: 10080 },
    { name: "max_messages_per_customer", label: "Most reminders per customer in a period", min: 0, max: 100 },
    { name: "period_days", label: "That period (days)", min: 1, max: 365 },
    { name: "recovered_window_hours", label: "An order within (hours) counts as recovered", min: 1, max: 2160 },
    { name: "coupon_valid_hours", label: "A recovery coupon is valid for (hours)", min: 1, max: 2160 },
  ];

  var state = { settings: null };

  function say(node, text) {
    node.textContent = text || "";
    node.hidden = !text;
  }

  function numberInput(id, value, min, max, label) {
    return el("input", {
      id: id || null, type: "number", step: "1", inputmode: "numeric", min: String(min),
      max: String(max), value: value === undefined || value === null ? "" : String(value),
      "aria-label": label,
    });
  }

  // ---- filling the form from the settings -----------------------------------------------

  function fillGuide(proactive) {
    $("a-guide-enabled").checked = proactive.enabled;
    $("a-guide-max").value = String(proactive.max_openers_per_day);
    var saved = {};
    proactive.rules.forEach(function (rule) { saved[rule.kind] = rule; });
    var box = $("a-guide-rules");
    clear(box);
    var order = proactive.rules.map(function (rule) { return rule.kind; });
    RULES.forEach(function (rule) {
      if (order.indexOf(rule.kind) < 0) {
        order.push(rule.kind);
      }
    });
    order.forEach(function (kind) {
      var rule = RULES.filter(function (known) { return known.kind === kind; })[0];
      var current = saved[kind];
      var toggle = el("input", { type: "checkbox", id: "a-rule-" + kind, checked: Boolean(current) });
      var row = el("div", { className: "a-rule", "data-kind": kind }, [
        el("label", {}, [toggle, " " + rule.label]),
      ]);
      rule.params.forEach(function (param) {
        var value = current ? current[param.name] : param.fallback;
        var id = "a-rule-" + kind + "-" + param.name;
        row.appendChild(el("label", { for: id, text: param.label }));
        row.appendChild(numberInput(id, value, param.min, param.max, rule.label + ": " + param.label));
      });
      row.appendChild(el("p", { className: "a-error", id: "a-err-rule-" + kind, hidden: true }));
      box.appendChild(row);
    });
  }

  function ladderRow(step) {
    var index = $("a-ladder").children.length;
    var remove = el("button", { type: "button", className: "a-quiet a-ladder-remove", text: "Remove" });
    var row = el("li", { className: "a-step" }, [
      el("label", { text: "After (hours)" }),
      numberInput("", step.after_hours, 0, 1440, "Step " + (index + 1) + ": after hours"),
      el("label", { text: "Percent off" }),
      numberInput("", step.percent, 0, 100, "Step " + (index + 1) + ": percent off"),
      remove,
      el("p", { className: "a-error a-step-error", hidden: true }),
    ]);
    remove.addEventListener("click", function () {
      row.parentNode.removeChild(row);
    });
    $("a-ladder").appendChild(row);
  }

  function fillRecovery(recovery, cap) {
    $("a-recovery-enabled").checked = recovery.enabled;
    var box = $("a-recovery-numbers");
    clear(box);
    RECOVERY_NUMBERS.forEach(function (field) {
      var id = "a-recovery-" + field.name;
      box.appendChild(el("label", { for: id, text: field.label }));
      box.appendChild(numberInput(id, recovery[field.name], field.min, field.max, field.label));
    });
    say($("a-recovery-cap"), "Each step is a single-use coupon for that cart; 0% is a reminder only. " +
      "No step may offer more than the store's discount cap (" + cap + "%, under Settings).");
    clear($("a-ladder"));
    recovery.ladder.forEach(ladderRow);
  }

  function fill(settings) {
    state.settings = settings;
    fillGuide(settings.proactive);
    fillRecovery(settings.cart_recovery, settings.discount_cap_percent);
  }

  // ---- reading the form -----------------------------------------------------------------

  function whole(input, problems) {
    var text = input.value.trim();
    if (!/^\d+$/.test(text)) {
      problems.push(input);
      return null;
    }
    return parseInt(text, 10);
  }

  function readForm(problems) {
    var rules = [];
    Array.prototype.forEach.call($("a-guide-rules").children, function (row) {
      var kind = row.getAttribute("data-kind");
      if (!$("a-rule-" + kind).checked) {
        return;
      }
      var rule = { kind: kind };
      RULES.filter(function (known) { return known.kind === kind; })[0].params.forEach(function (param) {
        rule[param.name] = whole($("a-rule-" + kind + "-" + param.name), problems);
      });
      rules.push(rule);
    });
    var recovery = { enabled: $("a-recovery-enabled").checked, ladder: [] };
    RECOVERY_NUMBERS.forEach(function (field) {
      recovery[field.name] = whole($("a-recovery-" + field.name), problems);
    });
    Array.prototype.forEach.call($("a-ladder").children, function (row) {
      var inputs = row.querySelectorAll("input");
      recovery.ladder.push({ after_hours: whole(inputs[0], problems), percent: whole(inputs[1], problems) });
    });
    return {
      proactive: {
        enabled: $("a-guide-enabled").checked,
        max_openers_per_day: whole($("a-guide-max"), problems),
        rules: rules,
      },
      cart_recovery: recovery,
    };
  }

  // ---- errors next to what they are about -----------------------------------------------

  function clearErrors() {
    document.querySelectorAll("#a-selling .a-error").forEach(function (node) { say(node, ""); });
    document.querySelectorAll("#a-selling .a-invalid").forEach(function (node) {
      node.classList.remove("a-invalid");
    });
    say($("a-selling-error"), "");
    $("a-selling-saved").hidden = true;
  }

  function markStep(index, text) {
    var row = $("a-ladder").children[index];
    if (!row) {
      return false;
    }
    row.classList.add("a-invalid");
    say(row.querySelector(".a-step-error"), text);
    return true;
  }

  function place(loc, text) {
    // loc as pydantic gives it, without "body": ["cart_recovery", "ladder", 1, "percent"].
    if (loc[0] === "cart_recovery" && loc[1] === "ladder" && typeof loc[2] === "number") {
      return markStep(loc[2], text);
    }
    if (loc[0] === "proactive" && loc[1] === "rules" && typeof loc[2] === "number") {
      var row = $("a-guide-rules").querySelectorAll(".a-rule")[loc[2]];
      var enabled = Array.prototype.filter.call($("a-guide-rules").children, function (node) {
        return $("a-rule-" + node.getAttribute("data-kind")).checked;
      });
      row = enabled[loc[2]] || row;
      if (row) {
        row.classList.add("a-invalid");
        say($("a-err-rule-" + row.getAttribute("data-kind")), text);
        return true;
      }
    }
    if (loc[0] === "proactive" || loc[0] === "cart_recovery") {
      var node = $("a-err-" + loc[0]);
      var where = loc.length > 1 ? loc.slice(1).join(" ") + ": " : "";
      say(node, (node.hidden ? "" : node.textContent + " ") + where + text);
      return true;
    }
    return false;
  }

  function showError(error) {
    if (!(error instanceof admin.ApiError)) {
      say($("a-selling-error"), "The service cannot be reached.");
      return;
    }
    if (error.status === 401) {
      admin.failed(error);
      return;
    }
    var details = error.details;
    var placed = false;
    if (details && Array.isArray(details.steps)) {
      // The ladder offers more than the store's cap: name each step and the cap.
      details.steps.forEach(function (index) {
        var row = $("a-ladder").children[index];
        var percent = row ? row.querySelectorAll("input")[1].value : "?";
        placed = markStep(index, "Step " + (index + 1) + ": " + percent + "% is above the store's " +
          "discount cap (" + details.discount_cap_percent + "%).") || placed;
      });
      say($("a-err-cart_recovery"), error.message);
      placed = true;
    } else if (details && Array.isArray(details.problems)) {
      details.problems.forEach(function (problem) {
        placed = place(String(problem.field).split("."), problem.problem) || placed;
      });
    } else if (Array.isArray(details)) {
      details.forEach(function (problem) {
        var loc = (problem.loc || []).slice(problem.loc && problem.loc[0] === "body" ? 1 : 0);
        placed = place(loc, problem.message) || placed;
      });
    }
    if (!placed) {
      say($("a-selling-error"), error.message);
    }
  }

  // ---- saving ---------------------------------------------------------------------------

  function save(event) {
    event.preventDefault();
    clearErrors();
    var problems = [];
    var body = readForm(problems);
    if (problems.length) {
      problems.forEach(function (input) { input.parentNode.classList.add("a-invalid"); });
      say($("a-selling-error"), "Enter whole numbers in the marked fields.");
      problems[0].focus();
      return;
    }
    $("a-selling-save").disabled = true;
    admin.api("PATCH", "/settings", body)
      .then(function (response) {
        fill(response.body);
        $("a-selling-saved").hidden = false;
      })
      .catch(showError)
      .then(function () {
        $("a-selling-save").disabled = false;
      });
  }

  $("a-selling-form").addEventListener("submit", save);
  $("a-ladder-add").addEventListener("click", function () {
    var rows = $("a-ladder").querySelectorAll("input");
    var last = rows.length ? parseInt(rows[rows.length - 2].value, 10) || 0 : -24;
    ladderRow({ after_hours: last + 24, percent: 0 });
  });
  admin.onStart(fill);
})();
