// The dashboard's only script: apply a control when it changes.
// Everything also works without it (the forms submit with their buttons; the titles page
// searches, filters, sorts and pages through links and query parameters).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const controls = document.getElementById("controls");
  if (controls) {
    for (const field of controls.querySelectorAll("select, input[type=radio]")) {
      field.addEventListener("change", () => controls.requestSubmit());
    }
  }
});
