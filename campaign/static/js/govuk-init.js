// GOV.UK Frontend's JavaScript (vendored; docs/frontend.md): the service navigation's "Menu"
// button on small screens, tabs, the error summary's focus, buttons' double-click guard.
// Every page works without it; this only enhances.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
