// The shop's search box and its as-you-type suggestions as a combobox (WAI-ARIA 1.2 pattern):
// ArrowDown / ArrowUp move through the options (aria-activedescendant, aria-selected), Enter
// opens the active one (with none active the form is sent as usual), Escape closes the list,
// and the list closes when the focus leaves the box. htmx swaps the list in (#suggestions).
(function () {
  "use strict";

  function listOf(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }

  function optionsOf(list) {
    return list && !list.hidden ? Array.prototype.slice.call(list.querySelectorAll('[role="option"]:not([aria-disabled="true"])')) : [];
  }

  function activate(input, list, index) {
    var options = optionsOf(list);
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function sync(input) {
    var list = listOf(input);
    var open = !!list && !list.hidden && optionsOf(list).length > 0;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
  }

  function close(input) {
    var list = listOf(input);
    if (list) list.hidden = true;
    sync(input);
  }

  function isBox(element) {
    return element && element.matches && element.matches('input[role="combobox"]');
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!isBox(input)) return;
    var list = listOf(input);
    var options = optionsOf(list);
    var current = options.findIndex(function (o) { return o.id === input.getAttribute("aria-activedescendant"); });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) return;
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = current < 0 ? (step > 0 ? 0 : options.length - 1) : (current + step + options.length) % options.length;
      activate(input, list, next);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      var link = options[current].querySelector("a");
      if (link) link.click();
    } else if (event.key === "Escape" && list && !list.hidden) {
      event.preventDefault();
      close(input);
    }
  });

  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!isBox(input)) return;
    var list = listOf(input);
    if (!list || (event.relatedTarget && list.contains(event.relatedTarget))) return;
    close(input);
  });

  // New suggestions swapped in: nothing is active any more, and the list is open if it has options.
  document.addEventListener("htmx:after:settle", function () {
    Array.prototype.forEach.call(document.querySelectorAll('input[role="combobox"]'), sync);
  });
})();
