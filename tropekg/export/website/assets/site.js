// tropekg site: the tree's lists become collapsible. Without this script every list is simply open.
(function () {
  "use strict";
  var tree = document.querySelector("ul.tree");
  if (!tree) return;
  var items = tree.querySelectorAll("li");
  for (var i = 0; i < items.length; i++) {
    var li = items[i];
    var sub = li.querySelector(":scope > ul");
    if (!sub) { li.className = "leaf"; continue; }
    var button = document.createElement("button");
    button.type = "button";
    var top = li.parentNode === tree;
    li.setAttribute("aria-expanded", top ? "true" : "false");
    button.textContent = top ? "\u25BE" : "\u25B8";
    button.setAttribute("aria-label", "Show or hide the narrower concepts");
    li.insertBefore(button, li.firstChild);
  }
  tree.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var li = button.parentNode;
    var open = li.getAttribute("aria-expanded") !== "true";
    li.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? "\u25BE" : "\u25B8";
  });
})();

// The language switcher: labels marked with data-l ({language: label}) change to the chosen language, and back;
// the choice is kept for the next page (localStorage, when the browser allows it for this folder).
(function () {
  "use strict";
  var holder = document.getElementById("tk-langs");
  if (!holder) return;
  var langs = holder.getAttribute("data-langs").split(" ");
  var initial = holder.getAttribute("data-default");
  var label = document.createElement("label");
  var select = document.createElement("select");
  label.htmlFor = select.id = "tk-lang";
  label.textContent = "Labels in ";
  langs.forEach(function (lang) {
    var option = document.createElement("option");
    option.value = option.textContent = lang;
    select.appendChild(option);
  });
  if (langs.indexOf(initial) < 0) {
    var option = document.createElement("option");
    option.value = option.textContent = initial;
    select.insertBefore(option, select.firstChild);
  }
  holder.appendChild(label);
  holder.appendChild(select);
  function apply(lang) {
    var marked = document.querySelectorAll("[data-l]");
    for (var i = 0; i < marked.length; i++) {
      var el = marked[i];
      if (!el.hasAttribute("data-l0")) el.setAttribute("data-l0", JSON.stringify([el.textContent, el.lang]));
      var labels = JSON.parse(el.getAttribute("data-l")), first = JSON.parse(el.getAttribute("data-l0"));
      var text = labels[lang] !== undefined ? labels[lang] : first[0];
      el.textContent = text;
      el.lang = labels[lang] !== undefined ? lang : first[1];
    }
  }
  var saved = null;
  try { saved = window.localStorage.getItem("tk-lang"); } catch (e) { saved = null; }
  select.value = saved && Array.prototype.some.call(select.options, function (o) { return o.value === saved; }) ? saved : initial;
  if (select.value !== initial) apply(select.value);
  select.addEventListener("change", function () {
    try { window.localStorage.setItem("tk-lang", select.value); } catch (e) { /* not kept: fine */ }
    apply(select.value);
  });
})();
