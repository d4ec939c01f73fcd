/*
 * sales-assistant staff pages: what the agents' console and the store admin page share. No
 * build step: each page loads this file as is (from its own path, /console/staff.js or
 * /admin/staff.js) before its own script, which reads it as window.SalesAssistantStaff.
 *
 * Small DOM helpers; text always goes in as textContent, never as HTML.
 */
(function () {
  "use strict";

  function $(id) {
    return document.getElementById(id);
  }

  // An element with attributes (`text`, `className`, `on<event>` handlers, the rest as
  // attributes; null, undefined and false are left out) and children (strings become text;
  // empty ones are left out).
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (name === "text") {
        node.textContent = value;
      } else if (name === "className") {
        node.className = value;
      } else if (name.slice(0, 2) === "on") {
        node.addEventListener(name.slice(2), value);
      } else {
        node.setAttribute(name, value === true ? "" : value);
      }
    });
    (children || []).forEach(function (child) {
      if (child) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  // A share (0 to 1) as a whole percentage, or "n/a".
  function percent(value) {
    return value === null || value === undefined ? "n/a" : Math.round(value * 100) + "%";
  }

  window.SalesAssistantStaff = { $: $, el: el, clear: clear, percent: percent };
})();
