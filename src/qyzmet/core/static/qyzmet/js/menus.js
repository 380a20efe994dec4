// The header's menus are <details> elements and work without this script. With it, an open
// menu closes when the person presses Escape (focus goes back to its button) or clicks
// elsewhere on the page, as menus do.
(function () {
  "use strict";
  var menus = document.querySelectorAll("details.account-menu, details.header-menu");
  function closeAll(except) {
    menus.forEach(function (menu) { if (menu !== except) { menu.open = false; } });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    menus.forEach(function (menu) {
      if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });
  document.addEventListener("click", function (event) {
    closeAll(event.target.closest && event.target.closest("details"));
  });
})();
