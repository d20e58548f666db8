// Builds Campaign's vendored front-end files from the pinned npm packages (package.json,
// package-lock.json). Run `npm ci && npm run build` here after changing a version or
// campaign.scss; commit what it writes. Nothing at run or test time needs Node.js.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const modules = join(here, "node_modules");
const out = (...parts) => {
  const path = join(root, ...parts);
  mkdirSync(dirname(path), { recursive: true });
  return path;
};

// GOV.UK Frontend's styles with Campaign's settings and its own components (campaign.scss).
const css = sass.compile(join(here, "campaign.scss"), {
  loadPaths: [modules],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["mixed-decls", "import", "global-builtin"],
});
writeFileSync(out("campaign", "static", "css", "campaign.css"), css.css + "\n");

// GOV.UK Frontend's JavaScript (an ES module; pages work without it).
copyFileSync(
  join(modules, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"),
  out("campaign", "static", "vendor", "govuk-frontend", "govuk-frontend.min.js"),
);

// axe-core for the browser tests' accessibility checks (tests/browser/test_accessibility.py).
copyFileSync(join(modules, "axe-core", "axe.min.js"), out("tests", "browser", "vendor", "axe.min.js"));
copyFileSync(join(modules, "axe-core", "LICENSE"), out("tests", "browser", "vendor", "axe-core-LICENSE"));
console.log("built campaign/static/css/campaign.css, vendor/govuk-frontend, tests/browser/vendor/axe.min.js");
