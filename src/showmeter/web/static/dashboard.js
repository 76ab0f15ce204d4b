// The dashboard's only script: filter the titles as you type; apply a control when it changes.
// Everything also works without it (the forms submit with their buttons).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const search = document.getElementById("search");
  const table = document.getElementById("titles");
  const shown = document.getElementById("shown");
  if (search && table) {
    search.addEventListener("input", () => {
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      let count = 0;
      for (const row of table.tBodies[0].rows) {
        const text = row.dataset.search || "";
        const match = words.every((word) => text.includes(word));
        row.classList.toggle("hidden", !match);
        if (match) count += 1;
      }
      if (shown) shown.textContent = `${count} seasons shown.`;
    });
  }
  const controls = document.getElementById("controls");
  if (controls) {
    for (const field of controls.querySelectorAll("select, input[type=radio]")) {
      field.addEventListener("change", () => controls.requestSubmit());
    }
  }
});
