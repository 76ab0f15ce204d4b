// The dashboard's only script: apply a control when it changes, and show a season page's
// progress while its figures are computed (then the page itself, in place).
// Everything also works without it (the forms submit with their buttons; the titles page
// searches, filters, sorts and pages through links and query parameters; a page being
// computed reloads itself until it is ready).
"use strict";

function bindControls(root) {
  const controls = root.querySelector("#controls");
  if (controls) {
    for (const field of controls.querySelectorAll("select, input[type=radio]")) {
      field.addEventListener("change", () => controls.requestSubmit());
    }
  }
}

async function showWhenReady(box) {
  const bar = box.querySelector("#computing-bar");
  const said = box.querySelector("#computing-state");
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    let state;
    try {
      const answer = await fetch(box.dataset.progress, { headers: { accept: "application/json" } });
      state = await answer.json();
    } catch (error) {
      continue; // the server is busy or restarting: ask again
    }
    if (state.error) {
      said.textContent = "The page could not be computed: " + state.error + ". Reload to try again.";
      said.className = "failed";
      said.setAttribute("role", "alert");
      return;
    }
    if (state.total) {
      bar.max = state.total;
      bar.value = state.done;
      said.textContent = state.done + " of " + state.total + " steps done" +
        (state.what ? " (last: " + state.what + ")." : ".");
    }
    if (state.ready) {
      // The page is computed (and cached): fetch it and show it in place of the frame.
      const answer = await fetch(window.location.href, { headers: { accept: "text/html" } });
      const page = new DOMParser().parseFromString(await answer.text(), "text/html");
      const main = page.querySelector("main");
      if (!answer.ok || !main || main.querySelector("#computing")) {
        window.location.reload();
        return;
      }
      document.querySelector("main").replaceWith(main);
      document.title = page.title;
      bindControls(document);
      if (window.location.hash) {
        document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
      }
      return;
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  bindControls(document);
  const computing = document.getElementById("computing");
  if (computing) {
    showWhenReady(computing);
  }
});
