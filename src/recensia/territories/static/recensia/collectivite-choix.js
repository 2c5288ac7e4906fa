// « Rejoindre une collectivité »: refreshes the list of collectivités as the person types.
// The page works without it: the « Rechercher » button sends the same search.
(function () {
  var input = document.getElementById("q-collectivite");
  var zone = document.getElementById("choix-zone");
  var status = document.getElementById("choix-statut");
  var hidden = document.getElementById("q-choix");
  if (!input || !zone || !status) { return; }
  var timer = null;
  var last = input.value.trim();
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q === last || q.length < 2) { return; }
      last = q;
      fetch(zone.dataset.url + "?q=" + encodeURIComponent(q), {headers: {"X-Requested-With": "fetch"}})
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null || input.value.trim() !== q) { return; }
          zone.innerHTML = html;
          var block = document.getElementById("choix-collectivite");
          status.textContent = block ? block.dataset.message : "";
          if (hidden) { hidden.value = q; }
        });
    }, 250);
  });
})();
