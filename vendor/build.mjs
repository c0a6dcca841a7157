// make vendor: one minified file for the browser, its banner naming each library, version and licence.
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const lock = JSON.parse(readFileSync(new URL("./package-lock.json", import.meta.url)));
const libs = ["yaml", "@cfworker/json-schema"].map((name) => {
  const entry = lock.packages[`node_modules/${name}`];
  return `${name}@${entry.version} (${entry.license})`;
});
await build({
  entryPoints: [new URL("./entry.js", import.meta.url).pathname],
  bundle: true, minify: true, format: "iife", target: ["es2019"], legalComments: "none",
  outfile: process.argv[2],
  banner: { js: `/* Thư viện của biểu mẫu sửa dữ liệu: ${libs.join(", ")}. Tạo bằng \`make vendor\` từ vendor/; đừng sửa tay. */` },
});
