// Forms marked data-rc-unsaved: nothing typed is lost when the person leaves before saving.
// - Leaving the page with changes not yet saved asks first (the browser's own question).
// - What is typed is also kept in this browser (localStorage), per page, until the form is
//   sent; coming back to the same page of the same version offers to take it up again.
// Without JavaScript, every step of the form is saved on the server when the person moves on.
(function () {
  "use strict";
  var SKIPPED = ["hidden", "submit", "button", "file", "password", "reset", "image"];

  function storageKey(form) {
    var step = form.querySelector("input[name=etape]");
    return "recensia:saisie:" + window.location.pathname + (step ? "#" + step.value : "");
  }

  function versionOf(form) {
    var version = form.querySelector("input[name=version]");
    return version ? version.value : "";
  }

  function controls(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && SKIPPED.indexOf(el.type) === -1 && !el.disabled;
    });
  }

  function read(form) {
    var values = {};
    controls(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name + "=" + el.value] = el.checked;
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function write(form, values) {
    controls(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var key = el.name + "=" + el.value;
        if (key in values) { el.checked = values[key]; }
      } else if (el.name in values) {
        el.value = values[el.name];
      }
    });
  }

  function differs(a, b) {
    return Object.keys(a).some(function (key) { return a[key] !== b[key]; });
  }

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function button(label, secondary) {
    var el = document.createElement("button");
    el.type = "button";
    el.className = "fr-btn fr-btn--sm" + (secondary ? " fr-btn--secondary" : "");
    el.textContent = label;
    return el;
  }

  function offer(form, store, key, kept) {
    var when = new Date(kept.at).toLocaleString("fr-FR", {
      day: "numeric", month: "long", hour: "2-digit", minute: "2-digit"});
    var box = document.createElement("div");
    box.className = "fr-alert fr-alert--info fr-mb-3w";
    box.setAttribute("role", "status");
    var title = document.createElement("h2");
    title.className = "fr-alert__title";
    title.textContent = "Une saisie non enregistrée a été retrouvée";
    var text = document.createElement("p");
    text.textContent = "Vous aviez commencé à remplir cette page le " + when +
      " sans l'enregistrer. Voulez-vous la reprendre ?";
    var group = document.createElement("ul");
    group.className = "fr-btns-group fr-btns-group--inline-sm fr-mt-2w";
    var take = button("Reprendre ma saisie", false);
    var drop = button("Ignorer", true);
    [take, drop].forEach(function (el) {
      var item = document.createElement("li");
      item.appendChild(el);
      group.appendChild(item);
    });
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(group);
    form.parentNode.insertBefore(box, form);
    take.addEventListener("click", function () {
      write(form, kept.values);
      form.dataset.rcChanged = "true";
      box.remove();
      var first = controls(form)[0];
      if (first) { first.focus(); }
    });
    drop.addEventListener("click", function () {
      store.removeItem(key);
      box.remove();
    });
  }

  document.querySelectorAll("form[data-rc-unsaved]").forEach(function (form) {
    var store = storage();
    var key = storageKey(form);
    var shown = read(form);
    if (store) {
      var kept = null;
      try { kept = JSON.parse(store.getItem(key) || "null"); } catch (error) { kept = null; }
      if (kept && kept.version === versionOf(form) && differs(kept.values, shown)) {
        offer(form, store, key, kept);
      } else if (kept) {
        store.removeItem(key);  // saved since, or made for another version of the project
      }
    }
    function changed() {
      form.dataset.rcChanged = "true";
      if (store) {
        try {
          store.setItem(key, JSON.stringify({
            version: versionOf(form), at: Date.now(), values: read(form)}));
        } catch (error) { /* storage full or refused: the warning on leaving remains */ }
      }
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      form.dataset.rcChanged = "";
      if (store) { store.removeItem(key); }
    });
    window.addEventListener("beforeunload", function (event) {
      if (form.dataset.rcChanged === "true") {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  });
})();
