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
