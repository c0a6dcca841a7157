// What the form editor (overrides/assets/javascripts/phongtrao-editor.js) takes from npm:
// yaml keeps every comment and every untouched line of a unit file when one value changes;
// @cfworker/json-schema checks the result against the build's own JSON Schema without eval
// (it works under the site's Content-Security-Policy, which has no 'unsafe-eval').
import { parseDocument, stringify, isMap, isSeq, isScalar } from "yaml";
import { Validator } from "@cfworker/json-schema";

window.PhongTraoLibs = { YAML: { parseDocument, stringify, isMap, isSeq, isScalar }, Validator };
